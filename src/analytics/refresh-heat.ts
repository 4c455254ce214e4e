import type { Database } from '../db/database.ts';
import { heatOfTotals, type HeatTotals } from '../pipeline/ticket-heat.ts';

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
 * Each page of tickets is one read of the tickets. The database sums the demands (`HeatTotals`)
 * only of tickets whose version moved since their totals were last summed (migration 0017): a
 * ticket's demands change only with its version, so for the others only the decay is new, and
 * it is applied to the kept totals. Tickets whose heat moved by 0.01 or more, or whose totals
 * were summed again, are written back in one statement. A ticket changed meanwhile by the merge
 * stage (version moved) is left to the next run. Returns the tickets whose heat changed.
 */
export async function refreshTicketHeat(database: Database, { now = new Date(), days = 365, batch = 500, hotHeat }: RefreshHeatOptions = {}): Promise<number> {
  const asOf = now.getTime();
  const since = new Date(asOf - days * DAY_MS).toISOString();
  let cursor = '';
  let updated = 0;
  for (;;) {
    // pages in id order through the primary key (a page by the lastSeenAt index would sort every
    // ticket of the year for each page)
    // the kept totals (first and last as summed, unclamped) as text: drivers return jsonb differently
    const rows = await database.query<{ id: string; version: number; heat: number; heatVersion: number; totals: string | null }>(
      `SELECT id, version, heat, "heatVersion", "heatTotals"::text AS totals FROM "Ticket"
       WHERE id > $1 AND "lastSeenAt" >= $2::timestamp ORDER BY id LIMIT $3`,
      [cursor, since, batch],
    );
    if (rows.length === 0) return updated;
    const summed = await sumDemands(database, rows.filter((r) => r.heatVersion !== r.version || !r.totals).map((r) => r.id));
    const changed = rows
      .map((r) => {
        const totals = summed.get(r.id) ?? (JSON.parse(r.totals!) as HeatTotals);
        // a demand dated after now counts as now
        const heat = heatOfTotals({ ...totals, firstMs: Math.min(totals.firstMs, asOf), lastMs: Math.min(totals.lastMs, asOf) }, { asOf }).heat;
        return { r, heat, moved: Math.abs(heat - r.heat) >= 0.01, totals: summed.get(r.id) };
      })
      .filter(({ moved, totals }) => moved || totals);
    if (changed.length > 0) {
      const written = await database.query<{ id: string }>(
        // tickets a merge transaction holds locked are left to the next run (waiting, with rows
        // locked in another order, could deadlock with it)
        `UPDATE "Ticket" AS t SET heat = v.heat,
           "heatTotals" = coalesce(v.totals::jsonb, t."heatTotals"),
           "heatVersion" = CASE WHEN v.totals IS NULL THEN t."heatVersion" ELSE v.version END,
           "pushedVersion" = CASE WHEN t.heat < $5::float8 AND v.heat >= $5::float8 AND t."routedVersion" > 0
             THEN LEAST(t."pushedVersion", t."routedVersion" - 1) ELSE t."pushedVersion" END
         FROM unnest($1::text[], $2::int[], $3::float8[], $4::text[]) AS v(id, version, heat, totals)
         WHERE t.id = v.id AND t.version = v.version
           AND t.id IN (SELECT id FROM "Ticket" WHERE id = ANY($1::text[]) FOR NO KEY UPDATE SKIP LOCKED)
         RETURNING t.id`,
        [changed.map((c) => c.r.id), changed.map((c) => c.r.version), changed.map((c) => c.heat), changed.map((c) => (c.totals ? JSON.stringify(c.totals) : null)), hotHeat ?? null],
      );
      const moved = new Set(changed.filter((c) => c.moved).map((c) => c.r.id));
      updated += written.filter((w) => moved.has(w.id)).length;
    }
    cursor = rows.at(-1)!.id;
    if (rows.length < batch) return updated;
  }
}

/** The database's sums of each ticket's demands (one statement; times as stored, not clamped). */
async function sumDemands(database: Database, ticketIds: string[]): Promise<Map<string, HeatTotals>> {
  if (ticketIds.length === 0) return new Map();
  const rows = await database.query<{ id: string; n: number; reporters: number; attention: number; channels: number; first: number | null; last: number | null }>(
    `SELECT t.id, s.n, s.reporters, s.attention, s.channels, s.first, s.last
     FROM unnest($1::text[]) AS t(id)
     CROSS JOIN LATERAL (
       SELECT count(*)::int AS n,
         (count(DISTINCT NULLIF(d."reporterHash", '')) + count(*) FILTER (WHERE coalesce(d."reporterHash", '') = ''))::int AS reporters,
         coalesce(sum(ln(1 + greatest(coalesce(d.likes, 0), 0) + greatest(coalesce(d.dislikes, 0), 0))), 0)::float8 AS attention,
         count(DISTINCT NULLIF(d.channel, ''))::int AS channels,
         (min(extract(epoch FROM d."occurredAt")) * 1000)::float8 AS first,
         (max(extract(epoch FROM d."occurredAt")) * 1000)::float8 AS last
       FROM "Demand" AS d WHERE d."ticketId" = t.id
     ) AS s`,
    [ticketIds],
  );
  return new Map(rows.map((r) => [r.id, { demands: r.n, reporters: r.reporters, attention: Number(r.attention), channels: r.channels, firstMs: Number(r.first ?? 0), lastMs: Number(r.last ?? 0) }]));
}
