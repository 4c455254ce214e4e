import type { AppContext } from '../app/context.ts';
import { acquireLease, releaseLease, PROCESS_HOLDER } from '../db/lease.ts';
import { errorMessage } from '../queue/job-queue.ts';

export interface OutboxEvent {
  id: string;
  eventType: string;
  aggregateId: string;
  idempotencyKey: string;
  payload: unknown;
  createdAt: Date;
}

/** Somewhere outbox events go: the status callback URL now, Kafka topics later. */
export interface OutboxSink {
  readonly name: string;
  deliver(event: OutboxEvent): Promise<void>;
}

const MAX_BACKOFF_MS = 15 * 60_000;

export function outboxBackoff(attempts: number): number {
  return Math.min(MAX_BACKOFF_MS, 1000 * 2 ** Math.max(0, attempts - 1));
}

/** POSTs each event as JSON with an Idempotency-Key header; a non-2xx answer is a failure. */
export function httpCallbackSink(url: string, timeoutMs = 10_000): OutboxSink {
  return {
    name: 'http-callback',
    async deliver(event) {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': event.idempotencyKey },
        body: JSON.stringify({ id: event.id, type: event.eventType, ticketId: event.aggregateId, idempotencyKey: event.idempotencyKey, createdAt: event.createdAt, data: event.payload }),
        signal: AbortSignal.timeout(timeoutMs),
      });
      if (!response.ok) throw new Error(`callback answered HTTP ${response.status}`);
    },
  };
}

/**
 * Delivers due outbox events to every sink, at least once, oldest first. Order is kept
 * per ticket: after a failure, that ticket's later events wait for the next round.
 * A lease makes one process at a time dispatch, whichever worker runs the job.
 */
export async function dispatchOutbox(ctx: AppContext, sinks: OutboxSink[], batch = 200, now = new Date()): Promise<{ sent: number; failed: number }> {
  if (sinks.length === 0) return { sent: 0, failed: 0 };
  if (!(await acquireLease(ctx.prisma, 'outbox-dispatch', PROCESS_HOLDER, 120_000))) return { sent: 0, failed: 0 };
  try {
    return await dispatchDue(ctx, sinks, batch, now);
  } finally {
    await releaseLease(ctx.prisma, 'outbox-dispatch', PROCESS_HOLDER);
  }
}

async function dispatchDue(ctx: AppContext, sinks: OutboxSink[], batch: number, now: Date): Promise<{ sent: number; failed: number }> {
  const due = await ctx.prisma.outbox.findMany({
    where: { state: 'PENDING' },
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
    take: batch,
  });
  const blocked = new Set<string>();
  let sent = 0;
  let failed = 0;
  for (const event of due) {
    if (blocked.has(event.aggregateId)) continue;
    if (event.nextAttemptAt > now) {
      blocked.add(event.aggregateId);
      continue;
    }
    try {
      for (const sink of sinks) await sink.deliver(event);
      await ctx.prisma.outbox.update({ where: { id: event.id }, data: { state: 'SENT', sentAt: new Date(), attempts: { increment: 1 }, lastError: null } });
      sent += 1;
    } catch (error) {
      blocked.add(event.aggregateId);
      failed += 1;
      const attempts = event.attempts + 1;
      await ctx.prisma.outbox.update({
        where: { id: event.id },
        data: { attempts, lastError: errorMessage(error).slice(0, 500), nextAttemptAt: new Date(now.getTime() + outboxBackoff(attempts)) },
      });
      ctx.logger.warn({ outboxId: event.id, attempts, err: errorMessage(error) }, 'outbox delivery failed; will retry');
    }
  }
  return { sent, failed };
}
