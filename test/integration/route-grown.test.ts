import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { upsertMembers } from '../../src/members/member-import.ts';
import { demand, postDemands, seedAccounts } from '../routing/routing-fixtures.ts';
import { startTestApp, type TestApp } from '../helpers/test-app.ts';

const iso = (minutesAgo: number) => new Date(Date.now() - minutesAgo * 60_000).toISOString();

/**
 * A grown ticket is marked for delivery again: push gives an item only to recipients who do not
 * hold it yet — one item per member — and a member added meanwhile gets it.
 */
describe('routing a ticket that grows', () => {
  let t: TestApp;
  let admin: string;
  const lamp = { title: 'A1区幸福路路灯损坏', content: 'A1区幸福路12号附近路灯损坏两周，夜间出行不安全，请尽快维修。' };
  const holders = async () => (await t.ctx.prisma.inboxItem.findMany({ include: { member: { select: { user: { select: { username: true } } } } } })).map((i) => `${i.member.user?.username}@${i.ticketId}`).sort();

  beforeAll(async () => {
    t = await startTestApp('embedded');
    admin = await seedAccounts(t.ctx, t.url, [{ username: 'g.a1', regions: 'A1区' }, { username: 'g.a2', regions: 'A2区' }]);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('keeps one item per member while the ticket grows, and reaches a member added meanwhile', async () => {
    await postDemands(t.ctx, t.url, admin, [demand('grow-1', { ...lamp, occurredAt: iso(90) })]);
    const [ticket] = await t.ctx.prisma.ticket.findMany();
    expect(await holders()).toEqual([`g.a1@${ticket!.id}`]);

    await postDemands(t.ctx, t.url, admin, [demand('grow-2', { ...lamp, occurredAt: iso(60) })]);
    expect(await t.ctx.prisma.ticket.count()).toBe(1);
    expect((await t.ctx.prisma.ticket.findUniqueOrThrow({ where: { id: ticket!.id } })).demandCount).toBe(2);
    expect(await holders()).toEqual([`g.a1@${ticket!.id}`]);

    // a new member of the district: the routing snapshot changes, so the grown ticket is routed in full
    const added = await upsertMembers(t.ctx.prisma, [{ line: 1, row: { name: '委员新', sector: '无党派人士', regions: 'A1区', topics: '', dailyLimit: '50', username: 'g.new', password: 'g.new-password' } }]);
    expect(added.errors).toEqual([]);
    await postDemands(t.ctx, t.url, admin, [demand('grow-3', { ...lamp, occurredAt: iso(30) })]);
    expect((await t.ctx.prisma.ticket.findUniqueOrThrow({ where: { id: ticket!.id } })).demandCount).toBe(3);
    expect(await holders()).toEqual([`g.a1@${ticket!.id}`, `g.new@${ticket!.id}`]);
  });
});
