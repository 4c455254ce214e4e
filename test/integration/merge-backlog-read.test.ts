import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mergeDemands } from '../../src/pipeline/merge-demand.ts';
import { MODES, startTestApp, type TestApp } from '../helpers/test-app.ts';

/**
 * A merge job takes the oldest demands waiting at MERGE along with its own (coalescing). With a
 * backlog the table's statistics are stale — autovacuum has not analysed it since the backlog
 * formed — and the planner, believing few demands wait, read every waiting demand and sorted them
 * for each job. The read must walk the in-flight index in order and stop at its limit, whatever
 * the statistics say. Every statement the coalescing transaction issues is captured and planned
 * again (EXPLAIN ANALYZE) with the settings it ran with.
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

  it('walks the in-flight index to its limit instead of reading the whole backlog', async () => {
    const backlog = 3000;
    // demands at MERGE, ids in arrival order (as UUIDv7 ids are), inserted after the table was created and never analysed
    await t.ctx.database.query(
      `INSERT INTO "Demand" (id, "rawRecordId", source, "sourceRef", channel, content, "occurredAt", "textHash", stage)
       SELECT 'backlog-' || lpad(i::text, 5, '0'), 'raw-' || i, 'hotline-12345', 'ref-' || i, 'hotline',
         '第' || i || '号楼门口路灯不亮，晚上出行不便', now(), md5(i::text), 'MERGE'
       FROM generate_series(1, $1::int) AS i`,
      [backlog],
    );
    transactions.length = 0;
    const own = 'backlog-00010';
    const batch = await mergeDemands(t.ctx, [own], { coalesceUpTo: 40 });
    // its own demand, then the oldest others
    const oldest = Array.from({ length: 40 }, (_, i) => `backlog-${String(i + 1).padStart(5, '0')}`).filter((id) => id !== own);
    expect([...batch.results.keys()]).toEqual([own, ...oldest.slice(0, 39)]);

    // the coalescing read: the transaction whose last statement reads demands at MERGE ordered by id
    const read = transactions.find((tx) => tx.at(-1)?.sql.includes("stage = 'MERGE' AND NOT (id = ANY"));
    expect(read).toBeDefined();
    const plan = await t.ctx.database.transaction(async (query) => {
      for (const q of read!.slice(0, -1)) await query(q.sql, q.params);
      const last = read!.at(-1)!;
      const rows = await query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF) ${last.sql}`, last.params);
      return rows.map((r) => r['QUERY PLAN']).join('\n');
    });
    expect(plan).toContain('Index Scan using "Demand_in_flight_idx"');
    expect(plan).not.toMatch(/Bitmap|Sort|Seq Scan/);
    // the index scan stopped after the excluded demand and the limit, not at the backlog's end
    const scanned = Number(/Index Scan using "Demand_in_flight_idx".*?actual rows=(\d+)/s.exec(plan)?.[1]);
    expect(scanned).toBeLessThanOrEqual(40);
  }, 60_000);
});
