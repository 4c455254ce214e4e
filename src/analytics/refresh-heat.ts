import type { Database } from '../db/database.ts';
import { heatOfTotals } from '../pipeline/ticket-heat.ts';

const DAY_MS = 86_400_000;

export interface RefreshHeatOptions {
  now?: Date;
  /** Tickets last seen within this many days. */
  days?: number;
  /** Tickets per statement. */
  batch?: number;
  /**
   * The push rules' hot threshold: a ticket whose heat rises to it is marked to be pushed again
   * (pushedVersion below routedVersion), so the sweep delivers its waiting items now, not in the
   * 08:30 batch — nothing else would push it, as its version did not move.
   */
  hotHeat?: number;
}

/**
 * Recomputes the stored heat of tickets seen in the last `days` with the full formula as of now
 * (decay, distinct reporters, per-demand likes), so the inbox shows and filters by current heat.
 * Each page of tickets is one statement: the database sums each ticket's demands (`HeatTotals`)
 * and only those sums reach this process, which applies the formula; tickets whose heat moved by
 * 0.01 or more are written back in one statement. A ticket changed meanwhile by the merge stage
 * (version moved) is left to the next run. Returns the tickets updated.
 */
export async function refreshTicketHeat(database: Database, { now = new Date(), days = 365, batch = 500, hotHeat }: RefreshHeatOptions = {}): Promise<number> {
  const asOf = now.getTime();
  const since = new Date(asOf - days * DAY_MS).toISOString();
  let cursor = '';
  let updated = 0;
  for (;;) {
    // pages in id order through the primary key (a page by the lastSeenAt index would sort every
    // ticket of the year for each page); a demand's time is clamped to now, none counts as now
    const rows = await database.query<{ id: string; version: number; heat: number; n: number; reporters: number; attention: number; channels: number; first: number; last: number }>(
      `SELECT t.id, t.version, t.heat, s.n, s.reporters, s.attention, s.channels, s.first, s.last
       FROM (SELECT id, version, heat FROM "Ticket" WHERE id > $1 AND "lastSeenAt" >= $2::timestamp ORDER BY id LIMIT $3) AS t
       CROSS JOIN LATERAL (
         SELECT count(*)::int AS n,
           (count(DISTINCT NULLIF(d."reporterHash", '')) + count(*) FILTER (WHERE coalesce(d."reporterHash", '') = ''))::int AS reporters,
           coalesce(sum(ln(1 + greatest(coalesce(d.likes, 0), 0) + greatest(coalesce(d.dislikes, 0), 0))), 0)::float8 AS attention,
           count(DISTINCT NULLIF(d.channel, ''))::int AS channels,
           min(least(coalesce(extract(epoch FROM d."occurredAt") * 1000, $4), $4))::float8 AS first,
           max(least(coalesce(extract(epoch FROM d."occurredAt") * 1000, $4), $4))::float8 AS last
         FROM "Demand" AS d WHERE d."ticketId" = t.id
       ) AS s
       ORDER BY t.id`,
      [cursor, since, batch, asOf],
    );
    if (rows.length === 0) return updated;
    const changed = rows
      .map((r) => ({ r, heat: heatOfTotals({ demands: r.n, reporters: r.reporters, attention: r.attention, channels: r.channels, firstMs: Number(r.first), lastMs: Number(r.last) }, { asOf }).heat }))
      .filter(({ r, heat }) => Math.abs(heat - r.heat) >= 0.01);
    if (changed.length > 0) {
      const written = await database.query<{ id: string }>(
        // tickets a merge transaction holds locked are left to the next run (waiting, with rows
        // locked in another order, could deadlock with it)
        `UPDATE "Ticket" AS t SET heat = v.heat,
           "pushedVersion" = CASE WHEN t.heat < $4::float8 AND v.heat >= $4::float8 AND t."routedVersion" > 0
             THEN LEAST(t."pushedVersion", t."routedVersion" - 1) ELSE t."pushedVersion" END
         FROM unnest($1::text[], $2::int[], $3::float8[]) AS v(id, version, heat)
         WHERE t.id = v.id AND t.version = v.version
           AND t.id IN (SELECT id FROM "Ticket" WHERE id = ANY($1::text[]) FOR NO KEY UPDATE SKIP LOCKED)
         RETURNING t.id`,
        [changed.map((c) => c.r.id), changed.map((c) => c.r.version), changed.map((c) => c.heat), hotHeat ?? null],
      );
      updated += written.length;
    }
    cursor = rows.at(-1)!.id;
    if (rows.length < batch) return updated;
  }
}
