import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createApp, type App } from '../app/create-app.ts';
import { loadConfig } from '../config.ts';
import { createLogger } from '../logger.ts';
import { STAGES, type StageName } from '../queue/job-queue.ts';
import { resetStageStats, stageStats, type StageStats } from '../queue/stage-metrics.ts';
import { DISTRICTS, CATEGORIES } from '../demo/demo-vocabulary.ts';
import { onInterrupt } from './bench-interrupt.ts';

const BIN = fileURLToPath(new URL('../../bin/lianxin.js', import.meta.url));

export type BenchMode = 'embedded' | 'redis-postgres';

/** One deployment under test: this process ingests (and, embedded, works); workers are child processes. */
export interface BenchTarget {
  mode: BenchMode;
  app: App;
  workers: ChildProcess[];
  env: NodeJS.ProcessEnv;
  /** Per-stage stats summed over every process doing work. */
  stages(): Record<StageName, StageStats>;
  /** Starts one `lianxin worker` process (extra environment: e.g. WORKER_STAGES). */
  startWorker(extraEnv?: Record<string, string>): ChildProcess;
  /** Resolves once every worker process started so far takes jobs (warmed up: see warmUp). */
  workersReady(timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

export interface TargetOptions {
  mode: BenchMode;
  workers?: number;
  /** How many of the worker processes merge (default all; the others get WORKER_STAGES without merge). */
  mergeWorkers?: number;
  concurrency?: number;
  members?: number;
  env?: Record<string, string>;
  /** Servers to use instead of DATABASE_URL and REDIS_URL (fault injection runs private ones). */
  databaseUrl?: string;
  redisUrl?: string;
}

/**
 * A fresh deployment: embedded (PGlite in a temp dir, in-process queues and workers) or
 * Redis + PostgreSQL (a new database on DATABASE_URL's server, a unique queue prefix, and
 * `workers` real `lianxin worker` child processes).
 */
export async function startTarget(opts: TargetOptions): Promise<BenchTarget> {
  const dataDir = await mkdtemp(join(tmpdir(), 'lianxin-bench-'));
  const env: Record<string, string> = {
    NODE_ENV: 'production',
    LOG_LEVEL: 'error',
    DATA_DIR: dataDir,
    LIANXIN_DEMO: 'off',
    PII_SALT: 'bench-salt-0123456789abcdef',
    WORKER_CONCURRENCY: String(opts.concurrency ?? 4),
    // the pipeline alone: no Kafka consumers, pollers or callbacks unless asked for
    KAFKA_BROKERS: '',
    MAILBOX_URL: '',
    MESSAGE_BOARD_URL: '',
    CPPCC_URL: '',
    CPPCC_CALLBACK_URL: '',
    STATUS_CALLBACK_URL: '',
    ...opts.env,
  };
  let dropDatabase: (() => Promise<void>) | undefined;
  if (opts.mode === 'redis-postgres') {
    const DATABASE_URL = opts.databaseUrl ?? process.env.DATABASE_URL;
    const REDIS_URL = opts.redisUrl ?? process.env.REDIS_URL;
    if (!DATABASE_URL || !REDIS_URL) throw new Error('redis-postgres needs DATABASE_URL and REDIS_URL');
    const { createTestDatabase } = await import('../../test/services/postgres.ts');
    const db = await createTestDatabase(DATABASE_URL, 'bench');
    dropDatabase = db.drop;
    Object.assign(env, { DATABASE_URL: db.url, REDIS_URL, QUEUE_PREFIX: `b${randomBytes(4).toString('hex')}` });
  }
  const app = await createApp(loadConfig(env), createLogger('error'));
  // this process's own stage times start at zero for each deployment (an earlier embedded part's
  // jobs ran here and were summed into the next part's table)
  resetStageStats();
  await seedMembers(app, opts.members ?? 200);
  if (opts.mode === 'embedded') await app.startWorkers();
  const workers: ChildProcess[] = [];
  const metricsFiles: string[] = [];
  const childEnv = { ...process.env, ...env };
  const target: BenchTarget = {
    mode: opts.mode,
    app,
    workers,
    env: childEnv,
    startWorker(extraEnv = {}) {
      const file = join(dataDir, `metrics-${workers.length}.json`);
      metricsFiles.push(file);
      const nodeArgs = (process.env.BENCH_WORKER_NODE_ARGS ?? '').split(' ').filter(Boolean);
      const child = spawn(process.execPath, [...nodeArgs, BIN, 'worker'], { env: { ...childEnv, ...extraEnv, LIANXIN_METRICS_FILE: file }, stdio: ['ignore', 'ignore', 'inherit'] });
      workers.push(child);
      child.once('exit', onInterrupt(() => child.kill('SIGKILL')));
      return child;
    },
    async workersReady(timeoutMs = 120_000) {
      // a worker writes its metrics file first when its queue workers start, after warm-up
      const deadline = Date.now() + timeoutMs;
      while (!metricsFiles.every(existsSync)) {
        if (Date.now() > deadline) throw new Error(`worker processes not ready after ${timeoutMs} ms`);
        if (workers.some((w) => w.exitCode !== null)) throw new Error('a worker process exited during start-up');
        await new Promise((r) => setTimeout(r, 100));
      }
    },
    stages() {
      const all = [stageStats(), ...metricsFiles.filter(existsSync).map((f) => (JSON.parse(readFileSync(f, 'utf8')) as { stages: Record<StageName, StageStats> }).stages)];
      return Object.fromEntries(
        STAGES.map((stage) => {
          const parts = all.map((s) => s[stage]);
          return [stage, {
            jobs: sum(parts.map((p) => p.jobs)), failed: sum(parts.map((p) => p.failed)), totalMs: sum(parts.map((p) => p.totalMs)),
            dbMs: sum(parts.map((p) => p.dbMs)), queries: sum(parts.map((p) => p.queries)), maxMs: Math.max(...parts.map((p) => p.maxMs)),
            waitMs: sum(parts.map((p) => p.waitMs ?? 0)),
            samples: parts.flatMap((p) => p.samples),
          }];
        }),
      ) as Record<StageName, StageStats>;
    },
    async close() {
      await Promise.all(workers.map((w) => stopChild(w)));
      await app.close();
      await dropDatabase?.();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
  // `mergeWorkers` of the processes merge (default all); the others run every other stage
  const merging = opts.mergeWorkers ?? opts.workers ?? 0;
  // when some do not merge, the merging ones only merge: merge decisions are serialised, so the
  // merging process's event loop should not wait behind other stages' jobs (2 workers, 200/s live:
  // p50 541 → 260 ms, p99 793 → 711 ms; backlog 262 → 285 demands/s)
  const merger: Record<string, string> = (opts.workers ?? 0) > merging ? { WORKER_STAGES: 'merge' } : {};
  for (let i = 0; i < (opts.workers ?? 0); i += 1) target.startWorker(i < merging ? merger : { WORKER_STAGES: 'normalise,classify,route,push,status-sync' });
  return target;
}

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

export async function stopChild(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill(signal);
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

/** Members covering every district and category, with daily limits that never defer a push. */
async function seedMembers(app: App, count: number): Promise<void> {
  const districts = DISTRICTS.map((d) => d.name);
  await app.ctx.prisma.member.createMany({
    data: Array.from({ length: count }, (_, i) => ({
      name: `委员${i}`,
      sector: '界别',
      committee: '专委会',
      regions: i % 10 === 0 ? ['全市'] : [districts[i % districts.length]!, districts[(i * 3 + 1) % districts.length]!],
      topics: i % 7 === 0 ? [] : [CATEGORIES[i % CATEGORIES.length]!, CATEGORIES[(i * 5 + 2) % CATEGORIES.length]!],
      dailyLimit: 1_000_000,
    })),
  });
}
