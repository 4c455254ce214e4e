import { buildServer } from '../http/server.ts';
import { startSchedules } from '../../jobs/schedules.ts';
import { createApp } from '../app/create-app.ts';
import { redrive } from '../app/redrive.ts';
import { ensureAdmin } from '../auth/bootstrap-admin.ts';
import { ConfigError, loadConfig } from '../config.ts';
import { seedDemo } from '../demo/seed-demo.ts';
import type { Args } from './main.ts';

const say = (line = '') => process.stdout.write(`${line}\n`);

/** `lianxin start`: HTTP + web UI, workers and scheduler in one process. Keeps running. */
export async function startCommand(args: Args): Promise<number> {
  const config = loadConfig();
  if (args.values['no-demo']) config.LIANXIN_DEMO = false;
  const app = await createApp(config);
  const { ctx } = app;
  const admin = await ensureAdmin(ctx.prisma, config.ADMIN_PASSWORD);
  await app.startWorkers();
  const seeded = config.LIANXIN_DEMO ? await seedDemo(ctx) : null;
  const redriven = await redrive(ctx);
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

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    ctx.logger.info({ signal }, 'shutting down');
    await server.close();
    await schedules.stop();
    await app.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
  return -1;
}

/** `lianxin worker`: pipeline workers only, to scale out on Redis + PostgreSQL. */
export async function workerCommand(): Promise<number> {
  const config = loadConfig();
  if (!config.REDIS_URL || !config.DATABASE_URL) {
    throw new ConfigError('Invalid configuration:\n  REDIS_URL, DATABASE_URL: `lianxin worker` needs both (in embedded mode `lianxin start` runs the workers itself)');
  }
  const app = await createApp(config);
  await app.startWorkers();
  // records stored by a process that died before queueing them (job ids dedupe the rest)
  const redriven = await redrive(app.ctx);
  app.ctx.logger.info({ concurrency: config.WORKER_CONCURRENCY, redriven }, 'worker started');
  const stop = async () => {
    await app.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
  return -1;
}
