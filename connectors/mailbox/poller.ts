import type { AppContext } from '../../src/app/context.ts';
import { feedQuery, fieldCursor, getJson, HttpPoller, listOf, rejectionBy, type FeedSettings, type HttpPollerOptions } from '../../src/connectors/http-poller.ts';
import { LETTER_FORMAT, MAILBOX_SOURCE, parseLetter } from './letter.ts';
import { replyRecordsOf } from './reply-status.ts';

/** Polls the leader mailbox (领导信箱): letters as demands, replies as status records. */
export function mailboxFeed(feed: FeedSettings): HttpPollerOptions {
  const base = feed.url.replace(/\/+$/, '');
  return {
    pageSize: feed.pageSize, maxBackoffMs: feed.maxBackoffMs, maxAttempts: feed.maxAttempts,
    name: 'mailbox/letters',
    source: MAILBOX_SOURCE,
    format: LETTER_FORMAT,
    channel: 'mailbox',
    fetchPage: async (cursor, limit, signal) => listOf(await getJson(`${base}/api/letters?${feedQuery(cursor, limit)}`, feed.token, signal), 'letters'),
    cursorOf: fieldCursor('letterId'),
    refOf: (item) => String(item.letterId),
    rejectionOf: rejectionBy(parseLetter),
    relatedRecords: replyRecordsOf,
  };
}

export function mailboxPoller(ctx: AppContext, feed: FeedSettings): HttpPoller {
  return new HttpPoller(ctx, mailboxFeed(feed));
}
