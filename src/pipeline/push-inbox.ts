import type { AppContext } from '../app/context.ts';
import type { JobSpec } from '../queue/job-queue.ts';
import { DEMAND_BATCH } from '../queue/continue-work.ts';
import { ticketBatchSpec, type TicketVersion } from '../queue/job-specs.ts';
import { chinaDate, type PushOptions, pushTickets } from './push-tickets.ts';

export { type PushOptions, startOfChinaDay } from './push-tickets.ts';

export interface PushResult {
  pushed: number;
  deferred: number;
  hot: boolean;
}

/**
 * Delivers a ticket to the members its routing matches who do not hold it yet (holders see that
 * the ticket has grown since — new demands, new status, 反弹 — from the ticket itself): hot tickets
 * (and rebounds) at once, the rest in the scheduled batch unless the rules say "immediate";
 * always within each member's daily limit (over the limit waits for the next batch).
 * One ticket of `pushTickets`, which the push stage runs for batches of tickets.
 */
export async function pushTicket(ctx: AppContext, ticketId: string, options: PushOptions = {}): Promise<PushResult> {
  const result = await pushTickets(ctx, [ticketId], options);
  return { pushed: result.pushed, deferred: result.deferred, hot: result.hot > 0 };
}

/** Push job of the scheduled batch for some tickets; the tag keeps each run's job ids distinct. */
export function batchPushJobSpec(tickets: TicketVersion[], tag: string): JobSpec {
  const [spec] = ticketBatchSpec('push', tickets);
  return { ...spec!, jobId: `${spec!.jobId}-${tag}`, data: { ...(spec!.data as object), batch: true } };
}

/** Days of per-member delivery counts kept (the daily limit reads today's only). */
export const DELIVERY_DAYS_KEPT = 7;

/**
 * 定期推送: queues a batch push for every ticket waiting for delivery (not hot, or over a daily
 * limit), and drops the per-member delivery counts older than DELIVERY_DAYS_KEPT.
 */
export async function queueScheduledPush(ctx: AppContext, tag: string, now = new Date()): Promise<number> {
  await ctx.database.query(`DELETE FROM "MemberDeliveryDay" WHERE day < $1::date`, [chinaDate(new Date(now.getTime() - DELIVERY_DAYS_KEPT * 24 * 3600_000))]);
  const waiting = await ctx.prisma.$queryRaw<Array<{ id: string; version: number }>>`
    SELECT id, version FROM "Ticket" WHERE "deliveryPending" ORDER BY id`;
  const specs: JobSpec[] = [];
  for (let i = 0; i < waiting.length; i += DEMAND_BATCH) specs.push(batchPushJobSpec(waiting.slice(i, i + DEMAND_BATCH).map((t) => ({ ticketId: t.id, version: t.version })), tag));
  await ctx.queue.add(specs);
  return waiting.length;
}
