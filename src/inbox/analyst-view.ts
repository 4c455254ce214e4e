import type { Demand, StatusEvent, Ticket } from '../generated/prisma/client.ts';
import { redactPersonal } from './redact.ts';

/**
 * What analysts read: no personal data at all — no reporter, phone, ID or address fields,
 * not even masked, and free text with every personal number and masked name removed.
 */
export function analystTicketView(t: Ticket) {
  return {
    id: t.id,
    title: redactPersonal(t.title),
    summary: redactPersonal(t.summary),
    category: t.category,
    district: t.district,
    street: t.street,
    status: t.status,
    demandCount: t.demandCount,
    channels: t.channels,
    heat: t.heat,
    reboundAt: t.reboundAt,
    reboundCount: t.reboundCount,
    firstSeenAt: t.firstSeenAt,
    lastSeenAt: t.lastSeenAt,
  };
}

export function analystDemandView(d: Demand) {
  return {
    id: d.id,
    channel: d.channel,
    source: d.source,
    occurredAt: d.occurredAt,
    title: d.title ? redactPersonal(d.title) : null,
    text: redactPersonal(d.content),
    district: d.district,
    street: d.street,
    category: d.category,
    categoryConfidence: d.categoryConfidence,
  };
}

export function statusEventView(e: StatusEvent) {
  return { status: e.status, origin: e.origin, note: e.note ? redactPersonal(e.note) : null, occurredAt: e.occurredAt };
}
