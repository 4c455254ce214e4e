import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../../src/auth/tokens.ts';
import { receiveRecords } from '../../src/ingest/receive-records.ts';
import { RECORD_FORMATS } from '../../src/ingest/record-formats.ts';
import { applyStatusUpdate } from '../../src/status/status-update.ts';
import { open311Routes } from '../../connectors/hotline-12345/open311-routes.ts';
import { api, startTestApp, waitFor, type TestApp } from '../helpers/test-app.ts';
import { workOrder } from '../helpers/work-orders.ts';

const PERSONAL = /王小明|139\d{8}|zhang\.san@example\.com|张三|13812345678/;
const formatRegistered = (RECORD_FORMATS as readonly string[]).includes('open311-request-v1');

describe('Open311 GeoReport v2 (PostgreSQL + Redis)', () => {
  let t: TestApp;
  let server: FastifyInstance;
  let base: string;
  let connectorKey: string;
  let memberLikeKey: string;
  const form = (fields: Record<string, string>) =>
    fetch(`${base}/requests.json`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields).toString() }).then(async (r) => ({ status: r.status, json: await r.json() }));

  beforeAll(async () => {
    t = await startTestApp('redis-postgres', { http: false, workers: false }); // workers start in the search test
    server = Fastify();
    await server.register(open311Routes(t.ctx), { prefix: '/open311/v2' });
    base = `${await server.listen({ host: '127.0.0.1', port: 0 })}/open311/v2`;
    connectorKey = await createApiKey(t.ctx.prisma, 'civic-tool', 'CONNECTOR');
    memberLikeKey = await createApiKey(t.ctx.prisma, 'analyst', 'ANALYST');
  });
  afterAll(async () => {
    await server?.close();
    await t?.close();
  });

  it('lists our first-level categories as services', async () => {
    const { status, json } = await api(base, '/services.json');
    expect(status).toBe(200);
    expect(json.map((s: { service_name: string }) => s.service_name)).toEqual(['城乡建设', '环境保护', '交通运输', '教育文体', '劳动和社会保障', '商贸旅游', '卫生计生']);
    for (const s of json) expect(s).toMatchObject({ metadata: false, type: 'realtime', service_code: expect.any(String), keywords: expect.any(String), group: expect.any(String) });
  });

  it('takes a form-encoded report, stores it first, and shows it back masked', async () => {
    const r = await form({
      api_key: connectorKey,
      service_code: 'hjbh',
      description: '小区门口烧烤油烟很大，联系电话13812345678',
      address_string: 'A2区幸福路8号',
      email: 'zhang.san@example.com',
      first_name: '三',
      last_name: '张',
      phone: '13812345678',
      'attribute[noise_level]': '高',
    });
    expect(r.status).toBe(200);
    const [answer] = r.json;
    expect(answer).toMatchObject({ service_request_id: expect.any(String), service_notice: expect.any(String), account_id: null });
    const raw = await t.ctx.prisma.rawRecord.findUniqueOrThrow({ where: { id: answer.service_request_id } });
    expect(raw).toMatchObject({ source: 'open311', format: 'open311-request-v1', channel: 'online-opinion' });
    const payload = JSON.parse(raw.payload);
    expect(payload.api_key).toBeUndefined();
    expect(payload.attribute).toEqual({ noise_level: '高' });
    const shown = await api(base, `/requests/${answer.service_request_id}.json`);
    expect(shown.status).toBe(200);
    expect(shown.json[0]).toMatchObject({ service_request_id: answer.service_request_id, status: 'open', service_code: 'hjbh', service_name: '环境保护' });
    expect(shown.json[0].description).toContain('138****5678');
    expect(JSON.stringify(shown.json)).not.toMatch(PERSONAL);
  });

  it('refuses missing or unfit api keys and invalid reports, as [{code, description}]', async () => {
    const report = { service_code: 'cxjs', description: '路灯不亮', address_string: 'A1区' };
    expect(await form(report)).toEqual({ status: 400, json: [{ code: 400, description: 'api_key is required' }] });
    expect((await form({ ...report, api_key: 'lxk_nope' })).status).toBe(403);
    expect((await form({ ...report, api_key: memberLikeKey })).status).toBe(403);
    const before = await t.ctx.prisma.rawRecord.count({ where: { source: 'open311', state: 'QUARANTINED' } });
    const noPlace = await form({ api_key: connectorKey, service_code: 'cxjs', description: '路灯不亮' });
    expect(noPlace.status).toBe(400);
    expect(noPlace.json[0].description).toMatch(/location is required/);
    const unknown = await api(base, '/requests.json', { body: { ...report, api_key: connectorKey, service_code: 'nope' } });
    expect(unknown.json[0]).toMatchObject({ code: 400, description: expect.stringMatching(/service_code/) });
    expect((await api(base, '/requests.json', { body: [report] })).status).toBe(400);
    expect(await api(base, '/requests.json', { raw: '{"api_key": ', contentType: 'application/json' })).toEqual({ status: 400, json: [{ code: 400, description: expect.any(String) }] });
    expect(await t.ctx.prisma.rawRecord.count({ where: { source: 'open311', state: 'QUARANTINED' } })).toBe(before + 2);
    expect((await api(base, '/requests/nope.json')).status).toBe(404);
    expect((await api(base, '/requests.json?status=pending')).status).toBe(400);
  });

  it('searches demands by status, service and date, open/closed from hotline statuses, without personal data', async () => {
    await t.app.startWorkers();
    const orders = Array.from({ length: 6 }, (_, i) => workOrder(500 + i));
    await receiveRecords(t.ctx, orders.map((o) => ({ source: 'hotline-12345', sourceRef: o.workOrderNo, format: 'hotline-12345-v1', channel: 'hotline', payload: JSON.stringify(o) })));
    await waitFor(async () => (await t.ctx.prisma.demand.count({ where: { source: 'hotline-12345', stage: 'DONE' } })) === 6, { what: 'work orders DONE' });
    const closedDemand = await t.ctx.prisma.demand.findFirstOrThrow({ where: { sourceRef: orders[0]!.workOrderNo } });
    await applyStatusUpdate(t.ctx, 'hotline', closedDemand.ticketId!, { updateId: 'o311-1', status: '已办结', occurredAt: new Date(), note: '已修复，回访电话13912345678' });
    const since = '?start_date=2026-01-01T00:00:00Z';

    const closed = await api(base, `/requests.json${since}&status=closed`);
    const closedIds = closed.json.map((r: { service_request_id: string }) => r.service_request_id);
    expect(closedIds).toContain(closedDemand.rawRecordId);
    const shown = closed.json.find((r: { service_request_id: string }) => r.service_request_id === closedDemand.rawRecordId);
    expect(shown).toMatchObject({ status: 'closed', agency_responsible: expect.any(String), address: null });
    expect(shown.status_notes).toMatch(/^已办结：已修复，回访电话139\*{4}5678$/);
    const open = await api(base, `/requests.json${since}&status=open`);
    expect(open.json.every((r: { status: string }) => r.status === 'open')).toBe(true);
    expect(open.json.map((r: { service_request_id: string }) => r.service_request_id)).not.toContain(closedDemand.rawRecordId);
    const all = await api(base, `/requests.json${since}`);
    expect(all.json.length).toBe(open.json.length + closed.json.length);
    expect(JSON.stringify(all.json)).not.toMatch(PERSONAL);

    const code = shown.service_code as string;
    const byCode = await api(base, `/requests.json${since}&service_code=${code}`);
    expect(byCode.json.length).toBeGreaterThan(0);
    expect(byCode.json.every((r: { service_code: string }) => r.service_code === code)).toBe(true);
    expect((await api(base, '/requests.json?end_date=2020-01-01T00:00:00Z')).json).toEqual([]);
    const ids = all.json.slice(0, 2).map((r: { service_request_id: string }) => r.service_request_id);
    const byIds = await api(base, `/requests.json?service_request_id=${ids.join(',')}&status=closed`);
    expect(byIds.json.map((r: { service_request_id: string }) => r.service_request_id)).toEqual(ids);
  });

  it.skipIf(!formatRegistered)('turns a JSON report into a demand (once record-formats knows open311-request-v1)', async () => {
    const r = await api(base, '/requests.json', { body: { api_key: connectorKey, service_code: 'jtys', description: '公交站台顶棚破损漏雨', lat: 31.23, long: 121.47 } });
    expect(r.status).toBe(200);
    const id = r.json[0].service_request_id as string;
    await waitFor(async () => (await t.ctx.prisma.rawRecord.findUnique({ where: { id } }))?.demandId, { what: 'open311 demand' });
    const demand = await t.ctx.prisma.demand.findFirstOrThrow({ where: { source: 'open311', rawRecordId: id } });
    expect(demand).toMatchObject({ channel: 'online-opinion', sourceCategory: '交通运输', address: '31.23,121.47' });
  });
});
