import type { AppContext } from '../app/context.ts';
import { describeMatch, matchRules } from '../routing/match-rules.ts';
import { markRebound, mayRebound } from '../routing/rebound.ts';
import { currentRuleSet } from '../routing/rule-store.ts';
import type { MatchedRule } from '../routing/rule-schema.ts';

/**
 * Decides which members receive a ticket, by the routing rules in force (each item keeps
 * the matched rules and the rule-set version). A ticket is in an inbox at most once
 * (unique member × ticket); members who already hold it see it flagged by the push stage.
 * A closed ticket with new reports within REBOUND_DAYS is marked as a rebound (反弹):
 * holders are told, the source systems learn it through the outbox, and it is routed again.
 */
export async function routeTicket(ctx: AppContext, ticketId: string, now = new Date()): Promise<{ version: number; rebound: boolean } | null> {
  const { prisma } = ctx;
  const ticket = await prisma.ticket.findUnique({ where: { id: ticketId } });
  if (!ticket || ticket.version <= ticket.routedVersion) return null;
  const members = await prisma.member.findMany({ where: { active: true }, select: { id: true, sector: true, committee: true, regions: true, topics: true } });
  const ruleSet = await currentRuleSet(prisma, ctx.config.INBOX_PUSH_OTHERS);
  const rowsFor = (extra: MatchedRule[], rebound: boolean) =>
    members.flatMap((m) => {
      const matched = matchRules(ruleSet.rules, m, ticket);
      if (!matched) return [];
      const all = [...extra, ...matched];
      return [{ memberId: m.id, ticketId, reason: describeMatch(all, ruleSet.version), matchedRules: all as object[], ruleSetVersion: ruleSet.version, rebound }];
    });
  const done = [
    prisma.ticket.updateMany({ where: { id: ticketId, routedVersion: { lt: ticket.version } }, data: { routedVersion: ticket.version } }),
    prisma.demand.updateMany({ where: { ticketId, stage: 'ROUTE' }, data: { stage: 'DONE' } }),
  ];
  if (!mayRebound(ticket)) {
    // the common case: one short batch transaction, no row held while deciding
    await prisma.$transaction([prisma.inboxItem.createMany({ data: rowsFor([], false), skipDuplicates: true }), ...done]);
    return { version: ticket.version, rebound: false };
  }
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
