import type { AppContext } from '../../src/app/context.ts';
import { feedQuery, fieldCursor, getJson, HttpPoller, listOf, rejectionBy, type FeedSettings, type HttpPollerOptions } from '../../src/connectors/http-poller.ts';
import { CPPCC_SOURCE, OPINION_FORMAT, parseOpinion } from './opinion.ts';

/** Polls the smart-CPPCC platform's opinions (百姓提案, opinions gathered by members and studios). */
export function cppccFeed(feed: FeedSettings): HttpPollerOptions {
  const base = feed.url.replace(/\/+$/, '');
  return {
    pageSize: feed.pageSize, maxBackoffMs: feed.maxBackoffMs, maxAttempts: feed.maxAttempts,
    name: 'cppcc/opinions',
    source: CPPCC_SOURCE,
    format: OPINION_FORMAT,
    channel: 'cppcc',
    fetchPage: async (cursor, limit, signal) => listOf(await getJson(`${base}/api/opinions?${feedQuery(cursor, limit)}`, feed.token, signal), 'opinions'),
    cursorOf: fieldCursor('opinionId'),
    refOf: (item) => String(item.opinionId),
    rejectionOf: rejectionBy(parseOpinion),
  };
}

export function cppccPoller(ctx: AppContext, feed: FeedSettings): HttpPoller {
  return new HttpPoller(ctx, cppccFeed(feed));
}
