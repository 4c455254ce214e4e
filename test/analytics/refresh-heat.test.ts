import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { refreshTicketHeat } from '../../src/analytics/refresh-heat.ts';
import { computeHeat } from '../../src/pipeline/ticket-heat.ts';
import { MODES, startTestApp, type TestApp } from '../helpers/test-app.ts';

const DAY = 86_400_000;

/**
 * The scheduled heat refresh sums each ticket's demands in the database; what it stores must be
 * the formula over the demands themselves (`computeHeat`, which the inbox, the dashboard and
 * `eval hot` use) — every part of it: distinct reporters (none or empty counts as its own),
 * channels, likes and dislikes, span, decay, and a demand dated after "now" counting as now.
 */
describe.each(MODES)('refreshTicketHeat sums demands in the database (%s)', (mode) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(mode, { workers: false, http: false });
  }, 60_000);
  afterAll(async () => t?.close());

  it('stores computeHeat of each ticket, page by page, and writes only what changed', async () => {
    const { prisma } = t.ctx;
    const now = new Date('2026-06-01T04:00:00Z');
    const raw = await prisma.rawRecord.create({ data: { source: 'test', sourceRef: 'heat', payload: '{}', state: 'ACCEPTED' } });
    const shapes = [
      // [days ago, channel, reporter, likes, dislikes]
      [[0, '12345', 'r1', 0, 0]],
      [[2, '12345', 'r1', 0, 0], [1, '12345', 'r1', 0, 0], [0, '12345', 'r2', 0, 0]],
      [[40, 'mailbox', null, 3, 1], [10, 'board', '', 2000, 0], [5, '12345', 'r9', 0, 7]],
      [[120, 'board', 'a', 5, 5], [-3, 'board', 'b', 0, 0]], // reported "tomorrow": counts as now
      [[300, '12345', 'x', 0, 0], [200, 'mailbox', 'x', 1, 0], [100, 'board', 'y', 0, 0], [0, 'board', null, 0, 0]],
      // an empty reporter is nobody (each counts as its own), an empty channel is no channel
      [[1, '', '', 0, 0], [1, 'board', '', 0, 0], [0, '12345', null, 0, 0]],
    ] as const;
    const ids: string[] = [];
    for (const [i, demands] of shapes.entries()) {
      const at = (d: number) => new Date(now.getTime() - d * DAY);
      const ticket = await prisma.ticket.create({ data: { title: `热度${i}`, summary: '', demandCount: demands.length, channels: [], firstSeenAt: at(demands[0]![0]), lastSeenAt: now, heat: 1, dedupKey: `heat-${i}` } });
      ids.push(ticket.id);
      await prisma.demand.createMany({
        data: demands.map(([days, channel, reporter, likes, dislikes], j) => ({
          rawRecordId: raw.id, source: 'test', sourceRef: `heat-${i}-${j}`, channel, title: `热度${i}`, content: '内容', occurredAt: at(days),
          reporterHash: reporter, likes, dislikes, textHash: `heat-${i}-${j}`, stage: 'DONE' as const, ticketId: ticket.id,
        })),
      });
    }
    const expectedAt = async (asOf: Date) => {
      const rows = await prisma.ticket.findMany({ where: { id: { in: ids } }, orderBy: { title: 'asc' }, select: { heat: true, demands: { select: { occurredAt: true, channel: true, reporterHash: true, likes: true, dislikes: true } } } });
      return rows.map((r) => ({ stored: r.heat, formula: computeHeat(r.demands, { asOf }), demands: r.demands }));
    };
    const expected = () => expectedAt(now);
    const computeHeatLater = (h: { demands: Parameters<typeof computeHeat>[0] }) => computeHeat(h.demands, { asOf: new Date(now.getTime() + 30 * DAY) });
    expect(await refreshTicketHeat(t.ctx.database, { now, batch: 2 })).toBe(5); // the first one has heat 1 already
    const heats = await expected();
    for (const h of heats) expect(Math.abs(h.stored - h.formula)).toBeLessThanOrEqual(0.01);
    expect(new Set(heats.map((h) => h.stored)).size).toBe(6);
    // the totals are kept with the ticket's version: runs after the first read no demand
    const statements: string[] = [];
    const recording = { ...t.ctx.database, query: ((sql: string, params?: unknown[]) => (statements.push(sql), t.ctx.database.query(sql, params))) as typeof t.ctx.database.query };
    expect(await refreshTicketHeat(recording, { now, batch: 2 })).toBe(0);
    // a month on, every one has decayed
    const later = new Date(now.getTime() + 30 * DAY);
    expect(await refreshTicketHeat(recording, { now: later })).toBe(6);
    expect(statements.length).toBeGreaterThanOrEqual(4);
    expect(statements.filter((sql) => sql.includes('"Demand"'))).toEqual([]);
    const decayed = await expected();
    for (const h of decayed) expect(Math.abs(h.stored - computeHeatLater(h))).toBeLessThanOrEqual(0.01);
    // a ticket that grows (its version moves) has its demands summed again, and only it
    const grown = await prisma.ticket.findFirstOrThrow({ where: { id: { in: ids } }, orderBy: { title: 'asc' } });
    await prisma.demand.create({
      data: { rawRecordId: raw.id, source: 'test', sourceRef: 'heat-grown', channel: 'mailbox', title: grown.title, content: '内容', occurredAt: later, reporterHash: 'r-new', likes: 40, dislikes: 0, textHash: 'heat-grown', stage: 'DONE', ticketId: grown.id },
    });
    await prisma.ticket.update({ where: { id: grown.id }, data: { version: { increment: 1 } } });
    statements.length = 0;
    expect(await refreshTicketHeat(recording, { now: later })).toBe(1);
    const summedAgain = statements.filter((sql) => sql.includes('"Demand"'));
    expect(summedAgain).toHaveLength(1);
    const after = await expectedAt(later);
    for (const h of after) expect(Math.abs(h.stored - h.formula)).toBeLessThanOrEqual(0.01);
    // tickets not seen within `days` are not read at all
    expect(await refreshTicketHeat(t.ctx.database, { now: new Date(now.getTime() + 400 * DAY) })).toBe(0);
  }, 60_000);

  it('marks a routed ticket whose heat rises to the hot threshold to be pushed again', async () => {
    const { prisma } = t.ctx;
    const now = new Date('2026-07-01T04:00:00Z');
    const raw = await prisma.rawRecord.create({ data: { source: 'test', sourceRef: 'heat-hot', payload: '{}', state: 'ACCEPTED' } });
    const make = async (name: string, reporters: number, heat: number) => {
      const ticket = await prisma.ticket.create({ data: { title: name, summary: '', demandCount: reporters, channels: [], firstSeenAt: now, lastSeenAt: now, heat, dedupKey: name, version: 2, routedVersion: 2, pushedVersion: 2 } });
      await prisma.demand.createMany({
        data: Array.from({ length: reporters }, (_, j) => ({
          rawRecordId: raw.id, source: 'test', sourceRef: `${name}-${j}`, channel: '12345', title: name, content: '内容', occurredAt: now,
          reporterHash: `${name}-r${j}`, textHash: `${name}-${j}`, stage: 'DONE' as const, ticketId: ticket.id,
        })),
      });
      return ticket.id;
    };
    const rising = await make('rising', 12, 1); // stored 1, now 12: crosses 10
    const alreadyHot = await make('already-hot', 11, 30); // stored 30, now 11: was hot, stays hot
    const calm = await make('calm', 3, 1); // now 3
    expect(await refreshTicketHeat(t.ctx.database, { now, hotHeat: 10 })).toBeGreaterThanOrEqual(3);
    const versions = Object.fromEntries((await prisma.ticket.findMany({ where: { id: { in: [rising, alreadyHot, calm] } } })).map((r) => [r.title, r.pushedVersion]));
    expect(versions).toEqual({ rising: 1, 'already-hot': 2, calm: 2 });
  });
});
