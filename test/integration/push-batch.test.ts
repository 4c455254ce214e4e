import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withDbClock } from '../../src/db/query-timer.ts';
import { pushTicket } from '../../src/pipeline/push-inbox.ts';
import { pushTickets } from '../../src/pipeline/push-tickets.ts';
import { redrive } from '../../src/app/redrive.ts';
import { defaultRoutingRules } from '../../src/routing/default-rules.ts';
import { replaceRuleSet } from '../../src/routing/rule-store.ts';
import { applyMemberAction } from '../../src/inbox/member-actions.ts';
import { inboxItemView } from '../../src/inbox/inbox-view.ts';
import { MODES, startTestApp, type TestApp } from '../helpers/test-app.ts';

let seeded = 0;
/**
 * Tickets waiting for delivery to the given members, made directly (no pipeline running): each
 * call its own district, which only its members cover, so the tickets of one test never reach
 * the members of another.
 */
async function seed(t: TestApp, tickets: number, members: Array<{ id: string; dailyLimit: number; active?: boolean }>, heat = 100) {
  const { prisma } = t.ctx;
  const district = `测试${++seeded}区`;
  for (const m of members) await prisma.member.create({ data: { id: m.id, name: m.id, sector: '界别', committee: '委员会', regions: [district], topics: [], dailyLimit: m.dailyLimit, active: m.active ?? true } });
  const ids: string[] = [];
  for (let i = 0; i < tickets; i += 1) {
    const now = new Date();
    const ticket = await prisma.ticket.create({ data: { title: `工单${i}`, summary: '摘要', dedupKey: `k${i}`, district, firstSeenAt: now, lastSeenAt: now, heat, version: 1, demandCount: 1, deliveryPending: true } });
    ids.push(ticket.id);
  }
  return ids;
}

describe.each(MODES)('push: one transaction per ticket (%s)', (mode) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(mode, { workers: false, http: false, env: { INBOX_PUSH_OTHERS: 'scheduled' } });
  }, 60_000);
  afterAll(async () => t?.close());

  it('pushes a hot ticket to 200 members with a constant number of statements, within daily limits', async () => {
    const members = Array.from({ length: 200 }, (_, i) => ({ id: `m200-${String(i).padStart(3, '0')}`, dailyLimit: i % 10 === 0 ? 1 : 5, active: i !== 7 }));
    const [first, second] = await seed(t, 2, members);
    const a = await withDbClock(() => pushTicket(t.ctx, first!));
    // the inactive member is no recipient
    expect(a.result).toMatchObject({ pushed: 199, deferred: 0, hot: true });
    const b = await withDbClock(() => pushTicket(t.ctx, second!));
    // members with limit 1 are full now: the ticket waits for them
    expect(b.result).toMatchObject({ pushed: 179, deferred: 20, hot: true });
    expect((await t.ctx.prisma.ticket.findMany({ where: { id: { in: [first!, second!] } }, orderBy: { id: 'asc' } })).map((x) => x.deliveryPending)).toEqual([false, true]);
    console.log(`push statements per ticket (${mode}, 200 members): ${a.db.queries}, ${b.db.queries}`);
    expect(a.db.queries).toBeLessThanOrEqual(12);
    expect(b.db.queries).toBeLessThanOrEqual(12);
    const pushed = await t.ctx.prisma.inboxItem.findMany({ where: { ticketId: first!, pushedAt: { not: null } } });
    expect(pushed.every((i) => i.hot && i.pushedVersion === 1 && i.seenVersion === 0)).toBe(true);
    // timestamps written by raw SQL read back as the same instant (no time-zone shift)
    expect(Math.abs(pushed[0]!.pushedAt!.getTime() - Date.now())).toBeLessThan(60_000);
    expect(Math.abs(pushed[0]!.updatedAt.getTime() - Date.now())).toBeLessThan(60_000);
    // pushing again delivers nothing new
    expect(await pushTicket(t.ctx, first!)).toMatchObject({ pushed: 0, deferred: 0 });
    // a holder reads it; then the ticket grows: the holder sees an update note, read from the
    // ticket — the push rewrites none of the 199 delivered items
    const held = pushed[0]!;
    await applyMemberAction(t.ctx, held.memberId, held.id, { action: 'read' });
    const view = async () => inboxItemView(await t.ctx.prisma.inboxItem.findUniqueOrThrow({ where: { id: held.id }, include: { ticket: true } }));
    expect(await view()).toMatchObject({ state: 'READ', updated: false, updateNote: null });
    await t.ctx.prisma.ticket.update({ where: { id: first! }, data: { version: 2, demandCount: 3 } });
    expect(await pushTicket(t.ctx, first!)).toMatchObject({ pushed: 0 });
    expect(await t.ctx.prisma.inboxItem.count({ where: { ticketId: first!, pushedVersion: 1, updatedAt: { lte: pushed[0]!.updatedAt } } })).toBe(198);
    expect(await view()).toMatchObject({ updated: true, updateNote: '工单已更新：共 3 条诉求，状态 OPEN' });
    // seen again: no longer flagged
    await applyMemberAction(t.ctx, held.memberId, held.id, { action: 'read' });
    expect(await view()).toMatchObject({ updated: false });
  }, 60_000);

  it('keeps a non-hot ticket for the scheduled batch', async () => {
    const [id] = await seed(t, 1, [{ id: 'cold-1', dailyLimit: 5 }], 0);
    expect(await pushTicket(t.ctx, id!)).toMatchObject({ pushed: 0, deferred: 1, hot: false });
    expect(await pushTicket(t.ctx, id!, { batch: true })).toMatchObject({ pushed: 1, deferred: 0 });
  });

  it('never exceeds a daily limit when many pushes for one member run at once', async () => {
    const members = [{ id: 'busy-1', dailyLimit: 4 }, { id: 'busy-2', dailyLimit: 7 }];
    const ids = await seed(t, 12, members);
    // a second process of the same deployment (own connection pool) pushes half of them
    // (embedded: one PGlite per data dir, so the pushes run concurrently in one process)
    const other = mode === 'redis-postgres' ? await startTestApp(mode, { shareWith: t, workers: false, http: false }) : t;
    try {
      await Promise.all(ids.map((id, i) => pushTicket((i % 2 === 0 ? t : other).ctx, id)));
    } finally {
      if (other !== t) await other.close();
    }
    const counts = await t.ctx.prisma.inboxItem.groupBy({ by: ['memberId'], where: { memberId: { in: ['busy-1', 'busy-2'] }, pushedAt: { not: null } }, _count: true });
    expect(Object.fromEntries(counts.map((c) => [c.memberId, c._count]))).toEqual({ 'busy-1': 4, 'busy-2': 7 });
  }, 60_000);

  it('counts a daily limit per China day: full at 23:59 Beijing time, room again at 00:00', async () => {
    const ids = await seed(t, 5, [{ id: 'day-1', dailyLimit: 2 }]);
    const late = new Date('2026-11-21T15:59:00Z'); // 23:59 in Beijing
    expect((await pushTickets(t.ctx, ids.slice(0, 3), { now: late })).pushed).toBe(2);
    expect((await pushTickets(t.ctx, ids.slice(3), { now: late })).pushed).toBe(0);
    const midnight = new Date('2026-11-21T16:00:00Z');
    expect((await pushTickets(t.ctx, ids, { now: midnight, batch: true })).pushed).toBe(2);
    expect((await pushTickets(t.ctx, ids, { now: midnight, batch: true })).pushed).toBe(0);
  });

  it('pushes batches of tickets in one statement, never past a daily limit with batches racing, hottest first', async () => {
    const members = [{ id: 'batch-1', dailyLimit: 3 }, { id: 'batch-2', dailyLimit: 9 }];
    const ids = await seed(t, 10, members);
    const other = mode === 'redis-postgres' ? await startTestApp(mode, { shareWith: t, workers: false, http: false }) : t;
    try {
      const run = await withDbClock(() => Promise.all([pushTickets(t.ctx, ids.slice(0, 5)), pushTickets(other.ctx, ids.slice(5))]));
      expect(run.result.reduce((n, r) => n + r.pushed, 0)).toBe(3 + 9);
      // a constant number of statements per batch, not per ticket or item
      expect(run.db.queries).toBeLessThanOrEqual(2 * 12);
    } finally {
      if (other !== t) await other.close();
    }
    const counts = await t.ctx.prisma.inboxItem.groupBy({ by: ['memberId'], where: { memberId: { in: ['batch-1', 'batch-2'] }, pushedAt: { not: null } }, _count: true });
    expect(Object.fromEntries(counts.map((c) => [c.memberId, c._count]))).toEqual({ 'batch-1': 3, 'batch-2': 9 });
    // a member with room for one item gets the hottest ticket of a batch
    const top = await seed(t, 4, [{ id: 'top-1', dailyLimit: 1 }]);
    await t.ctx.prisma.ticket.update({ where: { id: top[2]! }, data: { heat: 900 } });
    expect(await pushTickets(t.ctx, top)).toMatchObject({ pushed: 1, deferred: 3 });
    expect((await t.ctx.prisma.inboxItem.findFirst({ where: { memberId: 'top-1', pushedAt: { not: null } } }))?.ticketId).toBe(top[2]);
    // the scheduled batch later delivers nothing past the limits either
    await pushTickets(t.ctx, ids, { batch: true });
    expect(await t.ctx.prisma.inboxItem.count({ where: { memberId: 'batch-1', pushedAt: { not: null } } })).toBe(3);
  }, 60_000);

  it('the re-drive queues a push only for tickets whose push stage has not completed at their routed version', async () => {
    const { prisma } = t.ctx;
    const [hot, cold] = [(await seed(t, 1, [{ id: 'rd-1', dailyLimit: 5 }], 100))[0]!, (await seed(t, 1, [{ id: 'rd-2', dailyLimit: 5 }], 0))[0]!];
    // routed at version 1 (the seeded tickets of the other tests were never routed: not pushed yet either)
    await prisma.ticket.updateMany({ where: { id: { in: [hot, cold] } }, data: { routedVersion: 1 } });
    expect((await redrive(t.ctx)).pushes).toBe(2);
    // the push stage ran: one delivered, one deferred to the scheduled batch — neither is pushed again
    expect(await pushTickets(t.ctx, [hot, cold])).toMatchObject({ pushed: 1, deferred: 1 });
    expect((await redrive(t.ctx)).pushes).toBe(0);
    // routed again at version 2 (its push job lost): pushed again, at that version
    await prisma.ticket.update({ where: { id: cold }, data: { version: 2, routedVersion: 2 } });
    expect((await redrive(t.ctx)).pushes).toBe(1);
    expect(await prisma.ticket.findUniqueOrThrow({ where: { id: cold } })).toMatchObject({ pushedVersion: 1 });
    await pushTickets(t.ctx, [cold]);
    expect(await prisma.ticket.findUniqueOrThrow({ where: { id: cold } })).toMatchObject({ pushedVersion: 2 });
    expect((await redrive(t.ctx)).pushes).toBe(0);
    // new rules push every ticket at once: the one still waiting is pushed again, and delivered
    await replaceRuleSet(prisma, 'admin', defaultRoutingRules('immediate'), 'push at once');
    expect((await redrive(t.ctx)).pushes).toBe(1);
    expect(await pushTickets(t.ctx, [cold])).toMatchObject({ pushed: 1, deferred: 0 });
    await replaceRuleSet(prisma, 'admin', defaultRoutingRules('scheduled'), 'back to the 08:30 batch');
  });

  it('reads only the rows of its batch, however many tickets and items the tables hold', async () => {
    const members = Array.from({ length: 10 }, (_, i) => ({ id: `scan-${i}`, dailyLimit: 1000 }));
    const delivered = await seed(t, 120, members, 100);
    await pushTickets(t.ctx, delivered);
    await seed(t, 120, members.map((m) => ({ ...m, id: `${m.id}-w` })), 0); // waiting for the scheduled batch
    const grown = delivered.slice(0, 3);
    // grown and routed again: marked for delivery (their members hold them already)
    await t.ctx.prisma.ticket.updateMany({ where: { id: { in: grown } }, data: { version: 2, routedVersion: 2, deliveryPending: true } });
    const batch = [...grown, ...(await seed(t, 1, members.map((m) => ({ ...m, id: `${m.id}-h` })), 100))]; // and one new hot ticket
    // every statement the push issues, in or out of its transaction
    const issued: Array<{ sql: string; params: unknown[] }> = [];
    const db = t.ctx.database;
    const { query, transaction } = db;
    const recording = (q: typeof query) => ((sql: string, params?: unknown[]) => (issued.push({ sql, params: params ?? [] }), q(sql, params as never))) as typeof query;
    db.query = recording(query);
    db.transaction = ((fn: (q: typeof query) => Promise<unknown>) => transaction((q) => fn(recording(q)))) as typeof transaction;
    try {
      expect(await pushTickets(t.ctx, batch)).toMatchObject({ pushed: 10 });
    } finally {
      Object.assign(db, { query, transaction });
    }
    expect(issued.length).toBeGreaterThanOrEqual(5);
    // back to the state before the push, so that each statement, run again, finds its rows: the
    // delivery (and its per-member count of today's items) and the pushedVersion update
    await t.ctx.prisma.inboxItem.deleteMany({ where: { ticketId: batch[3]! } });
    await t.ctx.prisma.ticket.updateMany({ where: { id: { in: batch } }, data: { pushedVersion: 0, deliveryPending: true } });
    // planned again and run (then rolled back) with sequential scans discouraged: no scan of any
    // statement may read more rows per loop than the batch's recipients and tickets (40 and 4, with
    // the index entries of their older row versions) or one member's items delivered today (120) —
    // not the 1,200 delivered items or 241 tickets of the tables
    const widest: Array<{ rows: number; node: string; sql: string }> = [];
    const inserted: number[] = [];
    for (const q of issued) {
      await db
        .transaction(async (run) => {
          await run('SET LOCAL enable_seqscan = off');
          const [row] = await run<Record<string, unknown>>(`EXPLAIN (ANALYZE, FORMAT JSON) ${q.sql}`, q.params);
          const plan = Object.values(row!)[0];
          const root = (typeof plan === 'string' ? JSON.parse(plan) : plan)[0].Plan;
          const walk = (node: Record<string, any>): void => {
            const on = String(node['Index Name'] ?? node['Relation Name'] ?? '');
            // the tables that grow with the demands (members and rules, a few hundred rows, are read
            // whole by the routing snapshot's check)
            if (String(node['Node Type']).includes('Scan') && /^(InboxItem|Ticket)/.test(on)) widest.push({ rows: node['Actual Rows'], node: `${node['Node Type']} ${node['Index Name'] ?? node['Relation Name'] ?? ''}`, sql: q.sql.slice(0, 60) });
            if (node['Node Type'] === 'ModifyTable' && node['Operation'] === 'Insert' && on === 'InboxItem') inserted.push(node['Actual Rows']);
            for (const child of node.Plans ?? []) walk(child);
          };
          walk(root);
          throw new Error('rollback');
        })
        .catch((error: Error) => {
          if (error.message !== 'rollback') throw error;
        });
    }
    widest.sort((a, b) => b.rows - a.rows);
    // the delivery ran on its rows: the hot ticket's 10 items were inserted again
    expect(inserted).toEqual([10]);
    expect(widest[0]!.rows, JSON.stringify(widest[0])).toBeLessThanOrEqual(150);
  }, 60_000);
});
