import type { Db } from '../db/database.ts';
import { computeHeat } from '../pipeline/ticket-heat.ts';

const DAY_MS = 86_400_000;

/**
 * Recomputes the stored heat of tickets seen in the last `days` with the full formula as of now
 * (decay, distinct reporters, per-demand likes), so the inbox shows and filters by current heat.
 * A ticket changed meanwhile by the merge stage (version moved) is left to the next run.
 */
export async function refreshTicketHeat(prisma: Db, { now = new Date(), days = 365, batch = 500 } = {}): Promise<number> {
  let cursor: string | undefined;
  let updated = 0;
  for (;;) {
    const tickets = await prisma.ticket.findMany({
      where: { lastSeenAt: { gte: new Date(now.getTime() - days * DAY_MS) }, ...(cursor ? { id: { gt: cursor } } : {}) },
      orderBy: { id: 'asc' },
      take: batch,
      select: { id: true, heat: true, version: true, demands: { select: { occurredAt: true, channel: true, reporterHash: true, likes: true, dislikes: true } } },
    });
    if (tickets.length === 0) return updated;
    for (const t of tickets) {
      const heat = computeHeat(t.demands, { asOf: now });
      if (Math.abs(heat - t.heat) < 0.01) continue;
      updated += (await prisma.ticket.updateMany({ where: { id: t.id, version: t.version }, data: { heat } })).count;
    }
    cursor = tickets.at(-1)!.id;
  }
}
