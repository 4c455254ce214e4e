import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createTopics, produce } from '../helpers/kafka-client.ts';
import { startTestApp, waitFor, type TestApp } from '../helpers/test-app.ts';
import { workOrder } from '../helpers/work-orders.ts';

const brokers = inject('kafkaBrokers');
const BIN = fileURLToPath(new URL('../../bin/lianxin.js', import.meta.url));
const N = 1500;
const LOCK_MS = 5000;

describe.skipIf(!brokers)('kill -9 of a worker in the middle of a Kafka batch', () => {
  let t: TestApp;
  let env: NodeJS.ProcessEnv;
  const children: ChildProcess[] = [];
  const tag = randomBytes(4).toString('hex');

  const startWorker = () => {
    const child = spawn(process.execPath, [BIN, 'worker'], { env, stdio: ['ignore', 'ignore', 'pipe'] });
    child.stderr!.on('data', () => undefined);
    children.push(child);
    return child;
  };

  beforeAll(async () => {
    await createTopics(brokers, [`wo-${tag}`, `st-${tag}`]);
    // this process only owns the database; the work is done by separate worker processes
    t = await startTestApp('redis-postgres', { workers: false, http: false });
    const c = t.ctx.config;
    env = {
      ...process.env,
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      DATABASE_URL: c.DATABASE_URL,
      REDIS_URL: c.REDIS_URL,
      QUEUE_PREFIX: c.QUEUE_PREFIX,
      DATA_DIR: c.DATA_DIR,
      PII_SALT: c.PII_SALT,
      KAFKA_BROKERS: brokers,
      KAFKA_WORKORDER_TOPIC: `wo-${tag}`,
      KAFKA_STATUS_IN_TOPIC: `st-${tag}`,
      KAFKA_STATUS_OUT_TOPIC: `out-${tag}`,
      KAFKA_GROUP_ID: `g-${tag}`,
      // the killed worker's running jobs (their records stored, not yet normalised) come back
      // once their lock expires and the new worker's stalled check finds them
      WORKER_LOCK_MS: String(LOCK_MS),
    };
  });
  afterAll(async () => {
    for (const child of children) child.kill('SIGKILL');
    await t?.close();
  });

  it('turns every record into exactly one Demand after the restart', async () => {
    await produce(brokers, `wo-${tag}`, Array.from({ length: N }, (_, i) => ({ value: JSON.stringify(workOrder(i)) })));
    const { prisma } = t.ctx;
    const first = startWorker();
    await waitFor(async () => (await prisma.rawRecord.count()) >= 300, { what: 'first records stored', timeoutMs: 60_000 });
    first.kill('SIGKILL');
    await new Promise((r) => first.once('exit', r));
    const storedAtKill = await prisma.rawRecord.count();
    const doneAtKill = await prisma.demand.count({ where: { stage: 'DONE' } });
    expect(doneAtKill).toBeLessThan(N); // it really died mid-way

    startWorker();
    await waitFor(async () => (await prisma.demand.count({ where: { stage: 'DONE' } })) === N, { what: `${N} demands DONE after restart`, timeoutMs: 150_000, intervalMs: 500 });
    expect(await prisma.demand.count()).toBe(N);
    const refs = await prisma.demand.findMany({ select: { sourceRef: true } });
    expect(new Set(refs.map((r) => r.sourceRef)).size).toBe(N);
    expect(await prisma.rawRecord.count({ where: { state: 'QUARANTINED' } })).toBe(0);
    // a job the killed worker held returns after its lock expires and one or two stalled checks
    await waitFor(async () => (await prisma.rawRecord.count({ where: { state: 'RECEIVED' } })) === 0, { what: 'no record left unprocessed', timeoutMs: 3 * LOCK_MS + 30_000 });
    console.log(`kill -9 after ${storedAtKill} stored / ${doneAtKill} done; after restart ${N} demands, ${await prisma.rawRecord.count()} raw records (redelivered batches stored twice, merged by (source, sourceRef))`);
  }, 240_000);
});
