import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NotYetKnownError } from '../../connectors/hotline-12345/status-update.ts';
import { letterSchema, parseLetter } from '../../connectors/mailbox/letter.ts';
import { mailboxPoller } from '../../connectors/mailbox/poller.ts';
import { applyMailboxReply, replyStatusOf } from '../../connectors/mailbox/reply-status.ts';
import { letterOf, startMailboxSimulator, type FeedSimulator, type SimulatedLetter } from '../../connectors/mailbox/simulator.ts';
import { receiveRecords } from '../../src/ingest/receive-records.ts';
import { startTestApp, waitFor, type TestApp } from '../helpers/test-app.ts';

const TOKEN = 'mailbox-token-0123456789';

describe('leader mailbox (领导信箱) connector', () => {
  let t: TestApp;
  let sim: FeedSimulator<SimulatedLetter>;

  beforeAll(async () => {
    t = await startTestApp('redis-postgres', { workers: false, http: false });
    sim = await startMailboxSimulator({ token: TOKEN, count: 40 });
  });
  afterAll(async () => {
    await sim?.close();
    await t?.close();
  });

  it('refuses a wrong token: lastError HTTP 401, nothing stored, no exception', async () => {
    const result = await mailboxPoller(t.ctx, { url: sim.url, token: 'wrong' }).poll();
    expect(result).toMatchObject({ stored: 0, error: 'HTTP 401' });
    expect((await t.ctx.prisma.connectorState.findUniqueOrThrow({ where: { name: 'mailbox/letters' } })).lastError).toMatch(/HTTP 401/);
    expect(await t.ctx.prisma.rawRecord.count()).toBe(0);
  });

  it("stores each letter's reply as a status record holding the letter as received", async () => {
    expect((await mailboxPoller(t.ctx, { url: sim.url, token: TOKEN }).poll()).stored).toBe(40);
    const replies = await t.ctx.prisma.rawRecord.findMany({ where: { source: 'mailbox-status' } });
    expect(replies).toHaveLength(10); // every fourth generated letter is answered
    for (const r of replies) {
      expect(r).toMatchObject({ format: 'mailbox-reply-v1', state: 'RECEIVED' });
      const letter = letterSchema.parse(JSON.parse(r.payload));
      expect(r.sourceRef).toBe(`reply-${letter.letterId}@${letter.reply!.repliedAt}`);
      expect(replyStatusOf(letter)).toEqual({ updateId: r.sourceRef, status: '已办结', occurredAt: new Date(letter.reply!.repliedAt), note: '市长信箱办公室已回复' });
    }
  });

  it('maps a letter to the canonical demand (writer → reporter, submittedAt → occurredAt)', () => {
    const letter = letterOf({ id: '7', title: '噪音扰民', content: '夜间施工噪音很大。', name: '张三', phone: '13800138000', district: 'A2区', time: new Date('2026-11-20T01:00:00Z') }, 0);
    expect(parseLetter(letter)).toEqual({
      source: 'mailbox', sourceRef: 'L-7', channel: 'mailbox', title: '噪音扰民', content: '夜间施工噪音很大。',
      reporterName: '张三', reporterPhone: '13800138000', district: 'A2区', occurredAt: new Date('2026-11-20T01:00:00Z'),
    });
  });
});

describe('mailbox replies applied to tickets (embedded, workers running)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp('embedded', { http: false });
  });
  afterAll(() => t?.close());

  it('waits for the letter to reach a ticket, then closes the ticket (已办结) once', async () => {
    const letter = letterOf({ id: '42', title: '路灯不亮', content: 'A3区幸福路路灯损坏两周了。', time: new Date(Date.now() - 3600_000), reply: { content: '已修复。', at: new Date() } }, 0);
    await expect(applyMailboxReply(t.ctx, JSON.stringify(letter))).rejects.toBeInstanceOf(NotYetKnownError);
    // the letter as the normaliser will store it once its format is registered
    await receiveRecords(t.ctx, [{ source: 'mailbox', sourceRef: letter.letterId, format: 'demand-v1', payload: JSON.stringify(parseLetter(letter)) }]);
    const demand = await waitFor(() => t.ctx.prisma.demand.findFirst({ where: { source: 'mailbox', sourceRef: 'L-42', ticketId: { not: null } } }), { what: 'letter merged into a ticket' });
    expect(await applyMailboxReply(t.ctx, JSON.stringify(letter))).toEqual({ outcome: 'applied', ticketId: demand.ticketId });
    expect((await applyMailboxReply(t.ctx, JSON.stringify(letter))).outcome).toBe('duplicate');
    expect((await t.ctx.prisma.ticket.findUniqueOrThrow({ where: { id: demand.ticketId! } })).status).toBe('已办结');
  });
});
