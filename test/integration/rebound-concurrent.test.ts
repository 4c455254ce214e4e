import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { upsertMembers } from '../../src/members/member-import.ts';
import { demand, memberLogin, seedAccounts } from '../routing/routing-fixtures.ts';
import { api, startTestApp, waitFor, type TestApp } from '../helpers/test-app.ts';

const HOUR = 3600_000;
const iso = (msAgo: number) => new Date(Date.now() - msAgo).toISOString();

/**
 * Two worker processes on one Redis + PostgreSQL deployment: duplicates of one issue arrive
 * through both at once. Each member holds the ticket once; a closed ticket that gets new
 * reports within REBOUND_DAYS is marked as a rebound exactly once and routed again.
 */
describe('rebound (反弹) and one item per member × ticket under concurrent workers', () => {
  let a: TestApp;
  let b: TestApp;
  let admin: string;
  const lamp = { title: 'A1区幸福路路灯损坏', content: 'A1区幸福路12号附近路灯损坏两周，夜间出行不安全，请尽快维修。' };
  const noise = { title: 'A1区工地夜间施工噪音', content: 'A1区建设路工地夜间施工噪音很大，严重影响附近居民休息，请查处。' };

  const postSplit = async (demands: unknown[]) => {
    const half = Math.ceil(demands.length / 2);
    const [ra, rb] = await Promise.all([
      api(a.url, '/api/v1/demands', { token: admin, body: demands.slice(0, half) }),
      api(b.url, '/api/v1/demands', { token: admin, body: demands.slice(half) }),
    ]);
    expect([ra.status, rb.status]).toEqual([202, 202]);
  };
  const allDone = (n: number) => waitFor(async () => (await a.ctx.prisma.demand.count({ where: { stage: 'DONE' } })) === n, { what: `${n} demands DONE`, timeoutMs: 90_000 });
  const settled = () =>
    waitFor(async () => {
      const [row] = await a.ctx.prisma.$queryRaw<Array<{ n: number }>>`
        SELECT count(*)::int AS n FROM "Ticket" t WHERE t."pushedVersion" < t."routedVersion" OR t."routedVersion" < t.version`;
      return row?.n === 0;
    }, { what: 'every ticket routed and pushed at its version', timeoutMs: 90_000 });

  beforeAll(async () => {
    a = await startTestApp('redis-postgres', { env: { REBOUND_DAYS: '5', WORKER_CONCURRENCY: '4' } });
    b = await startTestApp('redis-postgres', { shareWith: a, env: { REBOUND_DAYS: '5', WORKER_CONCURRENCY: '4' } });
    admin = await seedAccounts(a.ctx, a.url, [
      { username: 'r.city', regions: '全市' },
      { username: 'r.a1', regions: 'A1区' },
      { username: 'r.a2', regions: 'A2区' },
    ]);
  });
  afterAll(async () => {
    await b?.close();
    await a?.close();
  });

  it('gives each member the ticket once while duplicates arrive through two workers at once', async () => {
    await postSplit([
      ...Array.from({ length: 24 }, (_, i) => demand(`lamp-${i}`, { ...lamp, occurredAt: iso(72 * HOUR - i * 60_000) })),
      ...Array.from({ length: 6 }, (_, i) => demand(`noise-${i}`, { ...noise, occurredAt: iso(12 * 24 * HOUR - i * 60_000) })),
    ]);
    await allDone(30);
    await settled();
    const { prisma } = a.ctx;
    const tickets = await prisma.ticket.findMany({ orderBy: { demandCount: 'desc' } });
    expect(tickets.map((t) => t.demandCount)).toEqual([24, 6]);
    const items = await prisma.inboxItem.findMany({ include: { member: { include: { user: true } } } });
    expect(items).toHaveLength(4); // r.city and r.a1 hold both tickets, r.a2 neither
    expect(new Set(items.map((i) => `${i.memberId}|${i.ticketId}`)).size).toBe(4);
    expect(items.every((i) => i.pushedAt && i.ruleSetVersion === 1)).toBe(true);
  }, 200_000); // the waits inside allow 90 s each: under a loaded CI machine 60 s was not enough

  it('marks a ticket closed 2 days ago that gets new reports as a rebound exactly once, flags holders and routes it again', async () => {
    const { prisma } = a.ctx;
    const ticket = await prisma.ticket.findFirstOrThrow({ where: { demandCount: 24 } });
    const closed = await api(a.url, `/api/v1/tickets/${ticket.id}/status`, { token: admin, body: { updateId: 'close-1', status: '已办结', occurredAt: iso(48 * HOUR) } });
    expect(closed.status).toBe(202);
    await settled();
    const tokenCity = await memberLogin(a.url, 'r.city');
    const item = (await api(a.url, '/api/v1/inbox?region=A1区', { token: tokenCity })).json.items.find((i: any) => i.ticket.id === ticket.id);
    await api(a.url, `/api/v1/inbox/${item.id}/actions`, { token: tokenCity, body: { action: 'read' } });
    // a member who joins later gets the ticket when it is routed again
    await upsertMembers(prisma, [{ line: 1, row: { name: '新委员', sector: '经济界', regions: 'A1区', username: 'r.late', password: 'r.late-password' } }]);

    await postSplit(Array.from({ length: 10 }, (_, i) => demand(`lamp-again-${i}`, { ...lamp, occurredAt: iso(2 * HOUR - i * 60_000) })));
    await allDone(40);
    await settled();

    const after = await prisma.ticket.findUniqueOrThrow({ where: { id: ticket.id } });
    expect(after.demandCount).toBe(34);
    expect(after.reboundCount).toBe(1);
    expect(after.reboundAt).not.toBeNull();
    expect(await prisma.outbox.count({ where: { eventType: 'ticket.rebound', aggregateId: ticket.id } })).toBe(1);
    expect(await prisma.auditLog.count({ where: { action: 'ticket.rebound', entityId: ticket.id } })).toBe(1);

    const items = await prisma.inboxItem.findMany({ where: { ticketId: ticket.id }, include: { member: { include: { user: true } } } });
    expect(items.map((i) => i.member.user!.username).sort()).toEqual(['r.a1', 'r.city', 'r.late']);
    expect(items.every((i) => i.rebound && i.pushedAt !== null)).toBe(true);
    const late = items.find((i) => i.member.user!.username === 'r.late')!;
    expect((late.matchedRules as Array<{ rule: string }>).map((r) => r.rule)).toContain('rebound');
    expect(late.reason).toContain('反弹');
    expect(await prisma.notification.count({ where: { kind: 'rebound', ticketId: ticket.id } })).toBe(2); // the two who held it

    const seen = (await api(a.url, `/api/v1/inbox/${item.id}`, { token: tokenCity })).json.item;
    expect(seen).toMatchObject({ rebound: true, updated: true, state: 'READ' });
    expect(seen.updateNote).toMatch(/反弹/);
    expect(await prisma.inboxItem.count()).toBe(5);
  });

  it('does not call it a rebound when the new report comes after REBOUND_DAYS', async () => {
    const { prisma } = a.ctx;
    const ticket = await prisma.ticket.findFirstOrThrow({ where: { demandCount: 6 } });
    expect((await api(a.url, `/api/v1/tickets/${ticket.id}/status`, { token: admin, body: { updateId: 'close-2', status: '已办结', occurredAt: iso(10 * 24 * HOUR) } })).status).toBe(202);
    await settled();
    await postSplit([demand('noise-late-1', { ...noise, occurredAt: iso(HOUR) }), demand('noise-late-2', { ...noise, occurredAt: iso(HOUR + 60_000) })]);
    await allDone(42);
    await settled();
    // beyond the rebound window the closed ticket takes no more reports: they open a new ticket
    const after = await prisma.ticket.findUniqueOrThrow({ where: { id: ticket.id } });
    expect(after.demandCount).toBe(6);
    expect(after.reboundCount).toBe(0);
    expect(await prisma.inboxItem.count({ where: { ticketId: ticket.id, rebound: true } })).toBe(0);
    const late = await prisma.demand.findMany({ where: { sourceRef: { startsWith: 'noise-late' } } });
    expect(new Set(late.map((d) => d.ticketId)).size).toBe(1);
    expect(late[0]!.ticketId).not.toBe(ticket.id);
    expect((await prisma.ticket.findUniqueOrThrow({ where: { id: late[0]!.ticketId! } })).reboundCount).toBe(0);
  });
});
