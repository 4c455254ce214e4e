import { randomBytes } from 'node:crypto';
import { Kafka, logLevel, Partitioners, type Producer } from 'kafkajs';
import { redrive } from '../app/redrive.ts';
import { statusSyncJobSpec } from '../queue/job-specs.ts';
import { startTarget, stopChild, type BenchTarget } from './bench-target.ts';
import { CallbackReceiver } from './callback-receiver.ts';
import { checkInvariants } from './chaos-invariants.ts';
import { startLoad } from './chaos-load.ts';
import { onInterrupt } from './bench-interrupt.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export const FAULTS = ['worker-kill', 'redis-restart', 'postgres-restart', 'kafka-restart', 'callback-outage'] as const;
export type Fault = (typeof FAULTS)[number];

export interface ChaosOptions {
  faults?: Fault[];
  /** Records per second through the ingest path (Kafka gets a quarter of that per second on top). */
  rate?: number;
  /** Load before, between and after faults. */
  spacingMs?: number;
  /** How long the status callback URL stays down. */
  callbackDownMs?: number;
  /** How long Redis / PostgreSQL stay down when restarted. */
  serviceDownMs?: number;
  workers?: number;
  recoveryTimeoutMs?: number;
  log?: (line: string) => void;
}

export interface ChaosReport {
  ok: boolean;
  violations: string[];
  faults: Array<{ fault: Fault; at: number; detail: string }>;
  load: { acceptedRecords: number; refusedCalls: number; memberActions: number };
  recoverySeconds: number;
  invariants: Awaited<ReturnType<typeof checkInvariants>>['values'];
}

/**
 * Fault injection under load on private PostgreSQL, Redis and Kafka (started here, so
 * restarting them disturbs nothing else): real `lianxin worker` processes do the work while
 * this process ingests, acts as members, queues status-sync and — as the scheduler of
 * `lianxin start` does every 5 minutes — re-drives unfinished work. After the faults the
 * load stops and the invariants are checked once the system has settled.
 */
export async function runChaos(opts: ChaosOptions = {}): Promise<ChaosReport> {
  const log = opts.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const faults = opts.faults ?? [...FAULTS];
  const spacing = opts.spacingMs ?? 10_000;
  const { startPostgres } = await import('../../test/services/postgres.ts');
  const { startRedis } = await import('../../test/services/redis.ts');
  const pg = await startPostgres();
  const redis = await startRedis();
  const kafka = faults.includes('kafka-restart') ? await (await import('../../test/services/kafka.ts')).startKafka() : undefined;
  const stopServices = async () => {
    await kafka?.stop().catch(() => undefined);
    await redis.stop().catch(() => undefined);
    await pg.stop().catch(() => undefined);
  };
  const forgetServices = onInterrupt(stopServices);
  const receiver = new CallbackReceiver();
  await receiver.up();
  const tag = randomBytes(3).toString('hex');
  let target: BenchTarget | undefined;
  let producer: Producer | undefined;
  const stopTimers: Array<() => void> = [];
  try {
    const kafkaEnv: Record<string, string> = kafka
      ? { KAFKA_BROKERS: kafka.brokers, KAFKA_WORKORDER_TOPIC: `wo-${tag}`, KAFKA_STATUS_IN_TOPIC: `st-${tag}`, KAFKA_STATUS_OUT_TOPIC: `out-${tag}`, KAFKA_GROUP_ID: `g-${tag}` }
      : {};
    if (kafka) {
      const client = new Kafka({ clientId: 'lianxin-chaos', brokers: [kafka.brokers], logLevel: logLevel.NOTHING, retry: { retries: 2 } });
      const admin = client.admin();
      await admin.connect();
      await admin.createTopics({ topics: [`wo-${tag}`, `st-${tag}`, `out-${tag}`].map((topic) => ({ topic, numPartitions: 3 })), waitForLeaders: true });
      await admin.disconnect();
      producer = client.producer({ createPartitioner: Partitioners.DefaultPartitioner });
      await producer.connect();
    }
    target = await startTarget({
      mode: 'redis-postgres',
      databaseUrl: pg.url,
      redisUrl: redis.url,
      workers: opts.workers ?? 2,
      concurrency: 4,
      members: 40,
      env: { ...kafkaEnv, STATUS_CALLBACK_URL: receiver.url, DATABASE_POOL_SIZE: '5' },
    });
    const { ctx } = target.app;
    const every = (ms: number, fn: () => Promise<unknown>) => {
      const t = setInterval(() => void fn().catch(() => undefined), ms);
      stopTimers.push(() => clearInterval(t));
    };
    every(2000, () => ctx.queue.add([statusSyncJobSpec(new Date())]));
    every(5000, () => redrive(ctx, { olderThanMs: 10_000, tag: `cs${Date.now()}` }));
    const load = startLoad(ctx, { tag, rate: opts.rate ?? 40, produce: producer ? async (values) => void (await producer!.send({ topic: `wo-${tag}`, messages: values.map((value) => ({ value })) })) : undefined });
    const started = Date.now();
    const done: ChaosReport['faults'] = [];
    const note = (fault: Fault, detail: string) => {
      done.push({ fault, at: Math.round((Date.now() - started) / 1000), detail });
      log(`chaos: ${fault}: ${detail}`);
    };
    await sleep(spacing);
    for (const fault of faults) {
      if (fault === 'worker-kill') {
        const victim = target.workers[0]!;
        // mid-batch: wait (up to 60 s) until jobs are running, so the kill interrupts work
        let active = 0;
        for (let waited = 0; waited < 60_000 && active === 0; waited += 100) {
          active = Object.values(await ctx.queue.counts()).reduce((n, c) => n + c.active, 0);
          if (active === 0) await sleep(100);
        }
        victim.kill('SIGKILL');
        await new Promise((r) => victim.once('exit', r));
        target.workers.splice(0, 1);
        await sleep(2000);
        target.startWorker();
        note(fault, `kill -9 of worker pid ${victim.pid} with ${active} jobs active; a new worker started 2 s later`);
      } else if (fault === 'redis-restart') {
        await redis.restart(opts.serviceDownMs ?? 3000);
        note(fault, `redis-server stopped (no persistence: every queued job lost), down ${opts.serviceDownMs ?? 3000} ms, started again`);
      } else if (fault === 'postgres-restart') {
        await pg.restart(opts.serviceDownMs ?? 3000);
        note(fault, `PostgreSQL immediate shutdown (connections dropped), down ${opts.serviceDownMs ?? 3000} ms, started again`);
      } else if (fault === 'kafka-restart') {
        await kafka!.restart();
        note(fault, 'Kafka broker stopped and started again on the same ports and data');
      } else if (fault === 'callback-outage') {
        const ms = opts.callbackDownMs ?? 120_000;
        // members must be acting (writing outbox events) while the callback is down
        for (let waited = 0; waited < 180_000 && load.counters.actions < 3; waited += 500) await sleep(500);
        await receiver.down();
        note(fault, `status callback URL down (connections refused) for ${ms} ms`);
        await sleep(ms);
        await receiver.up();
      }
      await sleep(spacing);
    }
    await load.stop();
    log(`chaos: load stopped after ${Math.round((Date.now() - started) / 1000)} s; ${load.counters.accepted.size} records accepted; waiting for recovery`);
    const recoveryStart = Date.now();
    const deadline = recoveryStart + (opts.recoveryTimeoutMs ?? 600_000);
    let result = await checkInvariants(ctx, load.counters.accepted, receiver);
    while (!result.ok && Date.now() < deadline) {
      await sleep(3000);
      result = await checkInvariants(ctx, load.counters.accepted, receiver);
    }
    if (result.ok) {
      // settled: a last look a little later must still hold (nothing in flight changes it)
      await sleep(3000);
      result = await checkInvariants(ctx, load.counters.accepted, receiver);
    }
    return {
      ok: result.ok,
      violations: result.violations,
      faults: done,
      load: { acceptedRecords: load.counters.accepted.size, refusedCalls: load.counters.refused, memberActions: load.counters.actions },
      recoverySeconds: Math.round((Date.now() - recoveryStart) / 1000),
      invariants: result.values,
    };
  } finally {
    for (const stop of stopTimers) stop();
    await producer?.disconnect().catch(() => undefined);
    if (target) await Promise.all(target.workers.map((w) => stopChild(w)));
    await target?.close().catch(() => undefined);
    await receiver.down();
    forgetServices();
    await stopServices();
  }
}
