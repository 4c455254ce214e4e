import type { Demand, InboxItem, Ticket } from '../generated/prisma/client.ts';
import { maskReporters } from './redact.ts';
import { mergeView } from '../merge/merge-reason.ts';
import { reboundedSinceStatus } from '../routing/rebound.ts';

/** What a member sees of a ticket; no hashes, personal data only masked. */
export function ticketSummary(t: Ticket, reporters: ReadonlyArray<string | null> = []) {
  return {
    id: t.id,
    title: maskReporters(t.title, reporters),
    summary: maskReporters(t.summary, reporters),
    category: t.category,
    district: t.district,
    status: t.status,
    demandCount: t.demandCount,
    channels: t.channels,
    heat: t.heat,
    reboundAt: t.reboundAt,
    firstSeenAt: t.firstSeenAt,
    lastSeenAt: t.lastSeenAt,
  };
}

export function inboxItemView(item: InboxItem & { ticket: Ticket }, reporters: ReadonlyArray<string | null> = []) {
  return {
    id: item.id,
    state: item.state,
    pushedAt: item.pushedAt,
    reason: item.reason,
    matchedRules: item.matchedRules,
    ruleSetVersion: item.ruleSetVersion,
    note: item.note,
    updated: item.state !== 'NEW' && item.ticket.version > item.seenVersion,
    updateNote: updateNote(item),
    rebound: item.rebound,
    hot: item.hot,
    ticket: ticketSummary(item.ticket, reporters),
  };
}

/**
 * What changed since the item was delivered, read from the ticket itself: a grown ticket does
 * not rewrite the items of every member holding it (a hot issue with 80 holders reported 10,000
 * times would be 800,000 row writes). During a rebound (反弹) the route stage's note stays.
 */
function updateNote(item: InboxItem & { ticket: Ticket }): string | null {
  const t = item.ticket;
  if (reboundedSinceStatus(t)) return item.updateNote;
  return t.version > item.pushedVersion ? `工单已更新：共 ${t.demandCount} 条诉求，状态 ${t.status}` : item.updateNote;
}

export function demandView(d: Demand) {
  return {
    id: d.id,
    channel: d.channel,
    source: d.source,
    occurredAt: d.occurredAt,
    title: d.title === null ? null : maskReporters(d.title, [d.reporterMasked]),
    content: maskReporters(d.content, [d.reporterMasked]),
    reporter: d.reporterMasked,
    phone: d.phoneMasked,
    district: d.district,
    street: d.street,
    address: d.address,
    category: d.category,
    categoryConfidence: d.categoryConfidence,
    mergeReason: d.mergeReason,
    merge: mergeView(d.mergeReason),
  };
}
