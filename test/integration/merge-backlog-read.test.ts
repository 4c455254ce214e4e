import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mergeDemands } from '../../src/pipeline/merge-demand.ts';
import { MODES, startTestApp, type TestApp } from '../helpers/test-app.ts';

/**
 * A merge job takes the oldest demands waiting at MERGE along with its own (coalescing). Under a
 * backlog the table's statistics are stale — autovacuum analyses after the fact — and the planner
 * read either every waiting demand (then sorted them) or every demand ever merged (walking the
 * primary key), for each job. The read must walk the index of demands at MERGE in order and stop
 * at its limit, whatever the statistics say. The statements of the coalescing transaction are
 * captured and planned again (EXPLAIN ANALYZE) with the settings they ran with.
 */
describe.each(MODES)('merge: reading the oldest waiting demands of a backlog (%s)', (mode) => {
  let t: TestApp;
  const transactions: Array<Array<{ sql: string; params: unknown[] }>> = [];

  beforeAll(async () => {
    t = await startTestApp(mode, { workers: false, http: false });
    const transaction = t.ctx.database.transaction.bind(t.ctx.database);
    t.ctx.database.transaction = ((fn) =>
      transaction((query) => {
        const issued: Array<{ sql: string; params: unknown[] }> = [];
        transactions.push(issued);
        return fn((async (sql: string, params?: unknown[]) => {
          issued.push({ sql, params: params ?? [] });
          return query(sql, params as never);
        }) as typeof query);
      })) as typeof t.ctx.database.transaction;
  }, 60_000);
  afterAll(async () => {
    await t?.close();
  });

  /** Demands at MERGE, ids in arrival order (as UUIDv7 ids are). */
  const enqueue = (prefix: string, n: number) =>
    t.ctx.database.query(
      `INSERT INTO "Demand" (id, "rawRecordId", source, "sourceRef", channel, content, "occurredAt", "textHash", stage)
       SELECT $1 || lpad(i::text, 5, '0'), $1 || i, 'hotline-12345', $1 || i, 'hotline',
         '第' || i || '号楼门口路灯不亮，晚上出行不便', now(), md5($1 || i), 'MERGE'
       FROM generate_series(1, $2::int) AS i`,
      [prefix, n],
    );
  const idOf = (prefix: string, i: number) => `${prefix}${String(i).padStart(5, '0')}`;

  /** Merges `own` with up to 39 others coalesced; returns them and the plan (EXPLAIN ANALYZE) of the coalescing read as it ran. */
  async function coalesce(own: string): Promise<{ merged: string[]; plan: string }> {
    transactions.length = 0;
    const batch = await mergeDemands(t.ctx, [own], { coalesceUpTo: 40 });
    // the transaction whose last statement reads ids of demands at MERGE, oldest first
    const read = transactions.find((tx) => /FROM "Demand" WHERE stage = 'MERGE'.*ORDER BY id LIMIT/s.test(tx.at(-1)?.sql ?? ''));
    expect(read).toBeDefined();
    const plan = await t.ctx.database.transaction(async (query) => {
      for (const q of read!.slice(0, -1)) await query(q.sql, q.params);
      const last = read!.at(-1)!;
      const rows = await query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF) ${last.sql}`, last.params);
      return rows.map((r) => r['QUERY PLAN']).join('\n');
    });
    return { merged: [...batch.results.keys()], plan };
  }

  const expectIndexWalk = (plan: string) => {
    expect(plan).toContain('Index Scan using "Demand_merging_idx"');
    expect(plan).not.toMatch(/Bitmap|Sort|Seq Scan|Demand_pkey|Demand_in_flight_idx/);
  };

  it('walks the index of demands at MERGE when the statistics predate the backlog', async () => {
    // a backlog inserted after the table was created, never analysed: the planner believes few demands wait
    await enqueue('a-', 3000);
    const own = idOf('a-', 10);
    const { merged, plan } = await coalesce(own);
    // its own demand, then the oldest others
    const oldest = Array.from({ length: 40 }, (_, i) => idOf('a-', i + 1)).filter((id) => id !== own);
    expect(merged).toEqual([own, ...oldest.slice(0, 39)]);
    expectIndexWalk(plan);
    // the scan stopped after the excluded demand and the limit, not at the backlog's end
    const scanned = Number(/Index Scan using "Demand_merging_idx".*?actual rows=(\d+)/s.exec(plan)?.[1]);
    expect(scanned).toBeLessThanOrEqual(40);
  }, 60_000);

  it('walks the index of demands at MERGE when the statistics say many wait and few do', async () => {
    // analysed while thousands waited; then all but a few moved on (merged, routed)
    await t.ctx.database.query('ANALYZE "Demand"');
    await t.ctx.database.query(`UPDATE "Demand" SET stage = 'DONE' WHERE stage = 'MERGE' AND id < $1`, [idOf('a-', 2990)]);
    await enqueue('b-', 5);
    const own = idOf('b-', 1);
    const { merged, plan } = await coalesce(own);
    expect(merged).toEqual([own, ...Array.from({ length: 11 }, (_, i) => idOf('a-', 2990 + i)), ...[2, 3, 4, 5].map((i) => idOf('b-', i))]);
    expectIndexWalk(plan);
  }, 60_000);
});
