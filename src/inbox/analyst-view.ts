import type { Demand, StatusEvent, Ticket } from '../generated/prisma/client.ts';
import type { Db } from '../db/database.ts';
import { redactPersonal } from './redact.ts';

/**
 * What analysts read: no personal data at all — no reporter, phone, ID or address fields,
 * not even masked, and free text with every personal number and masked name removed.
 */
export function analystTicketView(t: Ticket, reporters: ReadonlyArray<string | null>) {
  return {
    id: t.id,
    title: redactPersonal(t.title, reporters),
    summary: redactPersonal(t.summary, reporters),
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

export function analystDemandView(d: Demand, reporters: ReadonlyArray<string | null>) {
  return {
    id: d.id,
    channel: d.channel,
    source: d.source,
    occurredAt: d.occurredAt,
    title: d.title ? redactPersonal(d.title, reporters) : null,
    text: redactPersonal(d.content, reporters),
    district: d.district,
    street: d.street,
    category: d.category,
    categoryConfidence: d.categoryConfidence,
  };
}

export function statusEventView(e: StatusEvent, reporters: ReadonlyArray<string | null>) {
  return { status: e.status, origin: e.origin, note: e.note ? redactPersonal(e.note, reporters) : null, occurredAt: e.occurredAt };
}

/** The masked reporter names (赵**) of each ticket's demands, to remove names written in texts. */
export async function reportersOf(prisma: Db, ticketIds: string[]): Promise<Map<string, string[]>> {
  const rows = await prisma.demand.findMany({ where: { ticketId: { in: ticketIds }, reporterMasked: { not: null } }, select: { ticketId: true, reporterMasked: true }, distinct: ['ticketId', 'reporterMasked'] });
  const map = new Map<string, string[]>();
  for (const r of rows) map.set(r.ticketId!, [...(map.get(r.ticketId!) ?? []), r.reporterMasked!]);
  return map;
}
