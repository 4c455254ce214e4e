import type { Database } from '../db/database.ts';
import type { DeliveryCandidates, DeliveryTicket } from '../routing/delivery-candidates.ts';

/** Per ticket: recipients found without an item (`open`), and the items delivered now. */
export interface TicketDelivery {
  ticketId: string;
  open: number;
  pushed: number;
}

/**
 * Inserts the delivered inbox items of a batch of tickets in one transaction. Every member among
 * the candidates is locked first, in one order (two workers never deadlock, and a member's count
 * of today's items cannot move under the statement). Then one statement: the candidate pairs
 * whose member does not hold the ticket yet are ranked per member (hottest ticket first) and an
 * item goes in only while the member is active and its rank stays within the room the member's
 * daily limit leaves on `day` (the China date; the same statement adds what it delivers to the
 * member's count of the day, `MemberDeliveryDay`) — so one statement delivering several tickets
 * cannot exceed it either. A ticket is in an inbox at most once (unique ticket × member).
 */
export async function deliverItems(db: Database, tickets: DeliveryTicket[], candidates: DeliveryCandidates, ruleSetVersion: number, now: Date, day: string): Promise<TicketDelivery[]> {
  if (candidates.size === 0) return tickets.map((t) => ({ ticketId: t.id, open: 0, pushed: 0 }));
  return db.transaction(async (query) => {
    await query(
      `SELECT pg_advisory_xact_lock(hashtextextended('push|' || s.m, 0)) FROM (SELECT m FROM unnest($1::text[]) AS m ORDER BY 1) AS s`,
      [candidates.members],
    );
    const rows = await query<TicketDelivery>(
      `WITH u AS (
        SELECT * FROM unnest($1::text[], $2::int[], $3::boolean[], $4::float8[], $5::boolean[], $6::text[]) WITH ORDINALITY AS u(tid, version, hot, heat, rebound, note, n)
      ), open AS (
        SELECT c.id, ($9::text[])[c.m] AS member, c.e, u.tid, u.version, u.hot, u.heat, u.rebound, u.note
        FROM unnest($7::text[], $8::int[], $10::int[], $16::int[]) AS c(id, n, e, m) JOIN u ON u.n = c.n
        WHERE NOT EXISTS (SELECT 1 FROM "InboxItem" AS i WHERE i."ticketId" = u.tid AND i."memberId" = ($9::text[])[c.m])
      ), room AS (
        -- each member's deliveries today, counted by this statement as it delivers (migration 0020)
        SELECT m.id, m."dailyLimit" - coalesce(c.n, 0) AS room
        FROM "Member" AS m LEFT JOIN "MemberDeliveryDay" AS c ON c."memberId" = m.id AND c.day = $13::date
        WHERE m.active AND m.id IN (SELECT member FROM open)
      ), allowed AS (
        SELECT r.* FROM (
          SELECT o.*, row_number() OVER (PARTITION BY o.member ORDER BY o.hot DESC, o.heat DESC, o.tid) AS rank FROM open AS o
        ) AS r JOIN room ON room.id = r.member
        WHERE r.rank <= room.room
      ), ins AS (
        INSERT INTO "InboxItem" (id, "memberId", "ticketId", reason, "matchedRules", "ruleSetVersion", rebound, "updateNote", "pushedAt", "pushedVersion", "seenVersion", hot, "updatedAt")
        SELECT a.id, a.member, a.tid, ($11::text[])[a.e], (($12::text[])[a.e])::jsonb, $14, a.rebound, CASE WHEN a.rebound THEN a.note END,
          ($15::timestamptz AT TIME ZONE 'UTC'), a.version, 0, a.hot, now() AT TIME ZONE 'UTC'
        FROM allowed AS a
        ON CONFLICT ("ticketId", "memberId") DO NOTHING
        RETURNING "ticketId", "memberId"
      ), counted AS (
        INSERT INTO "MemberDeliveryDay" ("memberId", day, n)
        SELECT "memberId", $13::date, count(*)::int FROM ins GROUP BY 1
        ON CONFLICT ("memberId", day) DO UPDATE SET n = "MemberDeliveryDay".n + excluded.n
      )
      SELECT u.tid AS "ticketId", coalesce(o.n, 0)::int AS open, coalesce(p.n, 0)::int AS pushed FROM u
      LEFT JOIN (SELECT tid, count(*) AS n FROM open GROUP BY tid) AS o ON o.tid = u.tid
      LEFT JOIN (SELECT "ticketId" AS tid, count(*) AS n FROM ins GROUP BY 1) AS p ON p.tid = u.tid`,
      [
        tickets.map((t) => t.id), tickets.map((t) => t.version), tickets.map((t) => t.hot), tickets.map((t) => t.heat), tickets.map((t) => t.rebound), tickets.map((t) => t.reboundNote),
        candidates.itemIds(), candidates.ticketOf, candidates.members, candidates.explanationOf, candidates.reasons, candidates.rules,
        day, ruleSetVersion, now.toISOString(), candidates.memberOf,
      ],
    );
    return rows.map((r) => ({ ticketId: r.ticketId, open: Number(r.open), pushed: Number(r.pushed) }));
  });
}
