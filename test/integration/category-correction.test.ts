import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { correctionExamples } from '../../src/classify/category-correction.ts';
import { loadNewestModel } from '../../src/classify/model-store.ts';
import { trainFromFiles } from '../../src/classify/train-model.ts';
import { generateTrainingExamples } from '../../src/demo/training-examples.ts';
import { receiveRecords } from '../../src/ingest/receive-records.ts';
import { upsertMembers } from '../../src/members/member-import.ts';
import { api, login, startTestApp, waitFor, type TestApp } from '../helpers/test-app.ts';

const TEXT = { title: '夜间施工噪音扰民', content: 'A3区幸福里小区旁工地每天夜里十二点还在打桩，噪音很大，居民无法休息。' };

describe('category corrections are stored and learned by the next training (PostgreSQL + Redis)', () => {
  let t: TestApp;
  let dir: string;
  let demandId: string;

  beforeAll(async () => {
    t = await startTestApp('redis-postgres');
    dir = await mkdtemp(join(tmpdir(), 'lianxin-corr-'));
    await upsertMembers(t.ctx.prisma, [
      { line: 1, row: { name: '委员甲', sector: '环境资源界', regions: '全市', username: 'corr.a', password: 'password-a-1' } },
      { line: 2, row: { name: '委员乙', sector: '经济界', regions: 'A9区', username: 'corr.b', password: 'password-b-1' } },
    ]);
    const payload = { source: 'mailbox', sourceRef: 'c1', channel: 'mailbox', ...TEXT, district: 'A3区', occurredAt: '2026-11-20T10:00:00+08:00' };
    await receiveRecords(t.ctx, [{ source: 'mailbox', sourceRef: 'c1', format: 'demand-v1', payload: JSON.stringify(payload) }]);
    await waitFor(async () => (await t.ctx.prisma.inboxItem.count({ where: { pushedAt: { not: null } } })) === 1, { what: 'pushed to member A' });
    demandId = (await t.ctx.prisma.demand.findFirstOrThrow({ where: { sourceRef: 'c1' } })).id;
  });
  afterAll(async () => {
    await t?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('lets a member correct a demand in their own inbox, and no one else\'s', async () => {
    const a = await login(t.url, 'corr.a', 'password-a-1');
    const b = await login(t.url, 'corr.b', 'password-b-1');
    const path = `/api/v1/demands/${demandId}/category`;
    expect((await api(t.url, path, { body: { category: '交通运输' } })).status).toBe(401);
    expect((await api(t.url, path, { token: b, body: { category: '交通运输' } })).status).toBe(404);
    expect((await api(t.url, path, { token: a, body: { category: '<script>' } })).status).toBe(400);
    const r = await api(t.url, path, { token: a, body: { category: '交通运输', reason: '实为道路施工审批问题' } });
    expect(r.status).toBe(200);
    expect(r.json).toEqual({ category: '交通运输', ticketCategory: '交通运输' });
    const demand = await t.ctx.prisma.demand.findUniqueOrThrow({ where: { id: demandId } });
    expect(demand).toMatchObject({ category: '交通运输', categoryConfidence: 1 });
    expect(await t.ctx.prisma.auditLog.count({ where: { action: 'demand.category', entityId: demandId } })).toBe(1);
  });

  it('changes the next model\'s answer for that text', async () => {
    const file = join(dir, 'base.jsonl');
    await writeFile(file, generateTrainingExamples({}).map((e, i) => JSON.stringify({ id: `g${i}`, title: '', content: e.text, label: e.label })).join('\n'));
    const text = `${TEXT.title}\n${TEXT.content}`;
    await trainFromFiles([file], { modelDir: join(dir, 'without') });
    const before = (await loadNewestModel(join(dir, 'without')))!.classify(text).category;
    expect(before).not.toBe('交通运输');
    const extra = await correctionExamples(t.ctx.prisma);
    expect(extra).toEqual([{ text, label: '交通运输' }]);
    await trainFromFiles([file], { modelDir: join(dir, 'with'), extra });
    expect((await loadNewestModel(join(dir, 'with')))!.classify(text).category).toBe('交通运输');
  });
});
