import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CppccCallbackSink } from '../../connectors/cppcc/callback-sink.ts';
import { parseOpinion } from '../../connectors/cppcc/opinion.ts';
import { cppccPoller } from '../../connectors/cppcc/poller.ts';
import { CALLBACK_PATH, opinionOf, startCppccSimulator } from '../../connectors/cppcc/simulator.ts';
import { dispatchOutbox, type OutboxEvent } from '../../src/status/outbox-dispatcher.ts';
import { startTestApp, type TestApp } from '../helpers/test-app.ts';

const TOKEN = 'cppcc-token-0123456789';

describe('smart-CPPCC platform connector', () => {
  let t: TestApp;
  let sim: Awaited<ReturnType<typeof startCppccSimulator>>;
  const event = (key: string): OutboxEvent => ({ id: `e-${key}`, eventType: 'member.action', aggregateId: 'ticket-1', idempotencyKey: key, payload: { label: '已阅' }, createdAt: new Date() });

  beforeAll(async () => {
    t = await startTestApp('redis-postgres', { workers: false, http: false });
    sim = await startCppccSimulator({ token: TOKEN, count: 30 });
  });
  afterAll(async () => {
    await sim?.close();
    await t?.close();
  });

  it('polls opinions into the demand library as source and channel cppcc', async () => {
    expect((await cppccPoller(t.ctx, { url: sim.url, token: TOKEN }).poll()).stored).toBe(30);
    const records = await t.ctx.prisma.rawRecord.findMany({ where: { source: 'cppcc' } });
    expect(records.every((r) => r.format === 'cppcc-opinion-v1' && r.channel === 'cppcc' && r.state === 'RECEIVED')).toBe(true);
  });

  it('maps 百姓提案 with the citizen as reporter, and member-gathered opinions with their kind as category', () => {
    const m = { id: '5', title: '养老服务', content: '建议社区增设日间照料中心。', name: '李四', phone: '13900000000', time: new Date('2026-11-20T01:00:00Z') };
    expect(parseOpinion(opinionOf(m, 0))).toMatchObject({ source: 'cppcc', sourceRef: 'OP-5', channel: 'cppcc', reporterName: '李四', reporterPhone: '13900000000', sourceCategory: '百姓提案' });
    const gathered = parseOpinion(opinionOf(m, 2));
    expect(gathered).toMatchObject({ sourceCategory: '委员工作室' });
    expect(gathered.reporterName).toBeUndefined();
  });

  it('posts outbox events to the platform callback with the idempotency key; a repeat is accepted once', async () => {
    const sink = new CppccCallbackSink(`${sim.url}${CALLBACK_PATH}`, TOKEN);
    await sink.deliver(event('k1'));
    await sink.deliver(event('k1')); // 409 from the platform: already received
    expect(sim.callbacks).toEqual([{ idempotencyKey: 'k1', body: expect.objectContaining({ eventId: 'e-k1', type: 'member.action', ticketId: 'ticket-1', data: { label: '已阅' } }) }]);
    await expect(new CppccCallbackSink(`${sim.url}${CALLBACK_PATH}`, 'wrong').deliver(event('k2'))).rejects.toThrow(/HTTP 401/);
    sim.failNext(1, 500);
    await expect(sink.deliver(event('k2'))).rejects.toThrow(/HTTP 500/);
  });

  it('is an OutboxSink: the dispatcher delivers pending events through it and retries failures', async () => {
    const sink = new CppccCallbackSink(`${sim.url}${CALLBACK_PATH}`, TOKEN);
    await t.ctx.prisma.outbox.create({ data: { eventType: 'member.action', aggregateId: 'ticket-2', idempotencyKey: 'member-action-x1', payload: { label: '关注' } } });
    sim.failNext(1, 503);
    expect(await dispatchOutbox(t.ctx, [sink])).toEqual({ sent: 0, failed: 1 });
    expect(await dispatchOutbox(t.ctx, [sink], 200, new Date(Date.now() + 60_000))).toEqual({ sent: 1, failed: 0 });
    expect(sim.callbacks.map((c) => c.idempotencyKey)).toContain('member-action-x1');
  });
});
