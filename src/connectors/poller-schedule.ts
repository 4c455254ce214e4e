import { schedule } from 'node-cron';
import type { AppContext } from '../app/context.ts';
import { acquireLease, PROCESS_HOLDER, releaseLease } from '../db/lease.ts';
import type { HttpPoller, PollResult } from './http-poller.ts';

export interface PollerScheduleOptions {
  /** node-cron expression (default every 30 s). */
  cron?: string;
  /** Lease lifetime; renewed every third of it while a run lasts (default 2 minutes). */
  leaseTtlMs?: number;
  /** Lease holder (default this process). */
  holder?: string;
}

/**
 * One leased poll run: skipped (undefined) when another process holds the poller's lease,
 * so across all processes of a deployment one at a time polls a feed.
 */
export async function pollWithLease(ctx: AppContext, poller: HttpPoller, options: PollerScheduleOptions = {}): Promise<PollResult | undefined> {
  const lease = `poller:${poller.name}`;
  const holder = options.holder ?? PROCESS_HOLDER;
  const ttl = options.leaseTtlMs ?? 120_000;
  if (!(await acquireLease(ctx.prisma, lease, holder, ttl))) return undefined;
  const renew = setInterval(() => void acquireLease(ctx.prisma, lease, holder, ttl).catch(() => undefined), ttl / 3);
  try {
    return await poller.poll();
  } finally {
    clearInterval(renew);
    await releaseLease(ctx.prisma, lease, holder).catch(() => undefined);
  }
}

/** Runs a poller on a node-cron schedule (runs never overlap in this process; the lease covers the others). */
export function schedulePoller(ctx: AppContext, poller: HttpPoller, options: PollerScheduleOptions = {}): { stop(): Promise<void> } {
  const task = schedule(
    options.cron ?? '*/30 * * * * *',
    async () => {
      try {
        await pollWithLease(ctx, poller, options);
      } catch (error) {
        ctx.logger.warn({ connector: poller.name, err: (error as Error).message }, 'poll run could not start; next run will retry');
      }
    },
    { name: `poll:${poller.name}`, noOverlap: true },
  );
  return {
    async stop() {
      poller.stop();
      await task.destroy();
    },
  };
}
