import { afterEach, describe, expect, it } from 'vitest';
import { receiveRecords } from '../../src/ingest/receive-records.ts';
import { redrive } from '../../src/app/redrive.ts';
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
