import { afterEach, describe, expect, it } from 'vitest';
import { receiveRecords } from '../../src/ingest/receive-records.ts';
import { redrive, startupRedrive } from '../../src/app/redrive.ts';
import { startTestApp, waitFor, type TestApp } from '../helpers/test-app.ts';

const record = (i: number) => ({
  source: 'mailbox',
  sourceRef: `r-${i}`,
  format: 'demand-v1' as const,
  payload: JSON.stringify({ source: 'mailbox', sourceRef: `r-${i}`, channel: 'mailbox', content: `第${i}号来信：道路破损需要维修`, district: 'A1区', occurredAt: '2026-11-20T10:00:00Z' }),
});

describe.each(['embedded', 'redis-postgres'] as const)('a restart loses nothing (%s)', (mode) => {
  const opened: TestApp[] = [];
  afterEach(async () => {
    for (const t of opened.reverse()) await t.close();
    opened.length = 0;
  });

  it('re-drives records stored by a process that stopped before processing them', async () => {
    // first process: receives and stores, but its workers never run (as if it died)
    const first = await startTestApp(mode, { workers: false, http: false });
    await receiveRecords(first.ctx, Array.from({ length: 20 }, (_, i) => record(i)));
    expect(await first.ctx.prisma.rawRecord.count({ where: { state: 'RECEIVED' } })).toBe(20);
    await first.app.close();
    if (mode === 'redis-postgres') {
      // the Redis jobs are kept too, but the database alone must be enough: drop them
      const { Redis } = await import('ioredis');
      const redis = new Redis(first.ctx.config.REDIS_URL!);
      const keys = await redis.keys(`${first.ctx.config.QUEUE_PREFIX}:*`);
      if (keys.length) await redis.del(...keys);
      await redis.quit();
    }

    const second = await startTestApp(mode, { shareWith: first });
    opened.push(second, { ...first, close: async () => first.close().catch(() => undefined) });
    const counts = await redrive(second.ctx);
    expect(counts.records).toBe(20);
    await waitFor(async () => (await second.ctx.prisma.demand.count({ where: { stage: 'DONE' } })) === 20, { what: '20 demands DONE' });
    expect(await second.ctx.prisma.rawRecord.count({ where: { state: 'ACCEPTED' } })).toBe(20);
    expect(await second.ctx.prisma.demand.count()).toBe(20);
  });
});

describe('start-up re-drive beside live workers (redis-postgres)', () => {
  const opened: TestApp[] = [];
  afterEach(async () => {
    for (const t of opened.reverse()) await t.close();
    opened.length = 0;
  });

  it('queues all unfinished work when alone, and leaves young work to workers already running', async () => {
    const starting = await startTestApp('redis-postgres', { workers: false, http: false });
    opened.push(starting);
    expect(await starting.ctx.queue.liveWorkers()).toBe(0);
    await receiveRecords(starting.ctx, Array.from({ length: 10 }, (_, i) => record(100 + i)));
    // alone: everything short of done is queued again (ids per batch of the re-drive)
    expect((await startupRedrive(starting.ctx, 0)).records).toBe(10);

    const live = await startTestApp('redis-postgres', { shareWith: starting, http: false });
    opened.push(live);
    // (a worker's named connection to Redis opens as its loop starts)
    let others = 0;
    await waitFor(async () => (others = await starting.ctx.queue.liveWorkers()) > 0, { what: 'live workers seen' });
    // beside live workers: work younger than SWEEP_MIN_AGE_MS is theirs, nothing is queued twice
    expect((await startupRedrive(starting.ctx, others)).records).toBe(0);
    await waitFor(async () => (await live.ctx.prisma.demand.count({ where: { stage: 'DONE' } })) === 10, { what: '10 demands DONE' });
    expect(await live.ctx.prisma.demand.count()).toBe(10);
  });
});
