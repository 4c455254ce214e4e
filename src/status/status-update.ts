import { z } from 'zod';
import type { AppContext } from '../app/context.ts';
import { strictDate } from '../ingest/date-field.ts';
import { isUniqueViolation } from '../db/errors.ts';
import type { Prisma } from '../generated/prisma/client.ts';

/** Hotline handling statuses and their order; equal ranks are alternatives. */
export const STATUS_RANK: Record<string, number> = {
  受理: 1,
  交办: 2,
  退回: 2,
  办理中: 3,
  已办结: 4,
  回访满意: 5,
  回访不满意: 5,
};

export const statusUpdateSchema = z
  .object({
    /** The source system's id of this update; repeated deliveries are ignored. */
    updateId: z.string().trim().min(1).max(200),
    status: z.enum(Object.keys(STATUS_RANK) as [string, ...string[]], { error: `status must be one of ${Object.keys(STATUS_RANK).join(', ')}` }),
    occurredAt: strictDate,
    note: z.string().trim().max(2000).optional(),
  })
  .strict();

export type StatusUpdate = z.infer<typeof statusUpdateSchema>;

type Tx = Prisma.TransactionClient;

/** Members who follow the ticket get an inbox notification (办理状态更新). */
async function notifyFollowers(tx: Tx, ticketId: string, title: string, origin: string, update: StatusUpdate): Promise<void> {
  const followers = await tx.inboxItem.findMany({ where: { ticketId, state: 'FOLLOWING', pushedAt: { not: null } }, select: { memberId: true } });
  const body = `办理状态更新为「${update.status}」${update.note ? `：${update.note}` : ''}`;
  await tx.notification.createMany({
    data: followers.map((f) => ({ memberId: f.memberId, kind: 'status', ticketId, title: `您关注的诉求有新进展：${title}`.slice(0, 200), body: body.slice(0, 2000), dedupKey: `status-${origin}-${update.updateId}-${f.memberId}` })),
    skipDuplicates: true,
  });
}

export type StatusOutcome = 'applied' | 'recorded' | 'duplicate' | 'unknown-ticket';

/**
 * Records a status update from a source system (状态同步). The history keeps every
 * update; the ticket's current status only moves forward: a late update (older than the
 * current one) or a repeated one never moves it back. Followers see the ticket flagged.
 */
export async function applyStatusUpdate(ctx: AppContext, origin: string, ticketId: string, update: StatusUpdate): Promise<StatusOutcome> {
  const rank = STATUS_RANK[update.status]!;
  try {
    return await ctx.prisma.$transaction(async (tx) => {
      const ticket = await tx.ticket.findUnique({ where: { id: ticketId } });
      if (!ticket) return 'unknown-ticket';
      await tx.statusEvent.create({
        data: { ticketId, status: update.status, rank, origin, externalId: update.updateId, note: update.note, occurredAt: update.occurredAt },
      });
      // one conditional UPDATE, so concurrent updates cannot overwrite a newer status (PostgreSQL
      // re-checks the WHERE on the locked row); a new version flags the ticket in every inbox holding it
      const at = update.occurredAt.toISOString(); // timestamp(3) columns hold UTC
      const moved = await tx.$executeRaw`
        UPDATE "Ticket" SET status = ${update.status}, "statusRank" = ${rank},
          "statusAt" = (${at}::timestamptz AT TIME ZONE 'UTC'), version = version + 1, "updatedAt" = now()
        WHERE id = ${ticketId} AND ("statusAt" IS NULL OR "statusAt" < (${at}::timestamptz AT TIME ZONE 'UTC')
          OR ("statusAt" = (${at}::timestamptz AT TIME ZONE 'UTC') AND "statusRank" < ${rank}))`;
      if (moved === 0) return 'recorded';
      await notifyFollowers(tx, ticket.id, ticket.title, origin, update);
      // other systems holding demands of this ticket learn the new status; `origin` lets the sender skip its echo
      await tx.outbox.create({
        data: {
          eventType: 'ticket.status',
          aggregateId: ticketId,
          idempotencyKey: `ticket-status-${origin}-${update.updateId}`,
          payload: { ticketId, status: update.status, label: update.status, origin, updateId: update.updateId, occurredAt: update.occurredAt.toISOString() },
        },
      });
      return 'applied';
    });
  } catch (error) {
    if (isUniqueViolation(error)) return 'duplicate';
    throw error;
  }
}
