import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { upsertMembers } from '../../src/members/member-import.ts';
import { statusSyncJobSpec } from '../../src/queue/job-specs.ts';
import { consumeAll, createTopics, produce } from '../helpers/kafka-client.ts';
import { api, login, startTestApp, waitFor, type TestApp } from '../helpers/test-app.ts';
import { workOrder } from '../helpers/work-orders.ts';

const brokers = inject('kafkaBrokers');

/**
 * The whole loop (闭环) over real Kafka, Redis and PostgreSQL: 12345 work orders on the topic →
 * one merged ticket → the member's inbox → adopted as a 提案 draft and submitted → the
 * member action and the proposal milestone on the outbound status topic; a hotline status
 * on the status topic → a notification for the member following the ticket.
 */
describe.skipIf(!brokers)('closed loop over Kafka: work order → ticket → inbox → 提案 draft → outbound status', () => {
  let t: TestApp;
  const tag = randomBytes(4).toString('hex');
  const topics = { in: `lwo-${tag}`, status: `lst-${tag}`, out: `lout-${tag}` };
  const same = { title: 'A2区幸福路路灯损坏', content: 'A2区幸福路8号附近路灯损坏已有两周，夜间出行不安全，希望尽快维修。', district: 'A2区' };

  beforeAll(async () => {
    await createTopics(brokers, Object.values(topics));
    t = await startTestApp('redis-postgres', {
      env: { KAFKA_BROKERS: brokers, KAFKA_WORKORDER_TOPIC: topics.in, KAFKA_STATUS_IN_TOPIC: topics.status, KAFKA_STATUS_OUT_TOPIC: topics.out, KAFKA_GROUP_ID: `lg-${tag}` },
    });
    const r = await upsertMembers(t.ctx.prisma, [{ line: 1, row: { name: '委员甲', sector: '经济界', regions: 'A2区;A3区', username: `loop.${tag}`, password: 'password-123' } }]);
    expect(r.errors).toEqual([]);
  });
  afterAll(() => t?.close());

  it('closes the loop', async () => {
    await produce(brokers, topics.in, [
      { key: 'a', value: JSON.stringify(workOrder(1, { ...same, acceptTime: '2026-11-12 09:00:00' })) },
      { key: 'b', value: JSON.stringify(workOrder(2, { ...same, acceptTime: '2026-11-13 10:00:00', callerName: '李四海', callerPhone: '13900001111' })) },
      { key: 'c', value: JSON.stringify(workOrder(3, { title: 'A3区菜市场噪音扰民', content: 'A3区东风菜市场凌晨卸货噪音很大，影响周边居民休息。', district: 'A3区' })) },
    ]);
    const { prisma } = t.ctx;
    const ticket = await waitFor(() => prisma.ticket.findFirst({ where: { district: 'A2区', demandCount: 2 } }), { what: 'merged ticket', timeoutMs: 60_000 });
    expect(ticket.channels).toEqual(['hotline']);

    const token = await login(t.url, `loop.${tag}`, 'password-123');
    const inbox = await waitFor(async () => {
      const r = await api(t.url, '/api/v1/inbox', { token });
      return r.json.total === 2 ? r.json : undefined;
    }, { what: 'two items in the inbox' });
    const item = inbox.items.find((i: any) => i.ticket.id === ticket.id);
    expect(item.reason).toMatch(/属地匹配：A2区.*路由规则 v1/);
    const other = inbox.items.find((i: any) => i.ticket.id !== ticket.id);

    const adopt = await api(t.url, `/api/v1/inbox/${item.id}/actions`, { token, body: { action: 'adopt', kind: 'proposal', note: '拟形成提案' } });
    expect(adopt.status).toBe(200);
    expect(adopt.json.item.state).toBe('ADOPTED');
    const draft = adopt.json.draft;
    expect(draft).toMatchObject({ kind: 'proposal', status: 'DRAFT', ticketIds: [ticket.id] });
    expect(draft.title).toContain('提案');
    expect(draft.evidence.channels).toEqual([{ channel: 'hotline', count: 2 }]);
    expect(draft.evidence.trend).toEqual([{ date: '2026-11-12', count: 1 }, { date: '2026-11-13', count: 1 }]);
    expect(JSON.stringify(draft)).not.toMatch(/13900001111|139\*{4}1111|李四海|王小明/);

    const edited = await api(t.url, `/api/v1/drafts/${draft.id}`, { token, method: 'PUT', body: { title: '关于尽快修复A2区幸福路路灯的提案' } });
    expect(edited.json.draft.title).toBe('关于尽快修复A2区幸福路路灯的提案');
    const submitted = await api(t.url, `/api/v1/drafts/${draft.id}/submit`, { token, body: {} });
    expect(submitted.json.draft.status).toBe('SUBMITTED');
    const lineage = await api(t.url, `/api/v1/tickets/${ticket.id}/lineage`, { token });
    expect(lineage.json.drafts).toMatchObject([{ id: draft.id, kind: 'proposal', status: 'SUBMITTED' }]);

    // the member follows the other ticket; the hotline reports progress on it
    expect((await api(t.url, `/api/v1/inbox/${other.id}/actions`, { token, body: { action: 'follow' } })).status).toBe(200);
    await produce(brokers, topics.status, [{ value: JSON.stringify({ updateId: `s-${tag}`, workOrderNo: workOrder(3).workOrderNo, status: '办理中', occurredAt: '2026-11-20 10:00:00', note: '已派单至区城管局' }) }]);
    const notes = await waitFor(async () => {
      const r = await api(t.url, '/api/v1/inbox/notifications', { token });
      return r.json.notifications.length > 0 ? r.json : undefined;
    }, { what: 'status notification', timeoutMs: 60_000 });
    expect(notes.notifications[0]).toMatchObject({ kind: 'status', ticketId: other.ticket.id });
    expect(notes.notifications[0].body).toContain('办理中');
    const followed = await waitFor(async () => {
      const r = await api(t.url, '/api/v1/inbox?state=FOLLOWING', { token });
      return r.json.items[0]?.updated ? r.json.items[0] : undefined;
    }, { what: 'followed item flagged as updated' });
    expect(followed.updateNote).toContain('办理中');

    await t.ctx.queue.add([statusSyncJobSpec(new Date())]);
    await waitFor(async () => (await prisma.outbox.count({ where: { state: { not: 'SENT' } } })) === 0, { what: 'outbox delivered', timeoutMs: 60_000 });
    const sent = await prisma.outbox.count();
    const out = await consumeAll(brokers, topics.out, sent);
    const onTicket = out.filter((m) => m.key === ticket.id).map((m) => ({ type: m.value.type, label: m.value.data.label }));
    expect(onTicket).toEqual([
      { type: 'member.action', label: '形成提案' },
      { type: 'draft.submitted', label: '提案已提交' },
    ]);
    const milestone = out.find((m) => m.value.type === 'draft.submitted')!;
    expect(milestone.value.data).toMatchObject({ draftId: draft.id, kind: 'proposal', ticketId: ticket.id });
    expect(milestone.headers['idempotency-key']).toBe(`draft-submitted-${draft.id}-${ticket.id}`);
    expect(out.filter((m) => m.key === other.ticket.id).map((m) => m.value.type)).toEqual(['member.action', 'ticket.status']);
  });
});
