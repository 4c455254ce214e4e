import type { AppContext } from '../../src/app/context.ts';
import { feedQuery, fieldCursor, getJson, HttpPoller, HttpStatusError, listOf, rejectionBy, type FeedSettings, type HttpPollerOptions } from '../../src/connectors/http-poller.ts';
import { BOARD_SOURCE, parsePost, POST_FORMAT } from './post.ts';
import { boardReplyRecordsOf } from './reply-status.ts';

/** Detail requests in flight at once. */
const DETAIL_CONCURRENCY = 4;

/**
 * One page of the board: the LIST API gives ids and update times, the DETAIL API each
 * post. A post gone between the two (404) is kept as its list entry, to be quarantined;
 * an entry without an id is kept as is (quarantined by the poller).
 */
async function fetchPosts(base: string, token: string | undefined, query: string, signal: AbortSignal): Promise<unknown[]> {
  const entries = listOf(await getJson(`${base}/api/posts?${query}`, token, signal), 'posts');
  const posts: unknown[] = [];
  for (let i = 0; i < entries.length; i += DETAIL_CONCURRENCY) {
    const chunk = entries.slice(i, i + DETAIL_CONCURRENCY).map(async (entry) => {
      const id = (entry as { postId?: unknown } | null)?.postId;
      if (typeof id !== 'string' && typeof id !== 'number') return entry;
      try {
        return await getJson(`${base}/api/posts/${encodeURIComponent(String(id))}`, token, signal);
      } catch (error) {
        if (error instanceof HttpStatusError && error.status === 404) return entry;
        throw error;
      }
    });
    posts.push(...(await Promise.all(chunk)));
  }
  return posts;
}

/** Polls a message board (留言板): posts as demands, official replies as status records. */
export function messageBoardFeed(feed: FeedSettings): HttpPollerOptions {
  const base = feed.url.replace(/\/+$/, '');
  return {
    pageSize: feed.pageSize, maxBackoffMs: feed.maxBackoffMs, maxAttempts: feed.maxAttempts,
    name: 'message-board/posts',
    source: BOARD_SOURCE,
    format: POST_FORMAT,
    channel: 'message-board',
    fetchPage: (cursor, limit, signal) => fetchPosts(base, feed.token, feedQuery(cursor, limit), signal),
    cursorOf: fieldCursor('postId'),
    refOf: (item) => String(item.postId),
    rejectionOf: rejectionBy(parsePost),
    relatedRecords: boardReplyRecordsOf,
  };
}

export function messageBoardPoller(ctx: AppContext, feed: FeedSettings): HttpPoller {
  return new HttpPoller(ctx, messageBoardFeed(feed));
}
