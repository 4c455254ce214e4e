import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../../src/auth/tokens.ts';
import { importFile } from '../../src/ingest/import-file.ts';
import { readMemberCsv, upsertMembers } from '../../src/members/member-import.ts';
import { statusSyncJobSpec } from '../../src/queue/job-specs.ts';
import { MEMBERS_CSV, messageFixture, writeLines } from '../helpers/fixtures.ts';
import { MODES, api, login, startTestApp, waitFor, type TestApp } from '../helpers/test-app.ts';

/** A real HTTP server standing in for the hotline's status callback. */
async function startCallbackReceiver() {
  const received: Array<{ key: string | undefined; body: any }> = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      received.push({ key: req.headers['idempotency-key'] as string | undefined, body: JSON.parse(body) });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  return { url: `http://127.0.0.1:${port}/status`, received, close: () => new Promise((r) => server.close(r)) };
}

describe.each(MODES)('end to end on %s: file → tickets → inbox → member action → outbox', (mode) => {
  let t: TestApp;
  let receiver: Awaited<ReturnType<typeof startCallbackReceiver>>;
  const fixture = messageFixture();

  beforeAll(async () => {
    receiver = await startCallbackReceiver();
    t = await startTestApp(mode, { env: { STATUS_CALLBACK_URL: receiver.url } });
    const members = await upsertMembers(t.ctx.prisma, await readMemberCsv(await writeLines(join(t.ctx.config.DATA_DIR, 'members.csv'), [MEMBERS_CSV])));
    expect(members.errors).toEqual([]);
    const file = await writeLines(join(t.ctx.config.DATA_DIR, 'messages.jsonl'), fixture.lines);
    const summary = await importFile(t.ctx, file, { channel: 'mailbox' });
    expect(summary.records).toBe(fixture.lines.length);
  });

  afterAll(async () => {
    await t?.close();
    await receiver?.close();
  });

  it('stores every line, quarantines the bad ones with reasons, and merges the duplicates', async () => {
    const { prisma } = t.ctx;
    await waitFor(async () => (await prisma.demand.count({ where: { stage: 'DONE' } })) === fixture.valid, { what: 'all demands DONE' });
    expect(await prisma.rawRecord.count()).toBe(fixture.lines.length);
    const quarantined = await prisma.rawRecord.findMany({ where: { state: 'QUARANTINED' }, orderBy: { receivedAt: 'asc' } });
    expect(quarantined).toHaveLength(fixture.invalid);
    expect(quarantined.map((r) => r.error).join(' | ')).toMatch(/line 4: invalid JSON/);
    expect(quarantined.map((r) => r.error).join(' | ')).toMatch(/content: content must not be empty/);
    expect(await prisma.ticket.count()).toBe(fixture.distinctIssues);
    const merged = await prisma.ticket.findFirstOrThrow({ where: { demandCount: 3 } });
    expect(merged.title).toContain('魅力之城');
    const demands = await prisma.demand.findMany({ where: { ticketId: merged.id } });
    expect(demands.map((d) => d.sourceRef).sort()).toEqual(['m1', 'm7', 'm8']);
  });

  it('never stores the clear phone number in a demand', async () => {
    const demands = await t.ctx.prisma.demand.findMany();
    expect(JSON.stringify(demands)).not.toContain(fixture.phone);
    expect(demands.find((d) => d.sourceRef === 'm1')!.content).toContain('138****5678');
  });

  it('delivers tickets to inboxes; a member acts; the action reaches the outbox and the callback', async () => {
    const tokenA = await login(t.url, 'member.a', 'password-a-123');
    const inbox = await waitFor(async () => {
      const r = await api(t.url, '/api/v1/inbox?pageSize=50', { token: tokenA });
      return r.json.total === fixture.distinctIssues ? r.json : undefined;
    }, { what: 'inbox filled' });
    expect(inbox.counts.NEW).toBe(fixture.distinctIssues);
    const item = inbox.items.find((i: any) => i.ticket.demandCount === 3);
    expect(item.reason).toContain('全市');
    expect(item.ticket.channels).toEqual(['mailbox']);

    const detail = await api(t.url, `/api/v1/inbox/${item.id}`, { token: tokenA });
    expect(detail.status).toBe(200);
    expect(detail.json.ticket.demands).toHaveLength(3);
    expect(JSON.stringify(detail.json)).not.toContain(fixture.phone);
    expect(JSON.stringify(detail.json)).not.toMatch(/Hash/);

    const adopt = await api(t.url, `/api/v1/inbox/${item.id}/actions`, { token: tokenA, body: { action: 'adopt', kind: 'proposal', note: '拟形成提案' } });
    expect(adopt.status).toBe(200);
    expect(adopt.json.item.state).toBe('ADOPTED');

    const event = await t.ctx.prisma.outbox.findFirstOrThrow({ where: { aggregateId: item.ticket.id, eventType: 'member.action' } });
    expect(event.payload).toMatchObject({ action: 'adopt', kind: 'proposal', label: '形成提案' });

    await t.ctx.queue.add([statusSyncJobSpec(new Date())]);
    const delivered = await waitFor(async () => receiver.received.find((r) => r.key === event.idempotencyKey), { what: 'callback delivery' });
    expect(delivered.body).toMatchObject({ type: 'member.action', ticketId: item.ticket.id, data: { label: '形成提案' } });
    await waitFor(async () => (await t.ctx.prisma.outbox.findUniqueOrThrow({ where: { id: event.id } })).state === 'SENT', { what: 'outbox SENT' });
  });

  it('keeps members out of each other\'s items, even with a guessed id', async () => {
    const tokenA = await login(t.url, 'member.a', 'password-a-123');
    const tokenB = await login(t.url, 'member.b', 'password-b-123');
    const itemOfA = (await api(t.url, '/api/v1/inbox', { token: tokenA })).json.items[0];
    expect((await api(t.url, `/api/v1/inbox/${itemOfA.id}`, { token: tokenB })).status).toBe(404);
    expect((await api(t.url, `/api/v1/inbox/${itemOfA.id}/actions`, { token: tokenB, body: { action: 'read' } })).status).toBe(404);
    expect((await api(t.url, '/api/v1/inbox')).status).toBe(401);
    const itemsOfB = (await api(t.url, '/api/v1/inbox?pageSize=50', { token: tokenB })).json.items.map((i: any) => i.id);
    expect(itemsOfB).not.toContain(itemOfA.id);
  });

  it('takes status updates from an authenticated hotline, deduplicated and never moving backwards', async () => {
    const key = await createApiKey(t.ctx.prisma, `hotline-${mode}`);
    const ticket = await t.ctx.prisma.ticket.findFirstOrThrow({ where: { demandCount: 3 } });
    const path = `/api/v1/tickets/${ticket.id}/status`;
    const post = (body: unknown) => api(t.url, path, { token: key, body });
    expect((await post({ updateId: 'u2', status: '办理中', occurredAt: '2026-11-10T10:00:00+08:00' })).json).toEqual({ outcome: 'applied' });
    expect((await post({ updateId: 'u2', status: '办理中', occurredAt: '2026-11-10T10:00:00+08:00' })).json).toEqual({ outcome: 'duplicate' });
    expect((await post({ updateId: 'u1', status: '受理', occurredAt: '2026-11-09T09:00:00+08:00' })).json).toEqual({ outcome: 'recorded' });
    expect((await t.ctx.prisma.ticket.findUniqueOrThrow({ where: { id: ticket.id } })).status).toBe('办理中');
    expect(await t.ctx.prisma.statusEvent.count({ where: { ticketId: ticket.id } })).toBe(2);
    expect((await api(t.url, path, { body: { updateId: 'u3', status: '已办结', occurredAt: '2026-11-11T09:00:00+08:00' } })).status).toBe(401);
    expect((await post({ updateId: 'u4', status: '完成了', occurredAt: '2026-11-11T09:00:00+08:00' })).status).toBe(400);
    const token = await login(t.url, 'member.b', 'password-b-123');
    const updated = await waitFor(async () => {
      const items = (await api(t.url, '/api/v1/inbox?pageSize=50', { token })).json.items;
      return items.find((i: any) => i.ticket.id === ticket.id && i.ticket.status === '办理中');
    }, { what: 'status visible in inbox' });
    expect(updated.ticket.status).toBe('办理中');
  });
});
