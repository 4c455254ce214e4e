import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cppccPoller } from '../../connectors/cppcc/poller.ts';
import { startCppccSimulator } from '../../connectors/cppcc/simulator.ts';
import { mailboxPoller } from '../../connectors/mailbox/poller.ts';
import { startMailboxSimulator } from '../../connectors/mailbox/simulator.ts';
import { messageBoardPoller } from '../../connectors/message-board/poller.ts';
import { startMessageBoardSimulator } from '../../connectors/message-board/simulator.ts';
import { startTestApp, waitFor, type TestApp } from '../helpers/test-app.ts';

const TOKEN = 'poller-e2e-token-0123456789';

/** Poll → RawRecord → Demand → ticket, and replies (答复) → ticket status, with the workers running. */
describe('pollers end to end with workers (PostgreSQL + Redis)', () => {
  let t: TestApp;
  const sims: Array<{ close(): Promise<void> }> = [];

  beforeAll(async () => {
    t = await startTestApp('redis-postgres', { http: false });
  });
  afterAll(async () => {
    for (const s of sims) await s.close();
    await t?.close();
  });

  it('mailbox letters become demands and their replies close the tickets', async () => {
    const sim = await startMailboxSimulator({ token: TOKEN, count: 24 });
    sims.push(sim);
    const poller = mailboxPoller(t.ctx, { url: sim.url, token: TOKEN });
    expect((await poller.poll()).error).toBeUndefined();
    const { prisma } = t.ctx;
    await waitFor(async () => (await prisma.demand.count({ where: { source: 'mailbox', stage: 'DONE' } })) === 24, { what: '24 letters DONE' });
    await waitFor(async () => (await prisma.rawRecord.count({ where: { source: 'mailbox-status', state: 'ACCEPTED' } })) === 6, { what: 'replies applied', timeoutMs: 60_000 });
    const closed = await prisma.statusEvent.count({ where: { origin: 'mailbox', status: '已办结' } });
    expect(closed).toBe(6);
    await poller.poll();
    expect(await prisma.demand.count({ where: { source: 'mailbox' } })).toBe(24);
    expect(await prisma.statusEvent.count({ where: { origin: 'mailbox' } })).toBe(6);
  });

  it('message-board posts and CPPCC opinions enter the same demand library', async () => {
    const board = await startMessageBoardSimulator({ token: TOKEN, count: 15 });
    const cppcc = await startCppccSimulator({ token: TOKEN, count: 12 });
    sims.push(board, cppcc);
    await messageBoardPoller(t.ctx, { url: board.url, token: TOKEN }).poll();
    await cppccPoller(t.ctx, { url: cppcc.url, token: TOKEN }).poll();
    const { prisma } = t.ctx;
    await waitFor(async () => (await prisma.demand.count({ where: { source: { in: ['message-board', 'cppcc'] }, stage: 'DONE' } })) === 27, { what: 'posts and opinions DONE' });
    const channels = await prisma.demand.groupBy({ by: ['channel'], _count: { _all: true } });
    expect(Object.fromEntries(channels.map((c) => [c.channel, c._count._all]))).toMatchObject({ 'message-board': 15, cppcc: 12, mailbox: 24 });
  });
});
