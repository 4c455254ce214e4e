import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routeTickets } from '../../src/pipeline/route-ticket.ts';
import { startTestApp, type TestApp } from '../helpers/test-app.ts';

/**
 * Route marks the demands of its batch done. A hot ticket has thousands of demands already done,
 * and each new report routes it again; under a backlog thousands of other tickets' demands wait
 * for routing too. The statement must read the batch's waiting demands alone (the partial index
 * of migration 0018), neither every demand the ticket ever had nor every demand in flight.
 */
describe('route marks demands done through the index of demands waiting for routing', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp('redis-postgres', { workers: false, http: false });
  }, 60_000);
  afterAll(async () => t?.close());

  it('reads the waiting demands only, however many the ticket has', async () => {
    const { prisma } = t.ctx;
    const now = new Date();
    const raw = await prisma.rawRecord.create({ data: { source: 'test', sourceRef: 'route-done', payload: '{}', state: 'ACCEPTED' } });
    const ticket = await prisma.ticket.create({ data: { title: '热点', summary: '', dedupKey: 'route-done', firstSeenAt: now, lastSeenAt: now, demandCount: 403, version: 2, routedVersion: 1 } });
    const demand = (i: number, stage: 'DONE' | 'ROUTE') => ({
      rawRecordId: raw.id, source: 'test', sourceRef: `route-done-${i}`, channel: '12345', title: '热点', content: '内容', occurredAt: now, textHash: `route-done-${i}`, stage, ticketId: ticket.id,
    });
    await prisma.demand.createMany({ data: Array.from({ length: 400 }, (_, i) => demand(i, 'DONE')) });
    await prisma.demand.createMany({ data: Array.from({ length: 3 }, (_, i) => demand(400 + i, 'ROUTE')) });
    // a backlog: another ticket's demands wait for their own route job
    const other = await prisma.ticket.create({ data: { title: '积压', summary: '', dedupKey: 'route-done-other', firstSeenAt: now, lastSeenAt: now, demandCount: 400, version: 1 } });
    await prisma.demand.createMany({ data: Array.from({ length: 400 }, (_, i) => ({ ...demand(500 + i, 'ROUTE'), ticketId: other.id })) });
    await t.ctx.database.query('ANALYZE "Demand"');

    const issued: Array<{ sql: string; params: unknown[] }> = [];
    const db = t.ctx.database;
    const { query } = db;
    db.query = ((sql: string, params?: unknown[]) => (issued.push({ sql, params: params ?? [] }), query(sql, params as never))) as typeof query;
    try {
      expect(await routeTickets(t.ctx, [ticket.id])).toEqual([{ ticketId: ticket.id, version: 2 }]);
    } finally {
      db.query = query;
    }
    expect(await prisma.demand.count({ where: { ticketId: ticket.id, stage: 'DONE' } })).toBe(403);
    const done = issued.filter((q) => q.sql.includes(`SET stage = 'DONE'`));
    expect(done).toHaveLength(1);

    // back to before the route, then the statement planned and run again (rolled back)
    await prisma.demand.updateMany({ where: { sourceRef: { in: ['route-done-400', 'route-done-401', 'route-done-402'] } }, data: { stage: 'ROUTE' } });
    await prisma.ticket.update({ where: { id: ticket.id }, data: { routedVersion: 1 } });
    const scans: Array<{ node: string; rows: number }> = [];
    await db
      .transaction(async (run) => {
        await run('SET LOCAL enable_seqscan = off');
        const [row] = await run<Record<string, unknown>>(`EXPLAIN (ANALYZE, FORMAT JSON) ${done[0]!.sql}`, done[0]!.params);
        const plan = Object.values(row!)[0];
        const walk = (node: Record<string, any>): void => {
          const on = String(node['Index Name'] ?? node['Relation Name'] ?? '');
          // rows read: those the scan returned and those its filter dropped
          const read = Number(node['Actual Rows']) + Number(node['Rows Removed by Filter'] ?? 0) + Number(node['Rows Removed by Index Recheck'] ?? 0);
          if (String(node['Node Type']).includes('Scan') && on.startsWith('Demand')) scans.push({ node: `${node['Node Type']} ${on}`, rows: read });
          for (const child of node.Plans ?? []) walk(child);
        };
        walk((typeof plan === 'string' ? JSON.parse(plan) : plan)[0].Plan);
        throw new Error('rollback');
      })
      .catch((error: Error) => {
        if (error.message !== 'rollback') throw error;
      });
    expect(scans.length).toBeGreaterThan(0);
    for (const scan of scans) expect(scan.rows, JSON.stringify(scans)).toBeLessThanOrEqual(3);
    expect(scans.some((s) => s.node.includes('Demand_routing_idx')), JSON.stringify(scans)).toBe(true);
  }, 60_000);
});
