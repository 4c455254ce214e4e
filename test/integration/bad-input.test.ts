import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../../src/auth/tokens.ts';
import { api, startTestApp, waitFor, type TestApp } from '../helpers/test-app.ts';

const good = (ref: string) => ({
  source: 'hotline-12345',
  sourceRef: ref,
  channel: 'hotline',
  title: '小区噪音扰民',
  content: `A3区某小区夜间施工噪音扰民（${ref}）`,
  reporterName: '张三',
  reporterPhone: '13812345678',
  district: 'A3区',
  occurredAt: '2026-11-20T08:00:00+08:00',
});

describe('POST /api/v1/demands with bad input (PostgreSQL + Redis)', () => {
  let t: TestApp;
  let key: string;
  const post = (body: unknown) => api(t.url, '/api/v1/demands', { token: key, body });
  const postRaw = (raw: Buffer | string) => api(t.url, '/api/v1/demands', { token: key, raw });

  beforeAll(async () => {
    t = await startTestApp('redis-postgres', { env: { MAX_BODY_BYTES: String(1024 * 1024) } });
    key = await createApiKey(t.ctx.prisma, 'bad-input-test');
  });
  afterAll(() => t?.close());

  it('refuses callers without a key', async () => {
    expect((await api(t.url, '/api/v1/demands', { body: good('x') })).status).toBe(401);
    expect((await api(t.url, '/api/v1/demands', { token: 'lxk_wrong', body: good('x') })).status).toBe(401);
  });

  it('accepts one demand with 202 and its id', async () => {
    const r = await post(good('one'));
    expect(r.status).toBe(202);
    expect(r.json.accepted).toHaveLength(1);
    expect(r.json.rejected).toEqual([]);
  });

  it('answers 400 with field-level reasons and keeps the record quarantined', async () => {
    const r = await post({ ...good('bad'), content: '', occurredAt: '2026-02-30T10:00:00', district: 42 });
    expect(r.status).toBe(400);
    const paths = r.json.rejected[0].issues.map((i: { path: string }) => i.path);
    expect(paths).toEqual(expect.arrayContaining(['content', 'occurredAt', 'district']));
    const raw = await t.ctx.prisma.rawRecord.findUniqueOrThrow({ where: { id: r.json.rejected[0].rawRecordId } });
    expect(raw.state).toBe('QUARANTINED');
    expect(raw.error).toMatch(/content/);
  });

  it('lets the good records of a mixed batch through', async () => {
    const batch = [good('b1'), { ...good('b2'), occurredAt: 'yesterday' }, { nonsense: true }, good('b3'), null, 'text'];
    const r = await post(batch);
    expect(r.status).toBe(202);
    expect(r.json.accepted.map((a: { index: number }) => a.index)).toEqual([0, 3]);
    expect(r.json.rejected.map((a: { index: number }) => a.index)).toEqual([1, 2, 4, 5]);
    await waitFor(async () => (await t.ctx.prisma.demand.count({ where: { sourceRef: { in: ['b1', 'b3'] }, stage: 'DONE' } })) === 2, { what: 'good records processed' });
  });

  it('refuses a body over the limit with 413', async () => {
    const r = await postRaw(JSON.stringify({ ...good('big'), content: 'x'.repeat(2 * 1024 * 1024) }));
    expect(r.status).toBe(413);
  });

  it('refuses invalid UTF-8, broken JSON and a JSON bomb with 400 and a reason', async () => {
    const invalidUtf8 = Buffer.concat([Buffer.from('{"source":"a","content":"'), Buffer.from([0xc3, 0x28, 0xff]), Buffer.from('"}')]);
    expect((await postRaw(invalidUtf8)).json.error).toBe('invalid_utf8');
    expect((await postRaw('{"source": ')).json.error).toBe('invalid_json');
    const bomb = await postRaw(`${'['.repeat(50_000)}${']'.repeat(50_000)}`);
    expect(bomb.status).toBe(400);
    expect(bomb.json.error).toBe('too_deep');
  });

  it('takes NUL characters without stalling: stripped from demand fields', async () => {
    const r = await post({ ...good('nul'), district: 'A3\u0000区', content: '夜间\u0000施工噪音' });
    expect(r.status).toBe(202);
    await waitFor(async () => (await t.ctx.prisma.demand.count({ where: { sourceRef: 'nul', stage: 'DONE' } })) === 1, { what: 'NUL demand DONE' });
    const demand = await t.ctx.prisma.demand.findFirstOrThrow({ where: { sourceRef: 'nul' } });
    expect(demand.district).toBe('A3区');
    expect(demand.content).toBe('夜间施工噪音');
  });

  it('refuses batches over 1,000 records', async () => {
    const r = await post(Array.from({ length: 1001 }, (_, i) => good(`many-${i}`)));
    expect(r.status).toBe(413);
  });

  it('adds no demand when the same record is sent again', async () => {
    await post(good('again'));
    await post(good('again'));
    await waitFor(async () => (await t.ctx.prisma.rawRecord.count({ where: { sourceRef: 'again', state: 'ACCEPTED' } })) === 2, { what: 'both copies accepted' });
    expect(await t.ctx.prisma.demand.count({ where: { sourceRef: 'again' } })).toBe(1);
  });

  it('shows quarantined records to admins and re-drives a corrected one', async () => {
    const admin = await createApiKey(t.ctx.prisma, 'ops-admin', 'ADMIN');
    expect((await api(t.url, '/api/v1/quarantine', { token: key })).status).toBe(403);
    const list = await api(t.url, '/api/v1/quarantine?limit=100', { token: admin });
    const bad = list.json.items.find((i: { sourceRef: string }) => i.sourceRef === 'bad');
    expect(bad.reason).toMatch(/content/);
    expect(JSON.parse(bad.payload).content).toBe('');
    const fixed = { ...good('bad'), content: 'A3区某小区夜间施工噪音扰民（已补全内容）' };
    const r = await api(t.url, `/api/v1/quarantine/${bad.id}/redrive`, { token: admin, body: { payload: fixed, reason: '补全内容' } });
    expect(r.status).toBe(202);
    await waitFor(async () => (await t.ctx.prisma.demand.count({ where: { sourceRef: 'bad', stage: 'DONE' } })) === 1, { what: 're-driven demand DONE' });
    expect((await api(t.url, `/api/v1/quarantine/${r.json.rawRecordId}/redrive`, { token: admin, body: {} })).status).toBe(409);
    expect(await t.ctx.prisma.auditLog.count({ where: { action: 'quarantine.redrive', entityId: bad.id } })).toBe(1);
    const overview = await api(t.url, '/api/v1/connectors', { token: admin });
    const hotline = overview.json.sources.find((s: { source: string }) => s.source === 'hotline-12345');
    expect(hotline.quarantined).toBe(2); // "bad" (kept as received after its re-drive) and "b2"
    expect(hotline.accepted).toBeGreaterThanOrEqual(5);
    expect(hotline.received).toBeGreaterThanOrEqual(hotline.accepted + hotline.quarantined);
  });

  it('keeps the server alive and the reporter masked after all of it', async () => {
    expect((await api(t.url, '/healthz')).status).toBe(200);
    const demand = await t.ctx.prisma.demand.findFirstOrThrow({ where: { sourceRef: 'one' } });
    expect(demand.reporterMasked).toBe('张*');
    expect(demand.phoneMasked).toBe('138****5678');
    expect(JSON.stringify(demand)).not.toContain('13812345678');
  });
});
