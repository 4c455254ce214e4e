import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { upsertMembers } from '../../src/members/member-import.ts';
import { applyMemberAction } from '../../src/inbox/member-actions.ts';
import { statusSyncJobSpec } from '../../src/queue/job-specs.ts';
import { consumeAll, createTopics, groupCaughtUp, produce } from '../helpers/kafka-client.ts';
import { startTestApp, waitFor, type TestApp } from '../helpers/test-app.ts';
import { workOrder } from '../helpers/work-orders.ts';

const brokers = inject('kafkaBrokers');
const N = 300;

describe.skipIf(!brokers)('12345 hotline over a real Kafka broker', () => {
  let t: TestApp;
  const tag = randomBytes(4).toString('hex');
  const topics = { in: `wo-${tag}`, status: `st-${tag}`, out: `out-${tag}` };
  const feed = () => Array.from({ length: N }, (_, i) => ({ key: `k${i}`, value: JSON.stringify(workOrder(i)) }));

  beforeAll(async () => {
    await createTopics(brokers, Object.values(topics));
    t = await startTestApp('redis-postgres', {
      env: { KAFKA_BROKERS: brokers, KAFKA_WORKORDER_TOPIC: topics.in, KAFKA_STATUS_IN_TOPIC: topics.status, KAFKA_STATUS_OUT_TOPIC: topics.out, KAFKA_GROUP_ID: `g-${tag}` },
    });
    await upsertMembers(t.ctx.prisma, [{ line: 1, row: { name: '委员甲', sector: '经济界', regions: '全市', username: `k.${tag}`, password: 'password-123' } }]);
  });
  afterAll(() => t?.close());

  it('stores every work order, quarantines poison messages, and commits only after storing', async () => {
    const poison = [
      { value: Buffer.from([0x7b, 0xff, 0xfe, 0x7d]) },
      { value: '{"workOrderNo": "WO-broken", ' },
      { value: JSON.stringify(workOrder(9999, { content: '' })) },
      { value: JSON.stringify(workOrder(9998, { acceptTime: '2026-02-30 10:00:00' })) },
    ];
    const messages: Array<{ key?: string; value: Buffer | string }> = feed();
    messages.splice(50, 0, ...poison);
    await produce(brokers, topics.in, messages);
    const { prisma } = t.ctx;
    await waitFor(async () => (await prisma.demand.count({ where: { source: 'hotline-12345', stage: 'DONE' } })) === N, { what: `${N} work orders DONE`, timeoutMs: 60_000 });
    const quarantined = await prisma.rawRecord.findMany({ where: { source: 'hotline-12345', state: 'QUARANTINED' } });
    expect(quarantined).toHaveLength(4);
    const reasons = quarantined.map((q) => q.error ?? '');
    for (const expected of [/occurredAt: expected an existing/, /^content:/, /not valid JSON/, /not valid UTF-8/]) {
      expect(reasons.filter((r) => expected.test(r))).toHaveLength(1);
    }
    expect(await waitFor(() => groupCaughtUp(brokers, `g-${tag}-workorders`, topics.in), { what: 'offsets committed' })).toBe(true);
    const demand = await prisma.demand.findFirstOrThrow({ where: { sourceRef: 'WO20260000001' } });
    expect(demand.reporterMasked).toBe('王**');
    expect(demand.sourceCategory).toBe('城乡建设/市政设施');
  });

  it('adds no demand when the same feed is replayed', async () => {
    const { prisma } = t.ctx;
    const before = await prisma.rawRecord.count({ where: { source: 'hotline-12345' } });
    await produce(brokers, topics.in, feed());
    await waitFor(async () => (await prisma.rawRecord.count({ where: { source: 'hotline-12345', state: 'ACCEPTED' } })) === 2 * N, { what: 'replayed records accepted' });
    expect(await prisma.rawRecord.count({ where: { source: 'hotline-12345' } })).toBe(before + N);
    expect(await prisma.demand.count({ where: { source: 'hotline-12345' } })).toBe(N);
  });

  it('applies handling statuses from the status topic, deduplicated and never backwards', async () => {
    const no = workOrder(3).workOrderNo;
    await produce(brokers, topics.status, [
      { value: JSON.stringify({ updateId: 's1', workOrderNo: no, status: '受理', occurredAt: '2026-11-20 10:00:00' }) },
      { value: JSON.stringify({ updateId: 's3', workOrderNo: no, status: '已办结', occurredAt: '2026-11-21 10:00:00' }) },
      { value: JSON.stringify({ updateId: 's3', workOrderNo: no, status: '已办结', occurredAt: '2026-11-21 10:00:00' }) },
      { value: JSON.stringify({ updateId: 's2', workOrderNo: no, status: '办理中', occurredAt: '2026-11-20 15:00:00' }) },
      { value: JSON.stringify({ updateId: 's4', workOrderNo: no, status: '不存在的状态', occurredAt: '2026-11-21 10:00:00' }) },
    ]);
    const { prisma } = t.ctx;
    const demand = await prisma.demand.findFirstOrThrow({ where: { sourceRef: no } });
    await waitFor(async () => (await prisma.statusEvent.count({ where: { ticketId: demand.ticketId! } })) === 3, { what: '3 status events' });
    await waitFor(async () => (await prisma.rawRecord.count({ where: { source: 'hotline-12345-status', state: 'RECEIVED' } })) === 0, { what: 'status records processed' });
    expect((await prisma.ticket.findUniqueOrThrow({ where: { id: demand.ticketId! } })).status).toBe('已办结');
    expect(await prisma.rawRecord.count({ where: { source: 'hotline-12345-status', state: 'QUARANTINED' } })).toBe(1);
  });

  it('publishes member actions to the outbound status topic, keyed by ticket, with idempotency keys', async () => {
    const { prisma } = t.ctx;
    const items = await waitFor(async () => {
      const found = await prisma.inboxItem.findMany({ where: { pushedAt: { not: null } }, take: 2, orderBy: { id: 'asc' } });
      return found.length === 2 ? found : undefined;
    }, { what: 'pushed items' });
    await applyMemberAction(t.ctx, items[0]!.memberId, items[0]!.id, { action: 'read' });
    await applyMemberAction(t.ctx, items[0]!.memberId, items[0]!.id, { action: 'follow' });
    await applyMemberAction(t.ctx, items[1]!.memberId, items[1]!.id, { action: 'adopt', kind: 'social-report' });
    await t.ctx.queue.add([statusSyncJobSpec(new Date())]);
    // the status test above moved the ticket 1–3 times (depending on processing order), then the 3 actions
    await waitFor(async () => (await prisma.outbox.count({ where: { state: { not: 'SENT' } } })) === 0, { what: 'outbox delivered' });
    const sent = await prisma.outbox.count();
    const all = await consumeAll(brokers, topics.out, sent);
    expect(all).toHaveLength(sent);
    const statuses = all.filter((m) => m.value.type === 'ticket.status');
    expect(statuses.map((m) => m.value.data.status)).toContain('已办结');
    expect(statuses.length).toBe(sent - 3);
    expect(statuses.every((m) => m.value.data.origin === 'hotline-12345')).toBe(true);
    const out = all.filter((m) => m.value.type === 'member.action');
    expect(out.map((m) => m.value.data.label)).toEqual(expect.arrayContaining(['已阅', '关注', '形成社情民意']));
    const first = out.filter((m) => m.key === items[0]!.ticketId).map((m) => m.value.data.label);
    expect(first).toEqual(['已阅', '关注']);
    for (const m of out) expect(m.headers['idempotency-key']).toBe(m.value.idempotencyKey);
  });
});
