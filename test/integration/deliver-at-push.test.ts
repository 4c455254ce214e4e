import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queueScheduledPush } from '../../src/pipeline/push-inbox.ts';
import { chinaDate, pushTickets } from '../../src/pipeline/push-tickets.ts';
import { routeTickets } from '../../src/pipeline/route-ticket.ts';
import { MODES, startTestApp, type TestApp } from '../helpers/test-app.ts';

/**
 * Route decides that a ticket has recipients; push creates the items, under the routing in force
 * when it delivers, and keeps each member's count of the day as it does.
 */
describe.each(MODES)('inbox items created at delivery (%s)', (mode) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(mode, { workers: false, http: false, env: { INBOX_PUSH_OTHERS: 'scheduled' } });
  }, 60_000);
  afterAll(async () => t?.close());

  it('route marks the ticket and writes no item; the batch delivers to the members the rules select then', async () => {
    const { prisma } = t.ctx;
    const member = (id: string, region: string) => prisma.member.create({ data: { id, name: id, sector: '界别', committee: '委员会', regions: [region], topics: [], dailyLimit: 5 } });
    await member('dp-x', '交付甲区');
    await member('dp-y', '交付乙区');
    const now = new Date();
    const ticket = await prisma.ticket.create({ data: { title: '路灯', summary: '路灯', dedupKey: 'dp', district: '交付甲区', firstSeenAt: now, lastSeenAt: now, heat: 0, version: 1, demandCount: 1 } });

    expect(await routeTickets(t.ctx, [ticket.id])).toEqual([{ ticketId: ticket.id, version: 1 }]);
    expect(await prisma.ticket.findUniqueOrThrow({ where: { id: ticket.id } })).toMatchObject({ routedVersion: 1, deliveryPending: true });
    expect(await prisma.inboxItem.count()).toBe(0);
    // not hot: it waits for the scheduled batch
    expect(await pushTickets(t.ctx, [ticket.id])).toMatchObject({ pushed: 0, deferred: 1, hot: 0 });
    expect(await prisma.inboxItem.count()).toBe(0);

    // meanwhile the district's member leaves and the other member takes the district over
    await prisma.member.update({ where: { id: 'dp-x' }, data: { active: false } });
    await prisma.member.update({ where: { id: 'dp-y' }, data: { regions: ['交付甲区'] } });
    expect(await pushTickets(t.ctx, [ticket.id], { batch: true })).toMatchObject({ pushed: 1, deferred: 0 });
    const items = await prisma.inboxItem.findMany({ where: { ticketId: ticket.id } });
    expect(items.map((i) => [i.memberId, i.reason, i.pushedVersion, i.hot])).toEqual([['dp-y', '属地匹配：交付甲区；不限领域（路由规则 v1）', 1, false]]);
    expect(items[0]!.pushedAt).not.toBeNull();
    expect(await prisma.ticket.findUniqueOrThrow({ where: { id: ticket.id } })).toMatchObject({ deliveryPending: false, pushedVersion: 1 });
    // the member's count of the day grew with it
    const [day] = await t.ctx.database.query<{ n: number }>(`SELECT n FROM "MemberDeliveryDay" WHERE "memberId" = 'dp-y' AND day = $1::date`, [chinaDate(new Date())]);
    expect(day?.n).toBe(1);
    // delivered once: another batch finds nothing to do
    expect(await pushTickets(t.ctx, [ticket.id], { batch: true })).toMatchObject({ pushed: 0, deferred: 0 });
    // the 08:30 batch keeps a week of counts: an older day goes, today's stays
    await t.ctx.database.query(`INSERT INTO "MemberDeliveryDay" ("memberId", day, n) VALUES ('dp-y', $1::date, 3)`, [chinaDate(new Date(Date.now() - 8 * 24 * 3600_000))]);
    expect(await queueScheduledPush(t.ctx, 'dp-test')).toBe(0);
    expect((await t.ctx.database.query<{ day: string }>(`SELECT day::text AS day FROM "MemberDeliveryDay" WHERE "memberId" = 'dp-y'`)).map((r) => r.day)).toEqual([chinaDate(new Date())]);
  });

  it('keeps the mark while a recipient is over its daily limit, and clears it once delivered', async () => {
    const { prisma } = t.ctx;
    await prisma.member.create({ data: { id: 'lim-1', name: 'lim-1', sector: '界别', committee: '委员会', regions: ['限额区'], topics: [], dailyLimit: 1 } });
    const now = new Date();
    const make = (k: string) => prisma.ticket.create({ data: { title: k, summary: k, dedupKey: k, district: '限额区', firstSeenAt: now, lastSeenAt: now, heat: 100, version: 1, demandCount: 1 } });
    const [a, b] = [await make('lim-a'), await make('lim-b')];
    await routeTickets(t.ctx, [a.id, b.id]);
    expect((await pushTickets(t.ctx, [a.id, b.id])).pushed).toBe(1);
    const pending = await prisma.ticket.findMany({ where: { id: { in: [a.id, b.id] } }, select: { deliveryPending: true } });
    expect(pending.map((p) => p.deliveryPending).sort()).toEqual([false, true]);
    // the next day there is room: the waiting one goes, and the mark with it
    const tomorrow = new Date(Date.now() + 24 * 3600_000);
    expect((await pushTickets(t.ctx, [a.id, b.id], { batch: true, now: tomorrow })).pushed).toBe(1);
    expect(await prisma.ticket.count({ where: { id: { in: [a.id, b.id] }, deliveryPending: true } })).toBe(0);
  });
});
