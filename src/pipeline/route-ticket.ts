import type { AppContext } from '../app/context.ts';
import { epochMsColumn, fromEpochMs } from '../db/raw-time.ts';
import { markRebound, mayRebound } from '../routing/rebound.ts';
import { recipientsOf } from '../routing/recipients.ts';
import { routingSnapshot } from '../routing/routing-snapshot.ts';
import type { TicketVersion } from '../queue/job-specs.ts';

/**
 * Routes a batch of tickets (what one merge batch touched) in a few statements: the tickets, the
 * active members and the rule set are read once (the members and rules cached per routing
 * epoch), then routedVersion, the delivery mark and the demands' stage are set in one statement.
 * Routing decides that a ticket has recipients; its inbox items are created when they are
 * delivered (`push-tickets.ts`), under the rules in force then — route no longer inserts an item
 * for every matching member (most would wait, unseen, for the scheduled batch or a daily limit).
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
  const ids = common.map((t) => t.id);
  // a ticket with recipients is marked for delivery (a grown one too: the members the rules match
  // may have changed with it); push clears the mark once every recipient holds an item
  await ctx.database.query(
    `WITH routed AS (
       UPDATE "Ticket" AS t SET "routedVersion" = v.version, "deliveryPending" = t."deliveryPending" OR v.pending
       FROM unnest($1::text[], $2::int[], $3::boolean[]) AS v(id, version, pending)
       WHERE t.id = v.id AND t."routedVersion" < v.version RETURNING 1
     )
     UPDATE "Demand" SET stage = 'DONE' WHERE "ticketId" = ANY($1::text[]) AND stage = 'ROUTE'`,
    [ids, common.map((t) => t.version), common.map((t) => recipientsOf(snapshot, t).length > 0)],
  );
  for (const t of common) routed.push({ ticketId: t.id, version: t.version });
  return routed;
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
 * One ticket that may rebound (routeTickets sends those here; the rest go in bulk). A closed
 * ticket with new reports within REBOUND_DAYS is marked as a rebound (反弹): members who hold it
 * are told and see the 反弹 note on their items, the source systems learn it through the outbox,
 * and it is marked for delivery again — a rebound is hot, so push delivers it at once to the
 * members the rules match who do not hold it yet (their items carry the note too).
 */
export async function routeTicket(ctx: AppContext, ticketId: string, now = new Date()): Promise<{ version: number; rebound: boolean } | null> {
  const { prisma } = ctx;
  const ticket = await prisma.ticket.findUnique({ where: { id: ticketId } });
  if (!ticket || ticket.version <= ticket.routedVersion) return null;
  const pending = recipientsOf(await routingSnapshot(ctx), ticket).length > 0;
  return prisma.$transaction(async (tx) => {
    const rebound = await markRebound(tx, ticket, ctx.config.REBOUND_DAYS, now);
    if (rebound) {
      await tx.inboxItem.updateMany({ where: { ticketId }, data: { rebound: true, updateNote: rebound.note } });
      const holders = await tx.inboxItem.findMany({ where: { ticketId }, select: { memberId: true } }); // items exist once delivered
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
    await tx.ticket.updateMany({
      where: { id: ticketId, routedVersion: { lt: ticket.version } },
      data: { routedVersion: ticket.version, ...(pending ? { deliveryPending: true } : {}) },
    });
    await tx.demand.updateMany({ where: { ticketId, stage: 'ROUTE' }, data: { stage: 'DONE' } });
    return { version: ticket.version, rebound: rebound !== null };
  }, { timeout: 30_000, maxWait: 10_000 });
}
