import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NotYetKnownError } from '../../connectors/hotline-12345/status-update.ts';
import { parsePost } from '../../connectors/message-board/post.ts';
import { messageBoardPoller } from '../../connectors/message-board/poller.ts';
import { applyBoardReply, boardReplySchema } from '../../connectors/message-board/reply-status.ts';
import { postOf, startMessageBoardSimulator } from '../../connectors/message-board/simulator.ts';
import type { FeedSimulator } from '../../connectors/mailbox/simulator.ts';
import { receiveRecords } from '../../src/ingest/receive-records.ts';
import { startTestApp, waitFor, type TestApp } from '../helpers/test-app.ts';

describe('message board (留言板) connector: list + detail', () => {
  let t: TestApp;
  let sim: FeedSimulator<ReturnType<typeof postOf>>;

  beforeAll(async () => {
    t = await startTestApp('redis-postgres', { workers: false, http: false });
    sim = await startMessageBoardSimulator({ token: 'board-token', count: 40 });
  });
  afterAll(async () => {
    await sim?.close();
    await t?.close();
  });

  it('fetches each listed post in detail and stores every official reply as a status record of its own', async () => {
    expect((await messageBoardPoller(t.ctx, { url: sim.url, token: 'board-token', pageSize: 25 }).poll()).stored).toBe(40);
    expect(sim.requests.filter((r) => /^\/api\/posts\/.+/.test(r.pathname))).toHaveLength(40);
    const posts = await t.ctx.prisma.rawRecord.findMany({ where: { source: 'message-board' } });
    const replies = await t.ctx.prisma.rawRecord.findMany({ where: { source: 'message-board-status' } });
    expect(replies).toHaveLength(10); // every fourth generated post is answered
    for (const r of replies) {
      expect(r).toMatchObject({ format: 'message-board-reply-v1', state: 'RECEIVED' });
      const reply = boardReplySchema.parse(JSON.parse(r.payload));
      expect(r.sourceRef).toBe(`reply-${reply.replyId}`);
      expect(posts.some((p) => p.sourceRef === reply.postId)).toBe(true);
    }
  });

  it('maps a post to the canonical demand (account hashed later as reporterRef, likes kept)', () => {
    const post = postOf({ id: '9', title: '公交线路', content: '建议增开夜班公交。', user: 'U123', time: new Date('2026-11-20T01:00:00Z'), likes: 12, dislikes: 1 }, 3);
    expect(parsePost(post)).toEqual({
      source: 'message-board', sourceRef: 'P-9', channel: 'message-board', title: '公交线路', content: '建议增开夜班公交。',
      reporterRef: 'U123', occurredAt: new Date('2026-11-20T01:00:00Z'), likes: 12, dislikes: 1,
    });
  });
});

describe('message-board replies applied to tickets (embedded, workers running)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp('embedded', { http: false });
  });
  afterAll(() => t?.close());

  it('closes the ticket of the post (已办结) with the reply id as the update id', async () => {
    const post = postOf({ id: '77', title: '垃圾清运', content: 'A5区小区垃圾三天没人清运。', time: new Date(Date.now() - 7200_000), reply: { content: '已安排清运。', at: new Date() } }, 0);
    const reply = JSON.stringify(post.replies[0]);
    await expect(applyBoardReply(t.ctx, reply)).rejects.toBeInstanceOf(NotYetKnownError);
    await receiveRecords(t.ctx, [{ source: 'message-board', sourceRef: post.postId, format: 'demand-v1', payload: JSON.stringify(parsePost(post)) }]);
    const demand = await waitFor(() => t.ctx.prisma.demand.findFirst({ where: { source: 'message-board', sourceRef: 'P-77', ticketId: { not: null } } }), { what: 'post merged into a ticket' });
    expect(await applyBoardReply(t.ctx, reply)).toEqual({ outcome: 'applied', ticketId: demand.ticketId });
    const event = await t.ctx.prisma.statusEvent.findFirstOrThrow({ where: { ticketId: demand.ticketId! } });
    expect(event).toMatchObject({ origin: 'message-board', externalId: 'reply-R-77', status: '已办结' });
  });
});
