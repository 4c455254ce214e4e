import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { warmUp } from '../../src/app/warm-up.ts';
import { mergeIndex } from '../../src/merge/merge-index-sync.ts';
import { demand, postDemands, seedAccounts } from '../routing/routing-fixtures.ts';
import { startTestApp, type TestApp } from '../helpers/test-app.ts';

/**
 * A process warms up before it takes jobs: a second worker of a running deployment catches its
 * merge index up with the MergeEvent log then, not inside its first merge job (under the lock).
 */
describe('warm-up before taking jobs', () => {
  let first: TestApp;
  let second: TestApp | undefined;

  beforeAll(async () => {
    first = await startTestApp('redis-postgres');
    const admin = await seedAccounts(first.ctx, first.url, [{ username: 'w.a1', regions: 'A1区' }]);
    await postDemands(first.ctx, first.url, admin, [
      demand('warm-1', { title: 'A1区幸福路路灯损坏', content: 'A1区幸福路12号附近路灯损坏两周，夜间出行不安全，请尽快维修。' }),
      demand('warm-2', { title: 'A1区和平小区垃圾清运不及时', content: 'A1区和平小区垃圾站三天没有清运，气味很大，请环卫部门处理。' }),
    ]);
  });
  afterAll(async () => {
    await second?.close();
    await first?.close();
  });

  it('replays every committed merge decision before the first job', async () => {
    second = await startTestApp('redis-postgres', { shareWith: first, workers: false, http: false });
    const [row] = await second.ctx.database.query<{ max: string }>(`SELECT max(seq)::text AS max FROM "MergeEvent"`);
    const max = row!.max;
    expect(BigInt(max)).toBeGreaterThan(0n);
    expect(mergeIndex(second.ctx).lastSeq).toBe(0n);

    const took = await warmUp(second.ctx, ['merge']);
    expect(Object.keys(took).sort()).toEqual(['mergeIndex', 'mergeText']);
    expect(mergeIndex(second.ctx).lastSeq).toBe(BigInt(max));
    // the tickets are in its index: the same report again finds its ticket
    const [ticket] = await second.ctx.database.query<{ id: string }>(`SELECT "ticketId" AS id FROM "Demand" WHERE "sourceRef" = 'warm-1'`);
    const sync = mergeIndex(second.ctx);
    const again = { id: 'again', title: 'A1区幸福路路灯损坏', content: 'A1区幸福路12号附近路灯损坏两周，夜间出行不安全，请尽快维修。', occurredAt: new Date(), district: 'A1区', category: null, reporterHash: null };
    expect(sync.engine.candidateIds(sync.engine.profile(again))).toContain(ticket!.id);
  });

  it('warms only the stages the process runs, and a failure only logs', async () => {
    const third = await startTestApp('redis-postgres', { shareWith: first, workers: false, http: false });
    expect(Object.keys(await warmUp(third.ctx, ['normalise'])).sort()).toEqual(['classify']);
    await third.ctx.database.close(); // the database is gone: the merge index cannot be read
    const took = await warmUp(third.ctx, ['merge']);
    expect(took.mergeIndex).toBeUndefined();
    expect(took.mergeText).toBeGreaterThanOrEqual(0);
    await third.app.close().catch(() => undefined); // its queue connections; the database is closed already
  });
});
