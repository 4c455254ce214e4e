import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ticketHeat } from '../../src/pipeline/ticket-heat.ts';
import { demand, postDemands, seedAccounts } from '../routing/routing-fixtures.ts';
import { startTestApp, type TestApp } from '../helpers/test-app.ts';

const iso = (minutesAgo: number) => new Date(Date.now() - minutesAgo * 60_000).toISOString();

/**
 * A ticket keeps the sums of its demands' likes and dislikes (migration 0013), grown by each merge
 * batch instead of summed over all its demands under the merge lock; its heat uses them.
 */
describe("a ticket's likes and dislikes", () => {
  let t: TestApp;
  let admin: string;

  beforeAll(async () => {
    t = await startTestApp('embedded');
    admin = await seedAccounts(t.ctx, t.url, [{ username: 'l.a1', regions: 'A1区' }]);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('are the sums over its demands after batches that open and grow it', async () => {
    const post = { channel: 'message-board', title: 'A1区幸福路路灯损坏', content: 'A1区幸福路12号附近路灯损坏两周，夜间出行不安全，请尽快维修。' };
    // one batch opens the ticket with two reports, two later batches grow it
    await postDemands(t.ctx, t.url, admin, [demand('like-1', { ...post, likes: 10, dislikes: 1, occurredAt: iso(120) }), demand('like-2', { ...post, likes: 3, occurredAt: iso(110) })]);
    await postDemands(t.ctx, t.url, admin, [demand('like-3', { ...post, likes: 7, dislikes: 2, occurredAt: iso(60) })]);
    await postDemands(t.ctx, t.url, admin, [demand('like-4', { ...post, occurredAt: iso(30) })]);
    const tickets = await t.ctx.prisma.ticket.findMany({ include: { demands: { select: { likes: true, dislikes: true } } } });
    expect(tickets).toHaveLength(1);
    const [ticket] = tickets;
    expect(ticket!.demands).toHaveLength(4);
    expect(ticket!.likes).toBe(20);
    expect(ticket!.dislikes).toBe(3);
    expect(ticket!.heat).toBe(ticketHeat(4, ticket!.channels.length, 20, 3));
  });
});
