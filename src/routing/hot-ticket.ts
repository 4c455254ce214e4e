import type { Database } from '../db/database.ts';
import type { PushPolicy } from './rule-schema.ts';

/**
 * 热点: of the given tickets, those at or above the policy's heat threshold, or rising fast (at
 * least risingDemands demands reported within the last risingHours — one grouped count for all
 * the tickets below the threshold). Hot tickets are pushed at once.
 */
export async function hotTicketIds(db: Database, tickets: Array<{ id: string; heat: number }>, policy: PushPolicy, now = new Date()): Promise<Set<string>> {
  const hot = new Set(tickets.filter((t) => t.heat >= policy.hotHeat).map((t) => t.id));
  const calm = tickets.filter((t) => !hot.has(t.id)).map((t) => t.id);
  if (calm.length === 0) return hot;
  const since = new Date(now.getTime() - policy.risingHours * 3600_000);
  // timestamps as ISO text: stored as UTC whatever the process's time zone
  const counts = await db.query<{ id: string; n: number }>(
    `SELECT "ticketId" AS id, count(*)::int AS n FROM "Demand"
     WHERE "ticketId" = ANY($1::text[]) AND "occurredAt" >= $2::timestamp AND "occurredAt" <= $3::timestamp GROUP BY "ticketId"`,
    [calm, since.toISOString(), now.toISOString()],
  );
  for (const c of counts) if (Number(c.n) >= policy.risingDemands) hot.add(c.id);
  return hot;
}
