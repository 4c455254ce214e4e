import type { AppContext } from '../app/context.ts';
import type { JobSpec } from '../queue/job-queue.ts';
import { checkHot } from '../routing/hot-ticket.ts';
import { currentRuleSet } from '../routing/rule-store.ts';

export interface PushResult {
  pushed: number;
  updated: number;
  deferred: number;
  hot: boolean;
}

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

/**
 * Delivers a ticket's inbox items. Items already delivered are flagged as updated when the
 * ticket has grown since (new demands, new status, 反弹). New items: hot tickets (and
 * rebounds) at once, the rest in the scheduled batch unless the rules say "immediate";
 * always within each member's daily limit (over the limit waits for the next batch).
 */
export async function pushTicket(ctx: AppContext, ticketId: string, options: PushOptions = {}): Promise<PushResult> {
  const { prisma } = ctx;
  const now = options.now ?? new Date();
  const ticket = await prisma.ticket.findUnique({ where: { id: ticketId }, select: { id: true, version: true, heat: true, status: true, demandCount: true, statusAt: true, reboundAt: true } });
  if (!ticket) return { pushed: 0, updated: 0, deferred: 0, hot: false };
  const rebound = ticket.reboundAt !== null && ticket.statusAt !== null && ticket.reboundAt >= ticket.statusAt;
  // during a rebound the route stage's 反弹 note stays; otherwise holders see what changed
  const updated = await prisma.inboxItem.updateMany({
    where: { ticketId, pushedAt: { not: null }, pushedVersion: { lt: ticket.version } },
    data: { pushedVersion: ticket.version, ...(rebound ? {} : { updateNote: `工单已更新：共 ${ticket.demandCount} 条诉求，状态 ${ticket.status}` }) },
  });
  const pending = await prisma.inboxItem.findMany({ where: { ticketId, pushedAt: null }, select: { memberId: true } });
  if (pending.length === 0) return { pushed: 0, updated: updated.count, deferred: 0, hot: rebound };
  const { rules } = await currentRuleSet(prisma, ctx.config.INBOX_PUSH_OTHERS);
  const hot = rebound || (await checkHot(prisma, ticket, rules.push, now)).hot;
  const result = { pushed: 0, updated: updated.count, deferred: pending.length, hot };
  if (!options.batch && !hot && rules.push.others === 'scheduled') return result;
  // one transaction per ticket: lock every candidate member (sorted, so two workers never
  // deadlock), then one UPDATE that pushes an item only while its member is active and under
  // the daily limit — counted after the locks, so concurrent workers cannot exceed it
  const memberIds = [...new Set(pending.map((item) => item.memberId))].sort();
  const [, delivered] = await prisma.$transaction([
    prisma.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended('push|' || s.m, 0)) FROM (SELECT m FROM unnest(${memberIds}::text[]) AS m ORDER BY m) AS s`,
    prisma.$queryRaw<Array<{ id: string }>>`
      UPDATE "InboxItem" AS i SET "pushedAt" = ${now}, "pushedVersion" = ${ticket.version}, "seenVersion" = 0, hot = ${hot}, "updatedAt" = ${new Date()}
      FROM "Member" AS m
      WHERE i."ticketId" = ${ticketId} AND i."pushedAt" IS NULL AND i."memberId" = ANY(${memberIds}::text[])
        AND m.id = i."memberId" AND m.active
        AND m."dailyLimit" > (SELECT count(*) FROM "InboxItem" AS d WHERE d."memberId" = m.id AND d."pushedAt" >= ${startOfChinaDay(now)})
      RETURNING i.id`,
  ]);
  result.pushed = delivered.length;
  result.deferred = pending.length - result.pushed;
  return result;
}

/** Push job of the scheduled batch; the tag keeps each run's job ids distinct. */
export const batchPushJobSpec = (ticketId: string, version: number, tag: string): JobSpec => ({ stage: 'push', jobId: `p-${ticketId}-v${version}-${tag}`, data: { ticketId, version, batch: true } });

/** 定期推送: queues a batch push for every ticket with items waiting (deferred or over the limit). */
export async function queueScheduledPush(ctx: AppContext, tag: string): Promise<number> {
  const waiting = await ctx.prisma.$queryRaw<Array<{ id: string; version: number }>>`
    SELECT DISTINCT t.id, t.version FROM "InboxItem" i JOIN "Ticket" t ON t.id = i."ticketId"
    JOIN "Member" m ON m.id = i."memberId" WHERE i."pushedAt" IS NULL AND m.active`;
  await ctx.queue.add(waiting.map((t) => batchPushJobSpec(t.id, t.version, tag)));
  return waiting.length;
}
