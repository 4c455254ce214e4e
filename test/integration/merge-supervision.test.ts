import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureAdmin } from '../../src/auth/bootstrap-admin.ts';
import { receiveRecords } from '../../src/ingest/receive-records.ts';
import { upsertMembers } from '../../src/members/member-import.ts';
import { MergeIndexSync, mergeIndex } from '../../src/merge/merge-index-sync.ts';
import { api, login, startTestApp, waitFor, type TestApp } from '../helpers/test-app.ts';

const MIXER = '丽发新城旁边的搅拌站每天凌晨施工，噪音扰民，粉尘很大，请尽快处理搅拌站。';
const SMOKE = '森宇家园楼下几家餐馆油烟直排，营业到凌晨，窗户都不敢开，请处理油烟。';

function record(ref: string, content: string, channel = 'mailbox') {
  const payload = { source: 'mailbox', sourceRef: ref, channel, content: `A2区${content}`, district: 'A2区', occurredAt: '2026-11-20T09:00:00+08:00' };
  return { source: 'mailbox', sourceRef: ref, format: 'demand-v1' as const, payload: JSON.stringify(payload) };
}

describe('supervisor merge and split of tickets (PostgreSQL + Redis)', () => {
  let t: TestApp;
  let admin: string;
  const demandId = async (ref: string) => (await t.ctx.prisma.demand.findFirstOrThrow({ where: { sourceRef: ref } })).id;
  const ticketOf = async (ref: string) => (await t.ctx.prisma.demand.findFirstOrThrow({ where: { sourceRef: ref } })).ticketId!;
  const done = (n: number) => waitFor(async () => (await t.ctx.prisma.demand.count({ where: { stage: 'DONE' } })) === n, { what: `${n} demands DONE` });

  beforeAll(async () => {
    t = await startTestApp('redis-postgres');
    await ensureAdmin(t.ctx.prisma, 'admin-password-1');
    await upsertMembers(t.ctx.prisma, [{ line: 1, row: { name: '委员甲', sector: '经济界', regions: 'A2区', username: 'sup.m', password: 'password-123' } }]);
    admin = await login(t.url, 'admin', 'admin-password-1');
    await receiveRecords(t.ctx, [record('m1', MIXER), record('m2', `再次反映：${MIXER}`, 'hotline'), record('m3', `三问：${MIXER}`), record('s1', SMOKE)]);
    await done(4);
  });
  afterAll(async () => t?.close());

  it('merged the mixer reports automatically, with a stable merge explanation in the inbox API', async () => {
    expect(await ticketOf('m2')).toBe(await ticketOf('m1'));
    expect(await ticketOf('s1')).not.toBe(await ticketOf('m1'));
    const member = await login(t.url, 'sup.m', 'password-123');
    const item = await t.ctx.prisma.inboxItem.findFirstOrThrow({ where: { ticketId: await ticketOf('m1') } });
    await waitFor(async () => (await t.ctx.prisma.inboxItem.findUnique({ where: { id: item.id } }))?.pushedAt, { what: 'pushed' });
    const detail = await api(t.url, `/api/v1/inbox/${item.id}`, { token: member });
    expect(detail.status).toBe(200);
    const merged = JSON.stringify(detail.json);
    expect(merged).toContain('"merge":{"score"');
    expect(merged).toContain('"reason":"near-duplicate"');
  });

  it('splits demands out into a new ticket, audited, and never merges them back automatically', async () => {
    const old = await ticketOf('m1');
    const m3 = await demandId('m3');
    const before = await t.ctx.prisma.ticket.findUniqueOrThrow({ where: { id: old } });
    expect((await api(t.url, `/api/v1/tickets/${old}/split`, { body: { demandIds: [m3], reason: '不同问题' } })).status).toBe(401);
    const member = await login(t.url, 'sup.m', 'password-123');
    expect((await api(t.url, `/api/v1/tickets/${old}/split`, { token: member, body: { demandIds: [m3], reason: '不同问题' } })).status).toBe(403);
    expect((await api(t.url, `/api/v1/tickets/${old}/split`, { token: admin, body: { demandIds: [m3] } })).status).toBe(400);
    const r = await api(t.url, `/api/v1/tickets/${old}/split`, { token: admin, body: { demandIds: [m3], reason: '实为另一处搅拌站' } });
    expect(r.status).toBe(200);
    const after = await t.ctx.prisma.ticket.findUniqueOrThrow({ where: { id: old } });
    expect(after.demandCount).toBe(before.demandCount - 1);
    expect(after.version).toBeGreaterThan(before.version);
    const fresh = await t.ctx.prisma.ticket.findUniqueOrThrow({ where: { id: r.json.newTicketId } });
    expect(fresh.demandCount).toBe(1);
    expect(await t.ctx.prisma.mergeExclusion.count({ where: { demandId: m3, ticketId: old } })).toBe(1);
    const audit = await t.ctx.prisma.auditLog.findFirstOrThrow({ where: { action: 'ticket.split', entityId: old } });
    expect(audit).toMatchObject({ actor: 'admin:admin', reason: '实为另一处搅拌站' });
    expect((audit.before as { demandCount: number }).demandCount).toBe(before.demandCount);
    // the engine (rebuilt from the merge log, as in another process) keeps it out of the old ticket
    const engine = mergeIndex(t.ctx).engine;
    await t.ctx.database.transaction((query) => mergeIndex(t.ctx).catchUp(query));
    expect(engine.clusterOf(m3)).toBe(r.json.newTicketId);
    const d3 = await t.ctx.prisma.demand.findUniqueOrThrow({ where: { id: m3 } });
    const again = engine.match({ id: m3, title: d3.title ?? '', content: d3.content, occurredAt: d3.occurredAt, district: d3.district });
    expect(again.best?.cluster.id).not.toBe(old);
  });

  it('merges one ticket into another: counts, channels, status and version follow, audited', async () => {
    const target = await ticketOf('m1');
    const source = await ticketOf('s1');
    const before = await t.ctx.prisma.ticket.findUniqueOrThrow({ where: { id: target } });
    expect((await api(t.url, `/api/v1/tickets/${source}/merge`, { token: admin, body: { intoTicketId: source, reason: '自身' } })).status).toBe(409);
    expect((await api(t.url, `/api/v1/tickets/${source}/merge`, { token: admin, body: { intoTicketId: 'nope', reason: '不存在' } })).status).toBe(404);
    const r = await api(t.url, `/api/v1/tickets/${source}/merge`, { token: admin, body: { intoTicketId: target, reason: '同一业主反映的同一片区问题' } });
    expect(r.status).toBe(200);
    const after = await t.ctx.prisma.ticket.findUniqueOrThrow({ where: { id: target } });
    expect(after.demandCount).toBe(before.demandCount + 1);
    expect(after.version).toBeGreaterThan(before.version);
    expect(after.channels.sort()).toEqual(['hotline', 'mailbox']);
    expect(await t.ctx.prisma.ticket.findUniqueOrThrow({ where: { id: source } })).toMatchObject({ status: 'MERGED', demandCount: 0 });
    expect(await ticketOf('s1')).toBe(target);
    expect((await t.ctx.prisma.demand.findFirstOrThrow({ where: { sourceRef: 's1' } })).mergeReason).toMatchObject({ reason: 'manual-merge', score: 1 });
    expect(await t.ctx.prisma.auditLog.count({ where: { action: 'ticket.merge', entityId: source } })).toBe(1);
    // a later oil-smoke report goes to the merged ticket, not to the closed one
    await receiveRecords(t.ctx, [record('s2', `再次投诉：${SMOKE}`)]);
    await done(5);
    expect(await ticketOf('s2')).toBe(target);
  });

  it('a process starting cold rebuilds the same index from the merge log', async () => {
    const cold = new MergeIndexSync(t.ctx);
    const applied = await t.ctx.database.transaction((query) => cold.catchUp(query));
    expect(applied).toBe(await t.ctx.prisma.mergeEvent.count());
    for (const d of await t.ctx.prisma.demand.findMany()) expect(cold.engine.clusterOf(d.id)).toBe(d.ticketId);
    expect(cold.engine.hasCluster(await ticketOf('m1'))).toBe(true);
    const merged = await t.ctx.prisma.ticket.findFirstOrThrow({ where: { status: 'MERGED' } });
    expect(cold.engine.hasCluster(merged.id)).toBe(false);
  });
});
