import type { AppContext } from '../app/context.ts';

export interface PushResult {
  pushed: number;
  updated: number;
  deferred: number;
}

/** Start of "today" in China time, for members' daily limits. */
export function startOfChinaDay(now: Date): Date {
  const offset = 8 * 3600_000;
  const local = new Date(now.getTime() + offset);
  return new Date(Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate()) - offset);
}

/**
 * Delivers a ticket's inbox items: new items become visible (pushedAt) within each
 * member's daily limit, the rest wait for the next scheduled push; items already
 * delivered are flagged as updated when the ticket has grown since.
 */
export async function pushTicket(ctx: AppContext, ticketId: string, now = new Date()): Promise<PushResult> {
  const { prisma } = ctx;
  const ticket = await prisma.ticket.findUnique({ where: { id: ticketId }, select: { version: true } });
  if (!ticket) return { pushed: 0, updated: 0, deferred: 0 };
  const updated = await prisma.inboxItem.updateMany({
    where: { ticketId, pushedAt: { not: null }, pushedVersion: { lt: ticket.version } },
    data: { pushedVersion: ticket.version },
  });
  const pending = await prisma.inboxItem.findMany({ where: { ticketId, pushedAt: null }, select: { id: true, memberId: true } });
  let pushed = 0;
  for (const item of pending) {
    const delivered = await prisma.$transaction(async (tx) => {
      // one push at a time per member, so concurrent workers cannot exceed the daily limit
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`push|${item.memberId}`}, 0))`;
      const member = await tx.member.findUnique({ where: { id: item.memberId }, select: { dailyLimit: true, active: true } });
      if (!member?.active) return false;
      const today = await tx.inboxItem.count({ where: { memberId: item.memberId, pushedAt: { gte: startOfChinaDay(now) } } });
      if (today >= member.dailyLimit) return false;
      const r = await tx.inboxItem.updateMany({ where: { id: item.id, pushedAt: null }, data: { pushedAt: now, pushedVersion: ticket.version, seenVersion: 0 } });
      return r.count === 1;
    });
    if (delivered) pushed += 1;
  }
  return { pushed, updated: updated.count, deferred: pending.length - pushed };
}
