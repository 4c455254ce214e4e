import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signBody } from '../../src/http/hmac.ts';
import { startTestApp, waitFor, type TestApp } from '../helpers/test-app.ts';
import { workOrder } from '../helpers/work-orders.ts';

const SECRET = 'push-secret-0123456789-0123456789-abcdef';

describe('signed HTTP push from the hotline (PostgreSQL + Redis)', () => {
  let t: TestApp;
  const send = (path: string, body: unknown, opts: { secret?: string; timestamp?: number; signature?: string } = {}) => {
    const raw = JSON.stringify(body);
    const ts = String(opts.timestamp ?? Math.floor(Date.now() / 1000));
    const headers: Record<string, string> = { 'content-type': 'application/json', 'x-lianxin-timestamp': ts };
    if (opts.signature !== '') headers['x-lianxin-signature'] = opts.signature ?? signBody(opts.secret ?? SECRET, ts, raw);
    return fetch(`${t.url}/api/v1/connectors/hotline${path}`, { method: 'POST', headers, body: raw }).then(async (r) => ({ status: r.status, json: await r.json() }));
  };

  beforeAll(async () => {
    t = await startTestApp('redis-postgres', { env: { HOTLINE_PUSH_SECRET: SECRET } });
  });
  afterAll(() => t?.close());

  it('accepts a signed batch and stores bad records quarantined with reasons', async () => {
    const batch = [workOrder(1), workOrder(2), { ...workOrder(3), content: '' }, workOrder(4, { acceptTime: 'soon' })];
    const r = await send('/workorders', batch);
    expect(r.status).toBe(202);
    expect(r.json.accepted.map((a: { index: number }) => a.index)).toEqual([0, 1]);
    expect(r.json.rejected.map((a: { index: number }) => a.index)).toEqual([2, 3]);
    await waitFor(async () => (await t.ctx.prisma.demand.count({ where: { source: 'hotline-12345', stage: 'DONE' } })) === 2, { what: 'pushed work orders processed' });
  });

  it('refuses unsigned, wrongly signed, stale and replayed requests', async () => {
    const body = [workOrder(10)];
    expect((await send('/workorders', body, { signature: '' })).status).toBe(401);
    expect((await send('/workorders', body, { secret: 'another-secret-0123456789-0123456789' })).status).toBe(401);
    const stale = await send('/workorders', body, { timestamp: Math.floor(Date.now() / 1000) - 301 });
    expect(stale.status).toBe(401);
    expect(stale.json.message).toMatch(/too old/);
    const ts = Math.floor(Date.now() / 1000);
    const signature = signBody(SECRET, String(ts), JSON.stringify(body));
    expect((await send('/workorders', body, { timestamp: ts, signature })).status).toBe(202);
    const replay = await send('/workorders', body, { timestamp: ts, signature });
    expect(replay.status).toBe(401);
    expect(replay.json.message).toMatch(/replay/);
    const tampered = await fetch(`${t.url}/api/v1/connectors/hotline/workorders`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-lianxin-timestamp': String(ts), 'x-lianxin-signature': signBody(SECRET, String(ts), JSON.stringify(body)) },
      body: JSON.stringify([workOrder(11)]),
    });
    expect(tampered.status).toBe(401);
  });

  it('takes handling statuses for a pushed work order', async () => {
    const r = await send('/status', [{ updateId: 'p1', workOrderNo: workOrder(1).workOrderNo, status: '交办', occurredAt: '2026-11-21 09:00:00' }]);
    expect(r.status).toBe(202);
    const demand = await t.ctx.prisma.demand.findFirstOrThrow({ where: { sourceRef: workOrder(1).workOrderNo } });
    await waitFor(async () => (await t.ctx.prisma.ticket.findUniqueOrThrow({ where: { id: demand.ticketId! } })).status === '交办', { what: 'status applied' });
  });

  it('refuses batches over 1,000 work orders', async () => {
    const r = await send('/workorders', Array.from({ length: 1001 }, (_, i) => workOrder(100 + i)));
    expect(r.status).toBe(413);
  });
});
