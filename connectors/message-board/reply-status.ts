import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { AppContext } from '../../src/app/context.ts';
import type { IncomingRecord } from '../../src/ingest/receive-records.ts';
import { applyStatusUpdate, statusUpdateSchema, type StatusOutcome, type StatusUpdate } from '../../src/status/status-update.ts';
import { NotYetKnownError } from '../hotline-12345/status-update.ts';
import { BOARD_SOURCE, boardId, boardTime } from './post.ts';

export const BOARD_REPLY_FORMAT = 'message-board-reply-v1';

/** An official reply (答复) of a post, as the detail API gives it in `replies`. */
export const boardReplySchema = z.object({
  replyId: boardId,
  postId: boardId,
  org: z.string().trim().min(1).max(200),
  content: z.string().trim().max(20_000),
  repliedAt: boardTime,
});

export type BoardReply = z.infer<typeof boardReplySchema>;

/** An official reply answers the post: the case is closed (已办结); the reply id is the update id. */
export function boardReplyStatus(reply: BoardReply): StatusUpdate {
  return statusUpdateSchema.parse({ updateId: `reply-${reply.replyId}`, status: '已办结', occurredAt: reply.repliedAt, note: `${reply.org}答复` });
}

const refOf = (reply: unknown, postId: string) => {
  const id = (reply as { replyId?: unknown } | null)?.replyId;
  if (typeof id === 'string' || typeof id === 'number') return `reply-${String(id).slice(0, 190)}`;
  return `reply-of-${postId.slice(0, 100)}-${createHash('sha256').update(JSON.stringify(reply) ?? 'null').digest('hex').slice(0, 24)}`;
};

/** One status record per reply of a post, each exactly as received (bad ones are quarantined when applied). */
export function boardReplyRecordsOf(post: Record<string, unknown>): IncomingRecord[] {
  if (!Array.isArray(post.replies)) return [];
  const postId = String(post.postId);
  return post.replies.map((reply) => ({ source: `${BOARD_SOURCE}-status`, sourceRef: refOf(reply, postId), format: BOARD_REPLY_FORMAT, payload: JSON.stringify(reply) ?? 'null' }));
}

/** Applies a stored reply record to the post's ticket; NotYetKnownError while it has none (retried later). */
export async function applyBoardReply(ctx: AppContext, payload: string): Promise<{ outcome: StatusOutcome; ticketId: string }> {
  const reply = boardReplySchema.parse(JSON.parse(payload));
  const demand = await ctx.prisma.demand.findUnique({ where: { source_sourceRef: { source: BOARD_SOURCE, sourceRef: reply.postId } }, select: { ticketId: true } });
  if (!demand?.ticketId) throw new NotYetKnownError(`post ${reply.postId} has no ticket yet`);
  return { outcome: await applyStatusUpdate(ctx, BOARD_SOURCE, demand.ticketId, boardReplyStatus(reply)), ticketId: demand.ticketId };
}
