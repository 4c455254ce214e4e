import { z } from 'zod';
import { demandInputSchema, type DemandInput } from '../../src/ingest/demand-input.ts';

export const BOARD_SOURCE = 'message-board';
export const POST_FORMAT = 'message-board-post-v1';

export const boardId = z.union([z.string().trim().min(1).max(200), z.number().int().nonnegative()]).transform(String);
export const boardTime = z.string().trim().min(1, 'expected a date-time');

/**
 * A message-board post (留言板, 人民网-style) as the DETAIL API returns it:
 * GET {base}/api/posts/{postId} → Post. The LIST API gives ids and update times:
 * GET {base}/api/posts?updatedAfter=&afterId=&limit= → { posts: [{ postId, updatedAt }] }.
 */
export const postSchema = z.object({
  postId: boardId,
  board: z.string().trim().max(100).nullish(),
  title: z.string().trim().max(500).nullish(),
  content: z.string(),
  author: z.object({ userId: boardId.nullish(), nickname: z.string().trim().max(100).nullish() }).nullish(),
  district: z.string().trim().max(100).nullish(),
  category: z.string().trim().max(200).nullish(),
  createdAt: boardTime,
  updatedAt: boardTime,
  likes: z.number().int().min(0).nullish(),
  dislikes: z.number().int().min(0).nullish(),
  /** Official replies (答复); each is stored as a status record of its own (reply-status.ts). */
  replies: z.array(z.unknown()).nullish(),
});

export type Post = z.infer<typeof postSchema>;

const orUndefined = <T>(v: T | null | undefined) => v ?? undefined;

/** Post → canonical demand input; the author's account is only kept hashed (reporterRef). */
export function postToDemand(post: Post): Record<keyof DemandInput, unknown> {
  return {
    source: BOARD_SOURCE,
    sourceRef: post.postId,
    channel: 'message-board',
    title: orUndefined(post.title),
    content: post.content,
    reporterName: undefined,
    reporterPhone: undefined,
    reporterIdNumber: undefined,
    reporterRef: orUndefined(post.author?.userId),
    district: orUndefined(post.district),
    street: undefined,
    community: undefined,
    address: undefined,
    occurredAt: post.createdAt,
    sourceCategory: orUndefined(post.category),
    likes: orUndefined(post.likes),
    dislikes: orUndefined(post.dislikes),
  };
}

/** A stored post payload (parsed JSON) → DemandInput; throws a ZodError with the reasons. */
export function parsePost(json: unknown): DemandInput {
  return demandInputSchema.parse(postToDemand(postSchema.parse(json)));
}
