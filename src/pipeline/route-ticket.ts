import type { AppContext } from '../app/context.ts';
import { newIds } from '../db/new-ids.ts';
import { epochMsColumn, fromEpochMs } from '../db/raw-time.ts';
import { describeMatch, matchRules } from '../routing/match-rules.ts';
import { markRebound, mayRebound } from '../routing/rebound.ts';
import { recipientsOf, type Explanation, type Recipient } from '../routing/recipients.ts';
import { routingSnapshot } from '../routing/routing-snapshot.ts';
import type { MatchedRule } from '../routing/rule-schema.ts';
import type { TicketVersion } from '../queue/job-specs.ts';

/**
 * Routes a batch of tickets (what one merge batch touched) in a few statements: the tickets,
 * the active members and the rule set are read once, every matching inbox item of every ticket
 * is created in bulk (except for tickets whose recipients cannot have changed since this process
 * routed them), then routedVersion and the demands' stage are set.
 * Tickets that may rebound (closed, with new reports) go through `routeTicket` one by one.
 * Returns the tickets routed, at the version routed, for the push stage.
 */
export async function routeTickets(ctx: AppContext, ticketIds: string[], now = new Date()): Promise<TicketVersion[]> {
  const tickets = await readTickets(ctx, [...new Set(ticketIds)]);
  const due = tickets.filter((t) => t.version > t.routedVersion);
  const routed: TicketVersion[] = [];
  // routed at their current version already (a redelivered job): their demands are done
  const current = tickets.filter((t) => t.version <= t.routedVersion).map((t) => t.id);
  if (current.length > 0) await ctx.database.query(`UPDATE "Demand" SET stage = 'DONE' WHERE "ticketId" = ANY($1::text[]) AND stage = 'ROUTE'`, [current]);
  for (const t of due.filter(mayRebound)) {
    const one = await routeTicket(ctx, t.id, now);
    if (one) routed.push({ ticketId: t.id, version: one.version });
  }
  const common = due.filter((t) => !mayRebound(t));
  if (common.length === 0) return routed;
  const snapshot = await routingSnapshot(ctx);
  // a reason and its matched rules repeat across many items: each distinct pair is sent once
  const explanationIndex = new Map<Explanation, number>();
  const reasons: string[] = [];
  const rules: string[] = [];
  const memberIds: string[] = [];
  const itemTickets: string[] = [];
  const explanationOf: number[] = [];
  const routedBefore = routedWith(ctx);
  for (const ticket of common) {
    // recipientsOf returns one shared list per (snapshot, district, category): a grown ticket this
    // process routed to the very same list has its items already, and inserting them again would
    // only probe (and wait on) the unique index
    const recipients = recipientsOf(snapshot, ticket);
    if (routedBefore.get(ticket.id) === recipients) continue;
    for (const r of recipients) {
      let e = explanationIndex.get(r.explanation);
      if (e === undefined) {
        explanationIndex.set(r.explanation, (e = reasons.length + 1)); // SQL arrays count from 1
        reasons.push(r.explanation.reason);
        rules.push(r.explanation.rules);
      }
      memberIds.push(r.memberId);
      itemTickets.push(ticket.id);
      explanationOf.push(e);
    }
  }
  const ids = common.map((t) => t.id);
  // the items first (the long statement; no ticket row locked meanwhile, so a merge updating these
  // tickets does not wait for it), then routedVersion and the demands' stage in one short statement;
  // a crash in between is harmless: the redelivered job finds the items there (unique member × ticket)
  if (memberIds.length > 0) {
    await ctx.database.query(
      `INSERT INTO "InboxItem" (id, "memberId", "ticketId", reason, "matchedRules", "ruleSetVersion", rebound, "updatedAt")
       SELECT u.id, u.member, u.ticket, ($4::text[])[u.e], (($5::text[])[u.e])::jsonb, $6, false, now() AT TIME ZONE 'UTC'
       FROM unnest($1::text[], $2::text[], $3::text[], $7::int[]) AS u(id, member, ticket, e)
       ON CONFLICT ("ticketId", "memberId") DO NOTHING`,
      [newIds(memberIds.length), memberIds, itemTickets, reasons, rules, snapshot.ruleSet.version, explanationOf],
    );
  }
  await ctx.database.query(
    `WITH routed AS (
       UPDATE "Ticket" AS t SET "routedVersion" = v.version FROM unnest($1::text[], $2::int[]) AS v(id, version)
       WHERE t.id = v.id AND t."routedVersion" < v.version RETURNING 1
     )
     UPDATE "Demand" SET stage = 'DONE' WHERE "ticketId" = ANY($1::text[]) AND stage = 'ROUTE'`,
    [ids, common.map((t) => t.version)],
  );
  for (const t of common) remember(routedBefore, t.id, recipientsOf(snapshot, t));
  for (const t of common) routed.push({ ticketId: t.id, version: t.version });
  return routed;
}

/** Tickets this process routed, with the recipient list they were routed to (newest last; bounded). */
const routedCaches = new WeakMap<AppContext, Map<string, Recipient[]>>();
const ROUTED_CACHE_SIZE = 100_000;

function routedWith(ctx: AppContext): Map<string, Recipient[]> {
  let cache = routedCaches.get(ctx);
  if (!cache) routedCaches.set(ctx, (cache = new Map()));
  return cache;
}

function remember(cache: Map<string, Recipient[]>, ticketId: string, recipients: Recipient[]): void {
  cache.delete(ticketId);
  cache.set(ticketId, recipients);
  if (cache.size > ROUTED_CACHE_SIZE) cache.delete(cache.keys().next().value!);
}

/** What routing reads of a ticket. */
async function readTickets(ctx: AppContext, ids: string[]) {
  const rows = await ctx.database.query<{ id: string; version: number; routedVersion: number; district: string | null; category: string | null; statusRank: number; statusAt: number | null; reboundAt: number | null }>(
    `SELECT id, version, "routedVersion", district, category, "statusRank",
       ${epochMsColumn('statusAt')}, ${epochMsColumn('reboundAt')}
     FROM "Ticket" WHERE id = ANY($1::text[])`,
    [ids],
  );
  return rows.map((r) => ({ ...r, statusAt: fromEpochMs(r.statusAt), reboundAt: fromEpochMs(r.reboundAt) }));
}

/**
 * One ticket that may rebound (routeTickets sends those here; the rest go in bulk). Decides
 * which members receive it, by the routing rules in force (each item keeps
 * the matched rules and the rule-set version). A ticket is in an inbox at most once
 * (unique member × ticket); members who already hold it see it as updated (read from the ticket, `inbox-view.ts`).
 * A closed ticket with new reports within REBOUND_DAYS is marked as a rebound (反弹):
 * holders are told, the source systems learn it through the outbox, and it is routed again.
 */
export async function routeTicket(ctx: AppContext, ticketId: string, now = new Date()): Promise<{ version: number; rebound: boolean } | null> {
  const { prisma } = ctx;
  const ticket = await prisma.ticket.findUnique({ where: { id: ticketId } });
  if (!ticket || ticket.version <= ticket.routedVersion) return null;
  const { members, ruleSet } = await routingSnapshot(ctx);
  const rowsFor = (extra: MatchedRule[], rebound: boolean) =>
    members.flatMap((m) => {
      const matched = matchRules(ruleSet.rules, m, ticket);
      if (!matched) return [];
      const all = [...extra, ...matched];
      return [{ memberId: m.id, ticketId, reason: describeMatch(all, ruleSet.version), matchedRules: all as object[], ruleSetVersion: ruleSet.version, rebound }];
    });
  return prisma.$transaction(async (tx) => {
    const rebound = await markRebound(tx, ticket, ctx.config.REBOUND_DAYS, now);
    const extra: MatchedRule[] = rebound ? [{ rule: 'rebound', detail: rebound.note }] : [];
    await tx.inboxItem.createMany({ data: rowsFor(extra, rebound !== null), skipDuplicates: true });
    if (rebound) {
      await tx.inboxItem.updateMany({ where: { ticketId }, data: { rebound: true, updateNote: rebound.note } });
      const holders = await tx.inboxItem.findMany({ where: { ticketId, pushedAt: { not: null } }, select: { memberId: true } });
      await tx.notification.createMany({
        data: holders.map((h) => ({ memberId: h.memberId, kind: 'rebound', ticketId, title: `反弹：${ticket.title}`.slice(0, 200), body: rebound.note, dedupKey: `rebound-${ticketId}-${now.getTime()}-${h.memberId}` })),
        skipDuplicates: true,
      });
      await tx.outbox.create({
        data: {
          eventType: 'ticket.rebound',
          aggregateId: ticketId,
          idempotencyKey: `ticket-rebound-${ticketId}-${ticket.statusAt!.getTime()}`,
          payload: { ticketId, label: '反弹', status: ticket.status, closedAt: ticket.statusAt!.toISOString(), newDemands: rebound.newDemands, occurredAt: now.toISOString() },
        },
      });
      await tx.auditLog.create({ data: { actor: 'system:route', action: 'ticket.rebound', entity: 'Ticket', entityId: ticketId, before: { reboundAt: ticket.reboundAt, reboundCount: ticket.reboundCount }, after: { reboundAt: now, reboundCount: ticket.reboundCount + 1 }, reason: rebound.note } });
    }
    await tx.ticket.updateMany({ where: { id: ticketId, routedVersion: { lt: ticket.version } }, data: { routedVersion: ticket.version } });
    await tx.demand.updateMany({ where: { ticketId, stage: 'ROUTE' }, data: { stage: 'DONE' } });
    return { version: ticket.version, rebound: rebound !== null };
  }, { timeout: 30_000, maxWait: 10_000 });
}
