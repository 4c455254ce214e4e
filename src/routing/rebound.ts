import type { Prisma, Ticket } from '../generated/prisma/client.ts';

type Tx = Prisma.TransactionClient;

/** Ticket statuses from this rank on mean closed (已办结, 回访…). */
export const CLOSED_RANK = 4;
const DAY_MS = 24 * 3600_000;

export interface Rebound {
  /** Demands reported after closing, within the window. */
  newDemands: number;
  note: string;
}

/** Marked as rebounded (反弹) since its latest status: the route stage's 反弹 note is in force. */
export function reboundedSinceStatus(ticket: Pick<Ticket, 'statusAt' | 'reboundAt'>): boolean {
  return ticket.reboundAt !== null && ticket.statusAt !== null && ticket.reboundAt >= ticket.statusAt;
}

/** A closed ticket not yet marked as rebounded since it closed: new reports could make it one. */
export function mayRebound(ticket: Pick<Ticket, 'statusRank' | 'statusAt' | 'reboundAt'>): boolean {
  return ticket.statusRank >= CLOSED_RANK && ticket.statusAt !== null && !reboundedSinceStatus(ticket);
}

/**
 * 反弹: a closed ticket that got new reports (occurred after its closing status, within
 * `days` of it). Marked once per closing with a conditional UPDATE, so concurrent route
 * workers agree on one rebound; returns it only to the worker that marked it.
 */
export async function markRebound(tx: Tx, ticket: Ticket, days: number, now = new Date()): Promise<Rebound | null> {
  if (!mayRebound(ticket) || !ticket.statusAt) return null;
  const until = new Date(ticket.statusAt.getTime() + days * DAY_MS);
  const newDemands = await tx.demand.count({ where: { ticketId: ticket.id, occurredAt: { gt: ticket.statusAt, lte: until } } });
  if (newDemands === 0) return null;
  const note = `反弹：工单于 ${ticket.statusAt.toISOString().slice(0, 10)} ${ticket.status}后，${days} 天内又有 ${newDemands} 条新诉求`;
  // the note stays on the ticket: members who receive it later (push) get it on their items
  const marked = await tx.ticket.updateMany({
    where: { id: ticket.id, OR: [{ reboundAt: null }, { reboundAt: { lt: ticket.statusAt } }] },
    data: { reboundAt: now, reboundCount: { increment: 1 }, reboundNote: note },
  });
  if (marked.count === 0) return null;
  return { newDemands, note };
}
