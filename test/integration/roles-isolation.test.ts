import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANALYST, REPORTER, demand, memberLogin, postDemands, seedAccounts } from '../routing/routing-fixtures.ts';
import { api, login, startTestApp, waitFor, type TestApp } from '../helpers/test-app.ts';

/**
 * Anything that looks like a phone or ID number, clear or masked, or the reporter's name in any form.
 * Numbers are matched whole (no digit or decimal point around them), so a confidence such as
 * 0.3921147401550558 is not taken for a phone number.
 */
const PERSONAL = [
  /(?<![\d.])1[3-9]\d{9}(?!\d)/,
  /(?<![\d.])\d{17}[\dXx](?!\d)/,
  /1[3-9]\d\*{2,}\d{2,4}/,
  /\d{3}\*{3,}\d{2}/,
  new RegExp(REPORTER.name),
  new RegExp(`${REPORTER.name[0]}\\*+`),
  /"(reporter|reporterMasked|phone|phoneMasked|idNumber|address|reporterHash|phoneHash|idNumberHash)"/,
];

function expectNoPersonalData(path: string, json: unknown) {
  const text = JSON.stringify(json);
  for (const pattern of PERSONAL) expect(text, `${path} leaks ${pattern}`).not.toMatch(pattern);
}

describe('roles: members only see their own items and drafts; analysts never see personal data', () => {
  let t: TestApp;
  let admin: string;
  let tokenA: string;
  let tokenB: string;
  let analyst: string;

  beforeAll(async () => {
    t = await startTestApp('embedded');
    admin = await seedAccounts(t.ctx, t.url, [
      { username: 'member.a', regions: 'A1区;A2区' },
      { username: 'member.b', regions: 'A2区' },
    ]);
    await postDemands(t.ctx, t.url, admin, [
      demand('r1'),
      demand('r2', { occurredAt: '2026-11-11T10:00:00+08:00' }),
      demand('r3', { title: 'A2区学校门口交通拥堵', content: `A2区实验小学门口上下学时段交通拥堵严重，希望增设交警疏导。电话${REPORTER.phone}`, district: 'A2区', address: 'A2区学府路1号' }),
    ]);
    await waitFor(async () => (await t.ctx.prisma.inboxItem.count({ where: { pushedAt: { not: null } } })) === 3, { what: 'A: 2 items, B: 1 item pushed' });
    tokenA = await memberLogin(t.url, 'member.a');
    tokenB = await memberLogin(t.url, 'member.b');
    analyst = await login(t.url, ANALYST.username, ANALYST.password);
  });
  afterAll(() => t?.close());

  it('answers 404 to a member guessing another member\'s item or draft id, and changes nothing', async () => {
    const itemsA = (await api(t.url, '/api/v1/inbox', { token: tokenA })).json.items;
    const onlyA = itemsA.find((i: any) => i.ticket.district === 'A1区');
    expect(onlyA.ticket.demandCount).toBe(2);
    const adopt = await api(t.url, `/api/v1/inbox/${onlyA.id}/actions`, { token: tokenA, body: { action: 'adopt', kind: 'proposal' } });
    expect(adopt.status).toBe(200);
    const draftId = adopt.json.draft.id;

    expect((await api(t.url, `/api/v1/inbox/${onlyA.id}`, { token: tokenB })).status).toBe(404);
    for (const action of [{ action: 'read' }, { action: 'follow' }, { action: 'dismiss', note: 'x' }, { action: 'adopt', kind: 'social-report' }]) {
      expect((await api(t.url, `/api/v1/inbox/${onlyA.id}/actions`, { token: tokenB, body: action })).status).toBe(404);
    }
    expect((await api(t.url, `/api/v1/drafts/${draftId}`, { token: tokenB })).status).toBe(404);
    expect((await api(t.url, `/api/v1/drafts/${draftId}`, { token: tokenB, method: 'PUT', body: { title: '篡改' } })).status).toBe(404);
    expect((await api(t.url, `/api/v1/drafts/${draftId}/submit`, { token: tokenB, body: {} })).status).toBe(404);
    expect((await api(t.url, `/api/v1/drafts/${draftId}/lineage`, { token: tokenB })).status).toBe(404);
    expect((await api(t.url, `/api/v1/tickets/${onlyA.ticket.id}/lineage`, { token: tokenB })).status).toBe(404);
    expect((await api(t.url, '/api/v1/drafts', { token: tokenB })).json.drafts).toEqual([]);
    expect((await api(t.url, '/api/v1/inbox?pageSize=100', { token: tokenB })).json.items.map((i: any) => i.id)).not.toContain(onlyA.id);

    const draft = await t.ctx.prisma.draft.findUniqueOrThrow({ where: { id: draftId } });
    expect(draft.status).toBe('DRAFT');
    expect(draft.title).not.toBe('篡改');
    expect((await t.ctx.prisma.inboxItem.findUniqueOrThrow({ where: { id: onlyA.id } })).state).toBe('ADOPTED');
    expect(await t.ctx.prisma.inboxAction.count({ where: { inboxItemId: onlyA.id } })).toBe(1);
    // the owner still reads it
    expect((await api(t.url, `/api/v1/drafts/${draftId}`, { token: tokenA })).json.draft.id).toBe(draftId);
  });

  it('keeps each role to its own endpoints', async () => {
    expect((await api(t.url, '/api/v1/tickets', { token: tokenA })).status).toBe(403);
    expect((await api(t.url, '/api/v1/members', { token: tokenA })).status).toBe(403);
    expect((await api(t.url, '/api/v1/routing-rules', { token: tokenA })).status).toBe(403);
    expect((await api(t.url, '/api/v1/inbox', { token: analyst })).status).toBe(403);
    expect((await api(t.url, '/api/v1/drafts', { token: analyst })).status).toBe(403);
    expect((await api(t.url, '/api/v1/members', { token: analyst })).status).toBe(403);
    expect((await api(t.url, '/api/v1/routing-rules', { token: analyst, method: 'PUT', body: { rules: {} } })).status).toBe(403);
    expect((await api(t.url, '/api/v1/tickets')).status).toBe(401);
  });

  it('never gives an analyst a phone number, ID number or the reporter\'s name on any endpoint it can read', async () => {
    const list = await api(t.url, '/api/v1/tickets?pageSize=100', { token: analyst });
    expect(list.status).toBe(200);
    expect(list.json.total).toBe(2);
    expectNoPersonalData('/tickets', list.json);
    const draft = await t.ctx.prisma.draft.findFirstOrThrow();
    const paths = [
      ...list.json.tickets.flatMap((tk: any) => [`/api/v1/tickets/${tk.id}`, `/api/v1/tickets/${tk.id}/lineage`]),
      `/api/v1/drafts/${draft.id}/lineage`,
      '/api/v1/routing-rules',
      '/api/v1/tickets?rebound=1',
    ];
    for (const path of paths) {
      const r = await api(t.url, path, { token: analyst });
      expect(r.status, path).toBe(200);
      expectNoPersonalData(path, r.json);
    }
    // the demand texts are there, with the personal parts removed
    const detail = await api(t.url, `/api/v1/tickets/${list.json.tickets.find((tk: any) => tk.district === 'A1区').id}`, { token: analyst });
    expect(detail.json.ticket.demands).toHaveLength(2);
    expect(detail.json.ticket.demands[0].text).toContain('路灯损坏');
    expect(detail.json.ticket.demands[0].text).toContain('［已隐去］');
    const lineage = await api(t.url, `/api/v1/drafts/${draft.id}/lineage`, { token: analyst });
    expect(lineage.json.tickets[0].demands).toHaveLength(2);
  });

  it('gives members masked data only, and drafts carry no personal data at all', async () => {
    const item = (await api(t.url, '/api/v1/inbox', { token: tokenA })).json.items.find((i: any) => i.ticket.district === 'A1区');
    const detail = await api(t.url, `/api/v1/inbox/${item.id}`, { token: tokenA });
    const text = JSON.stringify(detail.json);
    expect(text).not.toContain(REPORTER.phone);
    expect(text).not.toContain(REPORTER.idNumber);
    expect(text).not.toContain(REPORTER.name);
    const drafts = await api(t.url, '/api/v1/drafts', { token: tokenA });
    expectNoPersonalData('/drafts', drafts.json);
  });

  it('lets admins issue and revoke connector API keys, audited', async () => {
    expect((await api(t.url, '/api/v1/auth/api-keys', { token: tokenA, body: { name: 'hotline-x' } })).status).toBe(403);
    const created = await api(t.url, '/api/v1/auth/api-keys', { token: admin, body: { name: 'hotline-x' } });
    expect(created.status).toBe(201);
    expect(created.json.key).toMatch(/^lxk_/);
    expect((await api(t.url, '/api/v1/auth/api-keys', { token: admin, body: { name: 'hotline-x' } })).status).toBe(409);
    const ticket = await t.ctx.prisma.ticket.findFirstOrThrow();
    const status = (updateId: string) => api(t.url, `/api/v1/tickets/${ticket.id}/status`, { token: created.json.key, body: { updateId, status: '受理', occurredAt: '2026-11-12T09:00:00+08:00' } });
    expect((await status('k1')).status).toBe(202);
    expect((await api(t.url, '/api/v1/tickets', { token: created.json.key })).status).toBe(403);
    expect((await api(t.url, `/api/v1/auth/api-keys/${created.json.id}`, { token: admin, method: 'DELETE' })).status).toBe(200);
    expect((await status('k2')).status).toBe(401);
    const listed = (await api(t.url, '/api/v1/auth/api-keys', { token: admin })).json.keys;
    expect(JSON.stringify(listed)).not.toContain(created.json.key);
    expect(await t.ctx.prisma.auditLog.count({ where: { entity: 'ApiKey', entityId: created.json.id } })).toBe(2);
  });

  it('audits every state change with who, before and after', async () => {
    const audits = await t.ctx.prisma.auditLog.findMany({ orderBy: { createdAt: 'asc' } });
    const adopt = audits.find((a) => a.action === 'inbox.adopt')!;
    expect(adopt.actor).toMatch(/^member:/);
    expect(adopt.before).toEqual({ state: 'NEW' });
    expect(adopt.after).toMatchObject({ state: 'ADOPTED', kind: 'proposal' });
    expect(audits.find((a) => a.action === 'draft.create')?.after).toMatchObject({ status: 'DRAFT', kind: 'proposal' });
    expect(audits.filter((a) => a.action === 'member.create')).toHaveLength(2);
  });
});
