import type { AppContext } from '../app/context.ts';
import { hotTicketIds } from '../routing/hot-ticket.ts';
import { routingSnapshot } from '../routing/routing-snapshot.ts';

/** Start of "today" in China time, for members' daily limits. */
export function startOfChinaDay(now: Date): Date {
  const offset = 8 * 3600_000;
  const local = new Date(now.getTime() + offset);
  return new Date(Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate()) - offset);
}

export interface PushOptions {
  /** The scheduled batch (定期推送): delivers non-hot items too. */
  batch?: boolean;
  now?: Date;
}

export interface PushBatchResult {
  pushed: number;
  deferred: number;
  hot: number;
}

/** A ticket of the batch as the push reads it: its versions, heat, 反弹 and waiting items. */
type PushCandidate = { id: string; version: number; routedVersion: number; heat: number; rebound: boolean; items: number };

/**
 * `pushTicket` for a batch of tickets in a fixed number of statements: waiting items are counted
 * once; hot ones are found by `hotTicketIds` (one grouped count); then one transaction locks
 * every candidate member (sorted, so two workers never deadlock) and one UPDATE delivers what
 * each member's daily limit allows — items of one member
 * are ranked (hottest ticket first) and an item goes out only while the count of the member's
 * items pushed today plus its rank stays within the limit, so one statement delivering several
 * tickets cannot exceed it either.
 */
export async function pushTickets(ctx: AppContext, ticketIds: string[], options: PushOptions = {}): Promise<PushBatchResult> {
  const now = options.now ?? new Date();
  const ids = [...new Set(ticketIds)];
  const result: PushBatchResult = { pushed: 0, deferred: 0, hot: 0 };
  if (ids.length === 0) return result;
  // read first: the routed version each ticket has now is what this run completes (items of a
  // later routing may be inserted meanwhile; their own push job follows)
  const tickets = await ctx.database.query<PushCandidate>(
    // waiting items counted per ticket through the waiting-items index: as a plain join the
    // planner, misjudging the batch's size, hashed every waiting item of the table. Counts only:
    // the members are named in the delivering transaction below (arrays of ~30 member ids per
    // ticket cost the worker more to parse than the database to read)
    `SELECT t.id, t.version, t."routedVersion", t.heat, (t."reboundAt" IS NOT NULL AND t."statusAt" IS NOT NULL AND t."reboundAt" >= t."statusAt") AS rebound,
       w.items
     FROM "Ticket" AS t CROSS JOIN LATERAL (
       SELECT count(*)::int AS items FROM "InboxItem" AS i WHERE i."ticketId" = t.id AND i."pushedAt" IS NULL
     ) AS w
     WHERE t.id = ANY($1::text[])`,
    [ids],
  );
  await deliver(ctx, tickets, options, now, result);
  // this run's work is done: the re-drive leaves these tickets alone until they are routed again.
  // Tickets a merge transaction holds locked are skipped, not waited for (waiting, with rows locked
  // in another order, could deadlock with it): they are pushed once more by the sweep, harmlessly
  if (tickets.length > 0) {
    await ctx.database.query(
      `UPDATE "Ticket" AS t SET "pushedVersion" = v.routed FROM unnest($1::text[], $2::int[]) AS v(id, routed)
       WHERE t.id = v.id AND t."pushedVersion" < v.routed
         AND t.id IN (SELECT id FROM "Ticket" WHERE id = ANY($1::text[]) FOR NO KEY UPDATE SKIP LOCKED)`,
      [tickets.map((t) => t.id), tickets.map((t) => t.routedVersion)],
    );
  }
  return result;
}


async function deliver(ctx: AppContext, tickets: PushCandidate[], options: PushOptions, now: Date, result: PushBatchResult): Promise<void> {
  const waiting = tickets.filter((t) => Number(t.items) > 0);
  if (waiting.length === 0) return;
  const { rules } = (await routingSnapshot(ctx)).ruleSet;
  const policy = rules.push;
  // rebounds are hot whatever their heat
  const hot = await hotTicketIds(ctx.database, waiting.filter((t) => !t.rebound), policy, now);
  const isHot = (t: (typeof waiting)[number]) => t.rebound || hot.has(t.id);
  const due = waiting.filter((t) => options.batch || isHot(t) || policy.others !== 'scheduled');
  const pendingItems = waiting.reduce((n, t) => n + Number(t.items), 0);
  result.hot = waiting.filter(isHot).length;
  result.deferred = pendingItems;
  if (due.length === 0) return;
  const dueIds = due.map((t) => t.id);
  const delivered = await ctx.database.transaction(async (query) => {
    // every member with a waiting item of these tickets, locked in one order (two workers never deadlock)
    await query(
      `SELECT pg_advisory_xact_lock(hashtextextended('push|' || s.m, 0)) FROM (
         SELECT DISTINCT i."memberId" AS m FROM "InboxItem" AS i WHERE i."ticketId" = ANY($1::text[]) AND i."pushedAt" IS NULL ORDER BY 1
       ) AS s`,
      [dueIds],
    );
    return query<{ id: string }>(
      `WITH u AS (
        SELECT * FROM unnest($1::text[], $2::int[], $3::boolean[], $4::float8[]) AS u(tid, version, hot, heat)
      ), ranked AS (
        SELECT i.id, i."memberId", u.version, u.hot,
          row_number() OVER (PARTITION BY i."memberId" ORDER BY u.hot DESC, u.heat DESC, i."ticketId") AS rank
        FROM "InboxItem" AS i JOIN u ON i."ticketId" = u.tid
        WHERE i."pushedAt" IS NULL
      ), allowed AS (
        SELECT r.id, r.version, r.hot FROM ranked AS r JOIN "Member" AS m ON m.id = r."memberId"
        WHERE m.active AND r.rank + (SELECT count(*) FROM "InboxItem" AS d WHERE d."memberId" = m.id AND d."pushedAt" >= ($5::timestamptz AT TIME ZONE 'UTC')) <= m."dailyLimit"
      )
      UPDATE "InboxItem" AS i SET "pushedAt" = ($6::timestamptz AT TIME ZONE 'UTC'), "pushedVersion" = a.version, "seenVersion" = 0, hot = a.hot, "updatedAt" = now() AT TIME ZONE 'UTC'
      FROM allowed AS a WHERE i.id = a.id
      RETURNING i.id`,
      [dueIds, due.map((t) => t.version), due.map(isHot), due.map((t) => t.heat), startOfChinaDay(now).toISOString(), now.toISOString()],
    );
  });
  result.pushed = delivered.length;
  result.deferred = pendingItems - result.pushed;
}
