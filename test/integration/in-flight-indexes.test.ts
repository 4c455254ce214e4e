import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { redrive } from '../../src/app/redrive.ts';
import { createApiKey } from '../../src/auth/tokens.ts';
import { api, startTestApp, type TestApp } from '../helpers/test-app.ts';

/**
 * The indexes of records, demands and tickets in flight are partial (migrations 0012, 0014): PostgreSQL uses one
 * only when it can prove the index's predicate from the query. The re-drive (start-up and the
 * 5-minute sweep) and the quarantine list must be planned on them, whatever the table's size —
 * not by scanning every record or demand ever received. Each statement these issue is captured
 * and planned again with sequential scans discouraged: a plan that cannot use the index shows it.
 */
describe('queries of work in flight use the partial indexes', () => {
  let t: TestApp;
  const issued: Array<{ sql: string; params: unknown[] }> = [];

  beforeAll(async () => {
    t = await startTestApp('redis-postgres', { workers: false });
    const query = t.ctx.database.query.bind(t.ctx.database);
    t.ctx.database.query = (async (sql: string, params?: unknown[]) => {
      issued.push({ sql, params: params ?? [] });
      return query(sql, params as never);
    }) as typeof t.ctx.database.query;
  });
  afterAll(async () => {
    await t?.close();
  });

  const plans = async (table: string) => {
    const mine = issued.filter((q) => q.sql.includes(`FROM "${table}"`) && q.sql.trimStart().startsWith('SELECT'));
    expect(mine.length).toBeGreaterThan(0);
    return Promise.all(
      mine.map((q) =>
        t.ctx.database.transaction(async (query) => {
          await query('SET LOCAL enable_seqscan = off');
          const rows = await query<{ 'QUERY PLAN': string }>(`EXPLAIN ${q.sql}`, q.params);
          return rows.map((r) => r['QUERY PLAN']).join('\n');
        }),
      ),
    );
  };

  it('re-drive reads records and demands through them', async () => {
    issued.length = 0;
    await redrive(t.ctx, { olderThanMs: 60_000 });
    for (const plan of await plans('RawRecord')) expect(plan).toContain('RawRecord_open_idx');
    for (const plan of await plans('Demand')) expect(plan).toContain('Demand_in_flight_idx');
    // tickets short of routing or of pushing (migration 0014), not every ticket or inbox item
    const tickets = await plans('Ticket');
    expect(tickets).toHaveLength(2);
    expect(tickets[0]).toContain('Ticket_unrouted_idx');
    expect(tickets[1]).toContain('Ticket_unpushed_idx');
    expect(issued.filter((q) => q.sql.includes('"InboxItem"'))).toEqual([]);
  });

  it('the quarantine list reads records through it', async () => {
    issued.length = 0;
    const admin = await createApiKey(t.ctx.prisma, 'ops-admin', 'ADMIN');
    expect((await api(t.url, '/api/v1/quarantine?limit=20', { token: admin })).status).toBe(200);
    for (const plan of await plans('RawRecord')) expect(plan).toContain('RawRecord_open_idx');
  });
});
