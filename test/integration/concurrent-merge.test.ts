import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { receiveRecords } from '../../src/ingest/receive-records.ts';
import { upsertMembers } from '../../src/members/member-import.ts';
import { startTestApp, waitFor, type TestApp } from '../helpers/test-app.ts';

const GROUPS = 5;
const COPIES = 12;

function demand(group: number, copy: number) {
  const sourceRef = `g${group}-c${copy}`;
  return {
    source: copy % 2 ? 'hotline-12345' : 'mailbox',
    sourceRef,
    format: 'demand-v1' as const,
    payload: JSON.stringify({
      source: copy % 2 ? 'hotline-12345' : 'mailbox',
      sourceRef,
      channel: copy % 2 ? 'hotline' : 'mailbox',
      // the same complaint, with punctuation and the caller's phone varying per copy
      content: `A2区幸福里小区${group}号楼电梯经常故障${copy % 3 ? '，' : '！'}困人多次，请尽快维修。电话1390000${String(copy).padStart(4, '0')}`,
      district: 'A2区',
      occurredAt: '2026-11-20T09:00:00+08:00',
    }),
  };
}

describe('two worker processes on Redis + PostgreSQL merging the same issue at once', () => {
  let a: TestApp;
  let b: TestApp;

  beforeAll(async () => {
    a = await startTestApp('redis-postgres', { env: { WORKER_CONCURRENCY: '8' } });
    b = await startTestApp('redis-postgres', { shareWith: a, env: { WORKER_CONCURRENCY: '8' } });
    await upsertMembers(a.ctx.prisma, [{ line: 1, row: { name: '委员甲', sector: '经济界', regions: 'A2区', username: 'm.jia', password: 'password-123' } }]);
  });
  afterAll(async () => {
    await b?.close();
    await a?.close();
  });

  it('produces exactly one ticket per issue and one inbox item per member', async () => {
    const records = Array.from({ length: GROUPS * COPIES }, (_, i) => demand(i % GROUPS, Math.floor(i / GROUPS)));
    // both processes receive half of the copies at the same moment
    await Promise.all([receiveRecords(a.ctx, records.filter((_, i) => i % 2 === 0)), receiveRecords(b.ctx, records.filter((_, i) => i % 2 === 1))]);
    const { prisma } = a.ctx;
    await waitFor(async () => (await prisma.demand.count({ where: { stage: 'DONE' } })) === GROUPS * COPIES, { what: 'all demands DONE', timeoutMs: 60_000 });

    const tickets = await prisma.ticket.findMany({ include: { _count: { select: { demands: true } } } });
    expect(tickets).toHaveLength(GROUPS);
    for (const ticket of tickets) {
      expect(ticket.demandCount).toBe(COPIES);
      expect(ticket._count.demands).toBe(COPIES);
      expect(ticket.channels.sort()).toEqual(['hotline', 'mailbox']);
    }
    await waitFor(async () => (await prisma.inboxItem.count({ where: { pushedAt: { not: null } } })) === GROUPS, { what: 'inbox items pushed' });
    expect(await prisma.inboxItem.count()).toBe(GROUPS);
    const completedBy = await Promise.all([a.ctx.queue.counts(), b.ctx.queue.counts()]);
    expect(completedBy[0].merge.failed + completedBy[1].merge.failed).toBe(0);
  });
});
