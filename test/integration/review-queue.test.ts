import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../../src/auth/tokens.ts';
import { receiveRecords } from '../../src/ingest/receive-records.ts';
import { upsertMembers } from '../../src/members/member-import.ts';
import { api, login, startTestApp, waitFor, type TestApp } from '../helpers/test-app.ts';

// A small three-level tree written by the test (the real one is configuration, not repository data).
const TAXONOMY = {
  tree: {
    环境保护: { 环境污染: ['噪音污染', '水污染'], 环保管理: ['环境监测'] },
    城乡建设: { 城市建设和市政管理: ['施工管理', '小区管理'], 住房保障与房地产: ['物业服务'] },
    交通运输: { 客货运输: ['旅客运输'] },
  },
};

const PHONE = '13812345678';
const ID_NUMBER = '110101199003071234';
const REPORTER = '张三丰';
const ADDRESS = '幸福里小区3栋2单元501室';

const DEMANDS = [
  { sourceRef: 'r1', title: '夜间施工噪音扰民', content: `A3区幸福里小区旁工地每天夜里十二点还在打桩，噪音污染严重，居民无法休息。联系电话${PHONE}。`, sourceCategory: '交通设施' },
  { sourceRef: 'r2', title: '咨询', content: '请问这个事情怎么办理，谢谢。', sourceCategory: '噪声污染' },
  { sourceRef: 'r3', title: 'xyz', content: 'qwerty asdf', sourceCategory: '城乡建设-小区管理' },
  { sourceRef: 'r4', title: '河道污水直排', content: '工厂把污水直接排进河道，水污染严重，鱼都死了。', sourceCategory: '水污染' },
];

describe('review queue and source-category disagreements (PostgreSQL + Redis)', () => {
  let t: TestApp;
  let dir: string;
  let analyst: string;
  const threshold = 0.9;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'lianxin-review-'));
    const taxonomyFile = join(dir, 'taxonomy.json');
    await writeFile(taxonomyFile, JSON.stringify(TAXONOMY));
    t = await startTestApp('redis-postgres', { env: { REVIEW_CONFIDENCE_THRESHOLD: String(threshold), TAXONOMY_FILE: taxonomyFile } });
    analyst = await createApiKey(t.ctx.prisma, 'review-analyst', 'ANALYST');
    await upsertMembers(t.ctx.prisma, [{ line: 1, row: { name: '委员丙', sector: '环境资源界', regions: '全市', username: 'review.m', password: 'password-m-1' } }]);
    await receiveRecords(
      t.ctx,
      DEMANDS.map((d) => {
        const payload = { source: 'hotline-12345', channel: 'hotline', district: 'A3区', occurredAt: '2026-11-20T10:00:00+08:00', reporterName: REPORTER, reporterPhone: PHONE, reporterIdNumber: ID_NUMBER, address: ADDRESS, ...d };
        return { source: 'hotline-12345', sourceRef: d.sourceRef, format: 'demand-v1', payload: JSON.stringify(payload) };
      }),
    );
    await waitFor(async () => (await t.ctx.prisma.demand.count({ where: { stage: { not: 'CLASSIFY' } } })) === DEMANDS.length, { what: 'all demands classified' });
  });
  afterAll(async () => {
    await t?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('queues exactly the demands below the confidence threshold, least confident first, with no personal data', async () => {
    const rows = await t.ctx.prisma.demand.findMany({ select: { id: true, categoryConfidence: true, needsReview: true, classifierVersion: true } });
    const low = rows.filter((r) => r.categoryConfidence! < threshold).map((r) => r.id);
    for (const row of rows) expect(row.needsReview).toBe(row.categoryConfidence! < threshold);
    expect(rows.every((r) => r.classifierVersion === t.ctx.classifier.current.version)).toBe(true);
    const gibberish = (await t.ctx.prisma.demand.findFirstOrThrow({ where: { sourceRef: 'r3' } })).id;
    expect(low).toContain(gibberish); // no known feature: confidence 0

    const r = await api(t.url, '/api/v1/review?page=1', { token: analyst });
    expect(r.status).toBe(200);
    expect(r.json.total).toBe(low.length);
    expect(r.json.threshold).toBe(threshold);
    expect(r.json.items.map((item: { id: string }) => item.id).sort()).toEqual([...low].sort());
    const confidences = r.json.items.map((item: { categoryConfidence: number }) => item.categoryConfidence);
    expect(confidences).toEqual([...confidences].sort((a, b) => a - b));
    expect(r.json.items[0].alternatives).toHaveLength(3);

    const body = JSON.stringify(r.json);
    for (const secret of [PHONE, ID_NUMBER, REPORTER, ADDRESS, '张*', '138****']) expect(body).not.toContain(secret);
    for (const item of r.json.items) {
      for (const key of Object.keys(item)) expect(key).not.toMatch(/reporter|phone|idNumber|address/i);
    }
  });

  it('is for analysts and admins only', async () => {
    expect((await api(t.url, '/api/v1/review')).status).toBe(401);
    const member = await login(t.url, 'review.m', 'password-m-1');
    expect((await api(t.url, '/api/v1/review', { token: member })).status).toBe(403);
    expect((await api(t.url, '/api/v1/review/disagreements', { token: member })).status).toBe(403);
    expect((await api(t.url, '/api/v1/review?page=0', { token: analyst })).status).toBe(400);
  });

  it('gives levels 2/3 inside the predicted first level only where the words show them', async () => {
    const rows = await t.ctx.prisma.demand.findMany({ select: { sourceRef: true, category: true, category2: true, category3: true, subcategoryConfidence: true } });
    for (const row of rows) {
      if (row.category2 === null) {
        expect(row.category3).toBeNull();
        continue;
      }
      expect(Object.keys(TAXONOMY.tree[row.category as keyof typeof TAXONOMY.tree] ?? {})).toContain(row.category2);
      expect(row.subcategoryConfidence).toBeGreaterThan(0);
    }
    const water = rows.find((row) => row.sourceRef === 'r4')!;
    if (water.category === '环境保护') expect([water.category2, water.category3]).toEqual(['环境污染', '水污染']);
    expect(rows.find((row) => row.sourceRef === 'r2')!.category2).toBeNull(); // no evidence at all
  });

  it('maps source categories through the crosswalk, kept beside ours, and lists disagreements with counts per pair', async () => {
    const rows = await t.ctx.prisma.demand.findMany({ select: { id: true, sourceRef: true, sourceCategory: true, sourceCategoryMapped: true, category: true } });
    const mapped = Object.fromEntries(rows.map((row) => [row.sourceRef, row.sourceCategoryMapped]));
    expect(mapped).toEqual({ r1: '交通运输', r2: '环境保护', r3: '城乡建设', r4: '环境保护' });
    expect(rows.find((row) => row.sourceRef === 'r1')!.sourceCategory).toBe('交通设施'); // the source's own value is kept
    const disagreeing = rows.filter((row) => row.sourceCategoryMapped !== row.category);
    expect(disagreeing.map((row) => row.sourceRef)).toContain('r1'); // noise, not a traffic facility

    const r = await api(t.url, '/api/v1/review/disagreements', { token: analyst });
    expect(r.status).toBe(200);
    expect(r.json.total).toBe(disagreeing.length);
    expect(r.json.items.map((item: { id: string }) => item.id).sort()).toEqual(disagreeing.map((row) => row.id).sort());
    const expected = new Map<string, number>();
    for (const row of disagreeing) expected.set(`${row.sourceCategoryMapped}→${row.category}`, (expected.get(`${row.sourceCategoryMapped}→${row.category}`) ?? 0) + 1);
    const pairs = new Map(r.json.pairs.map((p: { sourceCategoryMapped: string; category: string; count: number }) => [`${p.sourceCategoryMapped}→${p.category}`, p.count]));
    expect(pairs).toEqual(expected);
    const body = JSON.stringify(r.json);
    for (const secret of [PHONE, ID_NUMBER, REPORTER, ADDRESS]) expect(body).not.toContain(secret);
  });

  it('takes a corrected (or confirmed) demand out of the queue, audited', async () => {
    const before = await api(t.url, '/api/v1/review', { token: analyst });
    const first = before.json.items[0] as { id: string; category: string };
    const r = await api(t.url, `/api/v1/demands/${first.id}/category`, { token: analyst, body: { category: '环境保护', reason: '复核' } });
    expect(r.status).toBe(200);
    const after = await api(t.url, '/api/v1/review', { token: analyst });
    expect(after.json.total).toBe(before.json.total - 1);
    expect(after.json.items.map((item: { id: string }) => item.id)).not.toContain(first.id);
    const demand = await t.ctx.prisma.demand.findUniqueOrThrow({ where: { id: first.id } });
    expect(demand).toMatchObject({ needsReview: false, category: '环境保护', categoryConfidence: 1, reviewedBy: 'analyst:review-analyst' });
    expect(demand.reviewedAt).not.toBeNull();
    const audit = await t.ctx.prisma.auditLog.findFirstOrThrow({ where: { action: 'demand.category', entityId: first.id } });
    expect(audit.before).toMatchObject({ category: first.category, needsReview: true });
    expect(audit.after).toMatchObject({ category: '环境保护', needsReview: false });
  });
});
