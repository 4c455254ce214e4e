import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendWeeklyDigest } from '../../src/inbox/weekly-digest.ts';
import { queueScheduledPush } from '../../src/pipeline/push-inbox.ts';
import { defaultRoutingRules } from '../../src/routing/default-rules.ts';
import { demand, memberLogin, postDemands, REPORTER, seedAccounts } from '../routing/routing-fixtures.ts';
import { api, login, startTestApp, waitFor, type TestApp } from '../helpers/test-app.ts';

const HOUR = 3600_000;
const iso = (msAgo: number) => new Date(Date.now() - msAgo).toISOString();
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

async function membersXlsx(rows: string[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('委员');
  ws.addRow(['姓名', '界别', '专委会', '属地', '关注领域', '每日上限', '用户名', '密码']);
  for (const r of rows) ws.addRow(r.map((v, i) => (i === 5 ? Number(v) : v)));
  return Buffer.from(await wb.xlsx.writeBuffer());
}

describe('inbox API: scheduled and hot pushes, filters, similar tickets, drafts, rules and members for admins', () => {
  let t: TestApp;
  let admin: string;
  let token: string;
  const pushedFor = (username: string) => t.ctx.prisma.inboxItem.count({ where: { pushedAt: { not: null }, member: { user: { username } } } });

  beforeAll(async () => {
    t = await startTestApp('embedded', { env: { INBOX_PUSH_OTHERS: 'scheduled' } });
    admin = await seedAccounts(t.ctx, t.url, [{ username: 'm.one', regions: 'A1区;A2区', dailyLimit: 3 }]);
    token = await memberLogin(t.url, 'm.one');
  });
  afterAll(() => t?.close());

  it('pushes a rising ticket at once and keeps the others for the scheduled batch, within the daily limit', async () => {
    await postDemands(t.ctx, t.url, admin, [
      ...Array.from({ length: 5 }, (_, i) => demand(`rise-${i}`, { occurredAt: iso(HOUR + i * 60_000) })),
      demand('old-1', { title: 'A1区幸福路路灯坏了', content: 'A1区幸福路的路灯坏了很久，晚上一片漆黑，希望维修路灯。', occurredAt: iso(20 * 24 * HOUR) }),
      demand('old-2', { title: 'A2区垃圾清运不及时', content: 'A2区和平小区垃圾清运不及时，气味难闻。', district: 'A2区', occurredAt: iso(15 * 24 * HOUR) }),
      demand('old-3', { title: 'A2区公交站牌损坏', content: 'A2区人民路公交站牌损坏，看不清线路信息。', district: 'A2区', occurredAt: iso(14 * 24 * HOUR) }),
    ]);
    await waitFor(async () => (await pushedFor('m.one')) === 1, { what: 'the rising ticket pushed' });
    // items exist once delivered: the three others wait as tickets marked for delivery
    expect(await t.ctx.prisma.inboxItem.count()).toBe(1);
    expect(await t.ctx.prisma.ticket.count({ where: { deliveryPending: true } })).toBe(3);
    const inbox = (await api(t.url, '/api/v1/inbox', { token })).json;
    expect(inbox.total).toBe(1);
    expect(inbox.items[0]).toMatchObject({ hot: true, ruleSetVersion: 1, ticket: { demandCount: 5 } });
    expect(inbox.items[0].matchedRules[0]).toEqual({ rule: 'region', detail: '属地匹配：A1区' });

    await queueScheduledPush(t.ctx, 'test1');
    await waitFor(async () => (await pushedFor('m.one')) === 3, { what: 'batch up to the daily limit' });
    await new Promise((r) => setTimeout(r, 500));
    expect(await pushedFor('m.one')).toBe(3);
    // the one over the limit still waits, for the next batch
    expect(await t.ctx.prisma.inboxItem.count({ where: { pushedAt: null } })).toBe(0);
    expect(await t.ctx.prisma.ticket.count({ where: { deliveryPending: true } })).toBe(1);
  });

  it('filters by state, category, region, heat and date, pages, and counts by state', async () => {
    const all = (await api(t.url, '/api/v1/inbox?pageSize=10', { token })).json;
    expect(all).toMatchObject({ total: 3, page: 1, pageSize: 10, counts: { NEW: 3, READ: 0 } });
    const q = async (query: string) => (await api(t.url, `/api/v1/inbox?${query}`, { token })).json;
    expect((await q('minHeat=4')).items.map((i: any) => i.ticket.demandCount)).toEqual([5]);
    const a2 = await q('region=A2区');
    expect(a2.items.every((i: any) => i.ticket.district === 'A2区')).toBe(true);
    expect(a2.total).toBe(all.items.filter((i: any) => i.ticket.district === 'A2区').length);
    const category = all.items[0].ticket.category;
    expect((await q(`category=${encodeURIComponent(category)}`)).items.every((i: any) => i.ticket.category === category)).toBe(true);
    const today = new Date(Date.now() + 8 * HOUR).toISOString().slice(0, 10);
    expect((await q(`from=${today}&to=${today}`)).total).toBe(3);
    expect((await q('to=2020-01-01')).total).toBe(0);
    const page2 = await q('pageSize=1&page=2');
    expect(page2.items).toHaveLength(1);
    expect(page2.items[0].id).toBe(all.items[1].id);
    await api(t.url, `/api/v1/inbox/${all.items[0].id}/actions`, { token, body: { action: 'read' } });
    expect((await q('state=READ')).items.map((i: any) => i.id)).toEqual([all.items[0].id]);
    expect((await q('state=READ')).counts).toMatchObject({ NEW: 2, READ: 1 });
    expect((await api(t.url, '/api/v1/inbox?minHeat=abc', { token })).status).toBe(400);
    expect((await api(t.url, '/api/v1/inbox?from=2026-02-30', { token })).status).toBe(400);
  });

  it('shows similar past tickets of the same district and category', async () => {
    // both street-lamp tickets in A1区; give them one category so only words decide
    await t.ctx.prisma.ticket.updateMany({ where: { district: 'A1区' }, data: { category: '城乡建设' } });
    const rising = (await api(t.url, '/api/v1/inbox?minHeat=4', { token })).json.items[0];
    const detail = (await api(t.url, `/api/v1/inbox/${rising.id}`, { token })).json;
    expect(detail.similarTickets).toHaveLength(1);
    expect(detail.similarTickets[0]).toMatchObject({ title: 'A1区幸福路路灯坏了', district: 'A1区', category: '城乡建设', status: 'OPEN' });
    expect(Object.keys(detail.similarTickets[0]).sort()).toEqual(['category', 'district', 'heat', 'id', 'lastSeenAt', 'status', 'title']);
    expect(detail.ticket.demands).toHaveLength(5);
  });

  it('adopts as a 社情民意信息 draft prefilled with evidence, edits and submits it', async () => {
    const rising = (await api(t.url, '/api/v1/inbox?minHeat=4', { token })).json.items[0];
    const adopt = await api(t.url, `/api/v1/inbox/${rising.id}/actions`, { token, body: { action: 'adopt', kind: 'social-report' } });
    expect(adopt.status).toBe(200);
    const { draft } = adopt.json;
    expect(Object.keys(draft).sort()).toEqual(['body', 'createdAt', 'evidence', 'id', 'kind', 'status', 'submittedAt', 'summary', 'ticketIds', 'title', 'updatedAt']);
    expect(draft).toMatchObject({ kind: 'social-report', status: 'DRAFT', ticketIds: [rising.ticket.id] });
    expect(draft.evidence.channels).toEqual([{ channel: 'hotline', count: 5 }]);
    expect(draft.evidence.trend.reduce((s: number, d: any) => s + d.count, 0)).toBe(5);
    expect(draft.evidence.quotes.length).toBeGreaterThan(0);
    expect(draft.evidence.quotes[0].text).toContain('路灯');
    expect(JSON.stringify(draft)).not.toMatch(new RegExp(`${REPORTER.phone}|${REPORTER.idNumber}|${REPORTER.name}|\\d{3}\\*{4}\\d{4}`));
    expect(draft.body).toContain('群众反映');
    expect((await api(t.url, `/api/v1/inbox/${rising.id}/actions`, { token, body: { action: 'adopt', kind: 'proposal' } })).status).toBe(409);

    const put = await api(t.url, `/api/v1/drafts/${draft.id}`, { token, method: 'PUT', body: { summary: '路灯长期损坏', body: '正文' } });
    expect(put.json.draft).toMatchObject({ summary: '路灯长期损坏', body: '正文', title: draft.title });
    expect((await api(t.url, `/api/v1/drafts/${draft.id}`, { token, method: 'PUT', body: { title: '' } })).status).toBe(400);
    expect((await api(t.url, '/api/v1/drafts', { token })).json.drafts.map((d: any) => d.id)).toEqual([draft.id]);
    expect((await api(t.url, `/api/v1/drafts/${draft.id}/submit`, { token, body: {} })).json.draft.status).toBe('SUBMITTED');
    expect((await api(t.url, `/api/v1/drafts/${draft.id}/submit`, { token, body: {} })).status).toBe(409);
    expect((await api(t.url, `/api/v1/drafts/${draft.id}`, { token, method: 'PUT', body: { title: '再改' } })).status).toBe(409);
    const event = await t.ctx.prisma.outbox.findFirstOrThrow({ where: { eventType: 'draft.submitted' } });
    expect(event.payload).toMatchObject({ draftId: draft.id, kind: 'social-report', label: '社情民意信息已提交', ticketId: rising.ticket.id });
    const lineage = (await api(t.url, `/api/v1/drafts/${draft.id}/lineage`, { token })).json;
    expect(lineage.tickets.map((tk: any) => tk.demands.length)).toEqual([5]);
    const detail = (await api(t.url, `/api/v1/inbox/${rising.id}`, { token })).json;
    expect(detail.drafts).toMatchObject([{ id: draft.id, status: 'SUBMITTED' }]);
  });

  it('lets admins read and replace the routing rules as a new audited version that routing then uses', async () => {
    const current = (await api(t.url, '/api/v1/routing-rules', { token: admin })).json;
    expect(current.current.version).toBe(1);
    expect(current.current.rules.categoryLinks).toContainEqual({ category: '卫生计生', sectors: ['医药卫生界'], committees: [] });
    const bad = await api(t.url, '/api/v1/routing-rules', { token: admin, method: 'PUT', body: { rules: { ...current.current.rules, interest: ['nonsense'] } } });
    expect(bad.status).toBe(400);
    const rules = { ...defaultRoutingRules(), push: { ...defaultRoutingRules().push, hotHeat: 1 } };
    const put = await api(t.url, '/api/v1/routing-rules', { token: admin, method: 'PUT', body: { rules, note: '热点阈值调低' } });
    expect(put.status).toBe(200);
    expect(put.json.current.version).toBe(2);
    const audit = await t.ctx.prisma.auditLog.findFirstOrThrow({ where: { action: 'routing-rules.replace' } });
    expect(audit).toMatchObject({ entityId: '2', actor: 'admin:admin', reason: '热点阈值调低' });
    expect((audit.before as any).rules.push.hotHeat).toBe(10);
    expect((audit.after as any).rules.push.hotHeat).toBe(1);
    // an edit started from version 1 is refused now that version 2 exists; so is the loser of two at once
    const stale = await api(t.url, '/api/v1/routing-rules', { token: admin, method: 'PUT', body: { rules, baseVersion: 1 } });
    expect(stale.status).toBe(409);
    expect(stale.json).toMatchObject({ error: 'conflict', currentVersion: 2 });
    const both = await Promise.all([1, 2].map(() => api(t.url, '/api/v1/routing-rules', { token: admin, method: 'PUT', body: { rules, baseVersion: 2 } })));
    expect(both.map((r) => r.status).sort()).toEqual([200, 409]);
    expect(await t.ctx.prisma.routingRuleSet.count()).toBe(3);
    const raced = await Promise.all([1, 2].map(() => api(t.url, '/api/v1/routing-rules', { token: admin, method: 'PUT', body: { rules } })));
    expect(raced.every((r) => r.status === 200 || r.status === 409)).toBe(true);
    // a new ticket is routed by version 2 and, hot by the new threshold, pushed at once (limit 3 is used up, so raise it)
    await t.ctx.prisma.member.updateMany({ data: { dailyLimit: 10 } });
    await postDemands(t.ctx, t.url, admin, [demand('v2-1', { title: 'A2区路面塌陷', content: 'A2区解放路路面出现塌陷，车辆经过很危险。', district: 'A2区', occurredAt: iso(30 * 24 * HOUR) })]);
    const item = await waitFor(() => t.ctx.prisma.inboxItem.findFirst({ where: { ruleSetVersion: { gte: 2 }, pushedAt: { not: null } } }), { what: 'pushed by rules v2 or later (same rules)' });
    expect(item.reason).toMatch(/路由规则 v[2-5]/);
    expect(item.hot).toBe(true);
  });

  it('sends each member one weekly digest per week', async () => {
    expect(await sendWeeklyDigest(t.ctx)).toBe(1); // only m.one has items
    expect(await sendWeeklyDigest(t.ctx)).toBe(0);
    const notes = (await api(t.url, '/api/v1/inbox/notifications', { token })).json;
    expect(notes.unread).toBe(1);
    expect(notes.notifications[0]).toMatchObject({ kind: 'weekly-digest' });
    expect(notes.notifications[0].body).toMatch(/近 7 天新推送 4 条.*热点：「A1区幸福路路灯损坏」/);
    expect((await api(t.url, `/api/v1/inbox/notifications/${notes.notifications[0].id}/read`, { token, body: {} })).status).toBe(200);
    expect((await api(t.url, '/api/v1/inbox/notifications', { token })).json.unread).toBe(0);
  });

  it('imports members from XLSX and CSV uploads, updates by username, deactivates keeping history, all audited', async () => {
    const xlsx = await membersXlsx([['孙委员', '医药卫生界', '教科卫体委员会', 'A1区；A3区', '卫生计生', '10', 'sun.x', 'sun-password-1']]);
    const first = await api(t.url, '/api/v1/members/import', { token: admin, raw: xlsx, contentType: XLSX_TYPE });
    expect(first.status).toBe(200);
    expect(first.json).toMatchObject({ created: [{ username: 'sun.x', name: '孙委员' }], updated: [], errors: [] });
    const again = await api(t.url, '/api/v1/members/import', { token: admin, raw: await membersXlsx([['孙委员', '医药卫生界', '教科卫体委员会', 'A1区', '卫生计生', '12', 'sun.x', '']]), contentType: XLSX_TYPE });
    expect(again.json).toMatchObject({ created: [], updated: ['sun.x'], errors: [] });
    const csv = '姓名,界别,专委会,属地,关注领域,每日上限,用户名,密码\n周委员,教育界,,A2区,教育文体,5,zhou.y,zhou-password-1\n,缺姓名,,A2区,,5,bad.row,\n';
    const third = await api(t.url, '/api/v1/members/import', { token: admin, raw: csv, contentType: 'text/csv' });
    expect(third.json.created).toHaveLength(1);
    expect(third.json.errors).toEqual([{ line: 3, message: expect.stringContaining('姓名') }]);
    expect((await api(t.url, '/api/v1/members/import', { token: admin, body: { rows: [{ name: '吴委员', sector: '经济界', regions: '全市', username: 'wu.z', password: 'wu-password-12' }] } })).json.created).toHaveLength(1);

    const list = (await api(t.url, '/api/v1/members', { token: admin })).json.members;
    const sun = list.find((m: any) => m.username === 'sun.x');
    expect(sun).toMatchObject({ regions: ['A1区'], topics: ['卫生计生'], dailyLimit: 12, active: true, sector: '医药卫生界' });
    const sunAudit = await t.ctx.prisma.auditLog.findFirstOrThrow({ where: { action: 'member.update', entityId: sun.id } });
    expect((sunAudit.before as any).dailyLimit).toBe(10);
    expect((sunAudit.after as any).dailyLimit).toBe(12);

    const one = list.find((m: any) => m.username === 'm.one');
    expect(one.inboxItems).toBeGreaterThan(0);
    expect((await api(t.url, `/api/v1/members/${one.id}/deactivate`, { token: admin, body: { reason: '届满离任' } })).status).toBe(200);
    expect((await api(t.url, '/api/v1/inbox', { token })).status).toBe(401);
    expect((await api(t.url, '/api/v1/auth/login', { body: { username: 'm.one', password: 'm.one-password' } })).status).toBe(401);
    const after = (await api(t.url, '/api/v1/members', { token: admin })).json.members.find((m: any) => m.username === 'm.one');
    expect(after).toMatchObject({ active: false, inboxItems: one.inboxItems, drafts: 1 });
    expect(await t.ctx.prisma.auditLog.count({ where: { action: 'member.deactivate', entityId: one.id, reason: '届满离任' } })).toBe(1);
    expect((await api(t.url, '/api/v1/members/nope/deactivate', { token: admin, body: {} })).status).toBe(404);
    await login(t.url, 'sun.x', 'sun-password-1');
  });
});
