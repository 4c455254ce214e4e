import type { Demand, InboxItem, Ticket } from '../generated/prisma/client.ts';
import { mergeView } from '../merge/merge-reason.ts';

/** What a member sees of a ticket; no hashes, personal data only masked. */
export function ticketSummary(t: Ticket) {
  return {
    id: t.id,
    title: t.title,
    summary: t.summary,
    category: t.category,
    district: t.district,
    status: t.status,
    demandCount: t.demandCount,
    channels: t.channels,
    heat: t.heat,
    firstSeenAt: t.firstSeenAt,
    lastSeenAt: t.lastSeenAt,
  };
}

export function inboxItemView(item: InboxItem & { ticket: Ticket }) {
  return {
    id: item.id,
    state: item.state,
    pushedAt: item.pushedAt,
    reason: item.reason,
    note: item.note,
    updated: item.state !== 'NEW' && item.pushedVersion > item.seenVersion,
    ticket: ticketSummary(item.ticket),
  };
}

export function demandView(d: Demand) {
  return {
    id: d.id,
    channel: d.channel,
    source: d.source,
    occurredAt: d.occurredAt,
    title: d.title,
    content: d.content,
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
