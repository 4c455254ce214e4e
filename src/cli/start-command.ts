import { buildServer } from '../http/server.ts';
import { startSchedules } from '../../jobs/schedules.ts';
import { createApp } from '../app/create-app.ts';
import { redrive, startupRedrive } from '../app/redrive.ts';
import { ensureAdmin } from '../auth/bootstrap-admin.ts';
import { ConfigError, loadConfig } from '../config.ts';
import { seedDemo } from '../demo/seed-demo.ts';
import type { Args } from './main.ts';
import { exitOnSignals } from '../app/exit-on-signals.ts';

const say = (line = '') => process.stdout.write(`${line}\n`);

/** `lianxin start`: HTTP + web UI, workers and scheduler in one process. Keeps running. */
export async function startCommand(args: Args): Promise<number> {
  const config = loadConfig();
  if (args.values['no-demo']) config.LIANXIN_DEMO = false;
  const app = await createApp(config);
  const { ctx } = app;
  const admin = await ensureAdmin(ctx.prisma, config.ADMIN_PASSWORD);
  const otherWorkers = await ctx.queue.liveWorkers();
  await app.startWorkers();
  // before the demo is seeded: its records are queued by the seeding itself
  const redriven = await startupRedrive(ctx, otherWorkers);
  const seeded = config.LIANXIN_DEMO ? await seedDemo(ctx) : null;
  const schedules = startSchedules(ctx);
  const server = await buildServer(ctx);
  const address = await server.listen({ host: config.HOST, port: config.PORT });

  say(`\n连心桥 Lianxin is running at ${address}  (database: ${ctx.database.kind}, queues: ${ctx.queue.kind})`);
  say(`  re-driven unfinished work: ${JSON.stringify(redriven)}`);
  if (admin.password) say(`  admin login: admin / ${admin.password}   (generated once; set ADMIN_PASSWORD to choose it)`);
  if (seeded) {
    say(`  demo: ${seeded.demands} generated demands are flowing through the pipeline; member logins (demo only):`);
    for (const m of seeded.members) say(`    ${m.username} / ${m.password}   ${m.name}`);
    say(`  demo connector API key (POST /api/v1/demands): ${seeded.connectorKey}`);
  }
  say('');

  exitOnSignals(
    async () => {
      await server.close();
      await schedules.stop();
      await app.close();
    },
    ctx.logger,
    ctx.config.SHUTDOWN_TIMEOUT_MS,
  );
  return -1;
}

/** `lianxin worker`: pipeline workers only, to scale out on Redis + PostgreSQL. */
export async function workerCommand(): Promise<number> {
  const config = loadConfig();
  if (!config.REDIS_URL || !config.DATABASE_URL) {
    throw new ConfigError('Invalid configuration:\n  REDIS_URL, DATABASE_URL: `lianxin worker` needs both (in embedded mode `lianxin start` runs the workers itself)');
  }
  const app = await createApp(config);
  const otherWorkers = await app.ctx.queue.liveWorkers();
  await app.startWorkers();
  app.ctx.logger.info({ concurrency: config.WORKER_CONCURRENCY, stages: config.WORKER_STAGES }, 'worker started');
  // records stored by a process that died before queueing them (job ids dedupe the rest); the
  // database may be restarting right now (seen by `npm run chaos`): retry instead of exiting
  void redriveWithRetry(app.ctx, otherWorkers);
  exitOnSignals(() => app.close(), app.ctx.logger, config.SHUTDOWN_TIMEOUT_MS);
  return -1;
}

/** Start-up re-drive, retried with backoff (up to ~5 minutes) while the database is unreachable. */
async function redriveWithRetry(ctx: Parameters<typeof redrive>[0], otherWorkers: number, attempts = 10): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      const redriven = await startupRedrive(ctx, otherWorkers);
      ctx.logger.info({ redriven }, 'unfinished work re-driven');
      return;
    } catch (error) {
      if (attempt >= attempts) {
        ctx.logger.error({ err: (error as Error).message }, 'start-up re-drive failed; the sweep of `lianxin start` picks the work up');
        return;
      }
      ctx.logger.warn({ attempt, err: (error as Error).message }, 'start-up re-drive failed; retrying');
      await new Promise((resolve) => setTimeout(resolve, Math.min(30_000, 1_000 * 2 ** attempt)));
    }
  }
}
