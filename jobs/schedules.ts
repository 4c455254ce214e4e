import { schedule, type ScheduledTask } from 'node-cron';
import type { AppContext } from '../src/app/context.ts';
import { redrive } from '../src/app/redrive.ts';
import { sendWeeklyDigest } from '../src/inbox/weekly-digest.ts';
import { queueScheduledPush } from '../src/pipeline/push-inbox.ts';
import { refreshTicketHeat } from '../src/analytics/refresh-heat.ts';
import { routingSnapshot } from '../src/routing/routing-snapshot.ts';
import { errorMessage } from '../src/queue/job-queue.ts';
import { statusSyncJobSpec } from '../src/queue/job-specs.ts';

export interface ScheduleOptions {
  /** Outbox dispatch (status back to the sources); default every 10 s. */
  statusSync?: string;
  /** Re-drive of stuck work; default SWEEP_SCHEDULE (every 5 minutes). */
  sweep?: string;
  /** 定期推送: non-hot and deferred inbox items (daily limits), default 08:30 China time. */
  dailyPush?: string;
  /** 每周摘要 notification to every member, default Monday 08:30 China time. */
  weeklyDigest?: string;
}

/** The scheduler of `lianxin start` (one per deployment): node-cron tasks that queue jobs. */
export function startSchedules(ctx: AppContext, options: ScheduleOptions = {}): { stop(): Promise<void> } {
  const run = (name: string, fn: () => Promise<unknown>) => async () => {
    try {
      await fn();
    } catch (error) {
      ctx.logger.warn({ schedule: name, err: errorMessage(error) }, 'scheduled task failed; next run will retry');
    }
  };
  const tasks: ScheduledTask[] = [
    schedule(options.statusSync ?? '*/10 * * * * *', run('status-sync', () => ctx.queue.add([statusSyncJobSpec(new Date())])), { name: 'status-sync', noOverlap: true }),
    schedule(options.sweep ?? ctx.config.SWEEP_SCHEDULE, run('sweep', () => redrive(ctx, { olderThanMs: ctx.config.SWEEP_MIN_AGE_MS, tag: `sw${Date.now()}` })), { name: 'sweep', noOverlap: true }),
    schedule('*/15 * * * *', run('heat', async () => refreshTicketHeat(ctx.database, { hotHeat: (await routingSnapshot(ctx)).ruleSet.rules.push.hotHeat })), { name: 'heat', noOverlap: true }), // heat decays: recompute stored heat
    schedule(options.dailyPush ?? '30 8 * * *', run('daily-push', () => queueScheduledPush(ctx, `dp${Date.now()}`)), { name: 'daily-push', timezone: 'Asia/Shanghai', noOverlap: true }),
    schedule(options.weeklyDigest ?? '30 8 * * 1', run('weekly-digest', () => sendWeeklyDigest(ctx)), { name: 'weekly-digest', timezone: 'Asia/Shanghai', noOverlap: true }),
  ];
  return {
    async stop() {
      await Promise.all(tasks.map((t) => t.destroy()));
    },
  };
}
