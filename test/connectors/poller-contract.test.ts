import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cppccFeed } from '../../connectors/cppcc/poller.ts';
import { parseOpinion } from '../../connectors/cppcc/opinion.ts';
import { opinionOf, startCppccSimulator } from '../../connectors/cppcc/simulator.ts';
import { parseLetter } from '../../connectors/mailbox/letter.ts';
import { mailboxFeed } from '../../connectors/mailbox/poller.ts';
import type { SampleMessage } from '../../connectors/mailbox/sample-messages.ts';
import { letterOf, startMailboxSimulator, type FeedSimulator, type SimulatorOptions } from '../../connectors/mailbox/simulator.ts';
import { parsePost } from '../../connectors/message-board/post.ts';
import { messageBoardFeed } from '../../connectors/message-board/poller.ts';
import { postOf, startMessageBoardSimulator } from '../../connectors/message-board/simulator.ts';
import { readCursor } from '../../src/connectors/connector-state.ts';
import { HttpPoller, type FeedSettings, type HttpPollerOptions, type PollCursor } from '../../src/connectors/http-poller.ts';
import type { DemandInput } from '../../src/ingest/demand-input.ts';
import { startTestApp, type TestApp } from '../helpers/test-app.ts';

interface Connector {
  label: string;
  source: string;
  format: string;
  listPath: string;
  idField: string;
  start(options: SimulatorOptions): Promise<FeedSimulator<any>>;
  feed(settings: FeedSettings): HttpPollerOptions;
  build(m: SampleMessage, index: number): { updatedAt: string } & Record<string, unknown>;
  parse(json: unknown): DemandInput;
}

const CONNECTORS: Connector[] = [
  { label: 'mailbox', source: 'mailbox', format: 'mailbox-letter-v1', listPath: '/api/letters', idField: 'letterId', start: startMailboxSimulator, feed: mailboxFeed, build: letterOf, parse: parseLetter },
  { label: 'message-board', source: 'message-board', format: 'message-board-post-v1', listPath: '/api/posts', idField: 'postId', start: startMessageBoardSimulator, feed: messageBoardFeed, build: postOf, parse: parsePost },
  { label: 'cppcc', source: 'cppcc', format: 'cppcc-opinion-v1', listPath: '/api/opinions', idField: 'opinionId', start: startCppccSimulator, feed: cppccFeed, build: opinionOf, parse: parseOpinion },
];

const TOKEN = `tok-${randomBytes(8).toString('hex')}`;
const COUNT = 230;

describe.each(CONNECTORS)('$label poller against its simulator (real HTTP, PostgreSQL)', (c) => {
  let t: TestApp;
  let sim: FeedSimulator<any>;
  let clock = Date.now() + 60_000;
  const fresh = (n: number) =>
    Array.from({ length: n }, (_, i) => c.build({ id: `${randomBytes(4).toString('hex')}-${i}`, title: `A2区第${i}号问题`, content: `A2区幸福路${i}号路灯损坏，夜间出行不便，请尽快维修。`, time: new Date((clock += 1000)) }, i));
  const settings = (extra: Partial<FeedSettings> = {}): FeedSettings => ({ url: sim.url, token: TOKEN, pageSize: 50, maxBackoffMs: 3000, ...extra });
  const poller = (extra: Partial<FeedSettings> = {}) => new HttpPoller(t.ctx, c.feed(settings(extra)));
  const stored = (where: Record<string, unknown> = {}) => t.ctx.prisma.rawRecord.findMany({ where: { source: c.source, ...where }, orderBy: { receivedAt: 'asc' } });
  const listRequests = () => sim.requests.filter((r) => r.pathname === c.listPath);

  beforeAll(async () => {
    // workers off: the stored records stay as the poller left them (RECEIVED / QUARANTINED)
    t = await startTestApp('redis-postgres', { workers: false, http: false });
    sim = await c.start({ token: TOKEN, count: COUNT });
  });
  afterAll(async () => {
    await sim?.close();
    await t?.close();
  });

  it('ingests every item, exactly as served, and commits the cursor after storing', async () => {
    const result = await poller().poll();
    expect(result.error).toBeUndefined();
    expect(result.pages).toBe(Math.ceil(COUNT / 50));
    const records = await stored();
    expect(records).toHaveLength(COUNT);
    for (const r of records) {
      expect(r).toMatchObject({ format: c.format, channel: c.source === 'mailbox' ? 'mailbox' : c.source, state: 'RECEIVED', error: null });
      const item = JSON.parse(r.payload) as Record<string, unknown>;
      expect(r.sourceRef).toBe(String(item[c.idField]));
      expect(c.parse(item)).toMatchObject({ source: c.source, sourceRef: r.sourceRef });
    }
    const items = records.map((r) => JSON.parse(r.payload) as Record<string, unknown>);
    const last = items.sort((a, b) => Date.parse(String(a.updatedAt)) - Date.parse(String(b.updatedAt)) || (String(a[c.idField]) < String(b[c.idField]) ? -1 : 1)).at(-1)!;
    const cursor = await readCursor<PollCursor>(t.ctx.prisma, c.feed(settings()).name);
    expect(cursor).toEqual({ updatedAt: last.updatedAt, id: String(last[c.idField]) });
  });

  it('stores nothing new when polled again, and only an updated item after an update', async () => {
    const before = (await stored()).length;
    const again = await poller().poll();
    expect(again).toMatchObject({ pages: 1, stored: 0 });
    expect(listRequests().at(-1)!.searchParams.get('updatedAfter')).toBeTruthy();
    expect(await stored()).toHaveLength(before);

    const [item] = fresh(1);
    sim.add([item]);
    sim.add([{ ...item, title: '更新后的标题', updatedAt: new Date((clock += 1000)).toISOString() }]);
    expect((await poller().poll()).stored).toBe(1);
    expect(await stored({ sourceRef: String(item![c.idField]) })).toHaveLength(1);
  });

  it('backs off on 429 (honouring Retry-After) and 500, records the error, and recovers', async () => {
    sim.add(fresh(3));
    sim.failNext(1, 429, 1);
    sim.failNext(2, 500);
    const started = Date.now();
    const result = await poller().poll();
    expect(result.error).toBeUndefined();
    expect(result.stored).toBe(3);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);

    sim.add(fresh(2));
    sim.failNext(3, 503);
    const failed = await poller({ maxAttempts: 3 }).poll();
    expect(failed).toMatchObject({ stored: 0, error: 'HTTP 503' });
    const state = await t.ctx.prisma.connectorState.findUniqueOrThrow({ where: { name: c.feed(settings()).name } });
    expect(state.lastError).toMatch(/HTTP 503/);
    expect((await poller().poll()).stored).toBe(2);
    expect((await t.ctx.prisma.connectorState.findUniqueOrThrow({ where: { name: c.feed(settings()).name } })).lastError).toBeNull();
  });

  it('resumes from its cursor after a crash: no page before the cursor is fetched again', async () => {
    const before = (await stored()).length;
    const items = fresh(120);
    sim.add(items);
    const options = c.feed(settings());
    let calls = 0;
    const crashing: HttpPoller = new HttpPoller(t.ctx, {
      ...options,
      fetchPage: (cursor, limit, signal) => {
        calls += 1;
        if (calls === 2) crashing.stop(); // page 1 is stored and its cursor committed: die now
        return options.fetchPage(cursor, limit, signal);
      },
    });
    expect(await crashing.poll()).toMatchObject({ pages: 1, stored: 50, error: 'stopped' });
    const cursor = (await readCursor<PollCursor>(t.ctx.prisma, options.name))!;
    expect(cursor.id).toBe(String(items[49]![c.idField]));

    const seen = listRequests().length;
    const resumed = await new HttpPoller(t.ctx, options).poll();
    expect(resumed.error).toBeUndefined();
    expect(resumed.stored).toBe(70);
    const after = listRequests().slice(seen);
    expect(after[0]!.searchParams.get('updatedAfter')).toBe(cursor.updatedAt);
    expect(after[0]!.searchParams.get('afterId')).toBe(cursor.id);
    for (const r of after) expect(Date.parse(r.searchParams.get('updatedAfter')!)).toBeGreaterThanOrEqual(Date.parse(cursor.updatedAt));
    const records = await stored();
    expect(records).toHaveLength(before + 120);
    expect(new Set(records.map((r) => r.sourceRef)).size).toBe(records.length);
  });

  it('stores a page mixing junk and good items: good ones RECEIVED, junk QUARANTINED with reasons', async () => {
    const good = fresh(6);
    sim.add(good);
    const between = (i: number) => new Date(Date.parse(good[i]!.updatedAt) + 1).toISOString();
    const junk: unknown[] = [42, 'not an object', null, [1, 2], { note: 'no id' }, { [c.idField]: 'incomplete-1', updatedAt: between(4) }];
    junk.forEach((value, i) => sim.addRaw(value, { id: `junk-${i}`, updatedAt: between(i % 5) }));
    const result = await poller().poll();
    expect(result.error).toBeUndefined();
    expect(result.stored).toBe(12);
    const received = await stored({ sourceRef: { in: good.map((g) => String(g[c.idField])) } });
    expect(received.map((r) => r.state)).toEqual(Array(6).fill('RECEIVED'));
    const quarantined = (await stored({ state: 'QUARANTINED' })).map((r) => r.error ?? '');
    expect(quarantined).toHaveLength(6);
    expect(quarantined.filter((e) => /not a JSON object/.test(e))).toHaveLength(4);
    expect(quarantined.filter((e) => /no id or updatedAt/.test(e))).toHaveLength(1);
    expect(quarantined.filter((e) => /^content:|; content:|submittedAt|createdAt|kind/.test(e))).toHaveLength(1);
    expect((await readCursor<PollCursor>(t.ctx.prisma, c.feed(settings()).name))!.id).toBe(String(good[5]![c.idField]));
  });
});
