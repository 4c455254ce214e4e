import { createHash } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { AppContext } from '../app/context.ts';
import { receiveRecords, type IncomingRecord } from '../ingest/receive-records.ts';
import { describeError, type RecordFormat } from '../ingest/record-formats.ts';
import { errorMessage } from '../queue/job-queue.ts';
import { readCursor, recordError, recordSuccess } from './connector-state.ts';

/** Position in a feed ordered by (updatedAt, id): the last item stored. */
export interface PollCursor {
  updatedAt: string;
  id: string;
}

export type FeedItem = Record<string, unknown>;

export interface HttpPollerOptions {
  /** Connector name: its ConnectorState row (cursor, lastSuccess, lastError). */
  name: string;
  source: string;
  format: RecordFormat;
  channel?: string;
  /** Items per request (default 100); a shorter page ends the run. */
  pageSize?: number;
  /** Longest wait between retries (default 60 s); a longer Retry-After ends the run. */
  maxBackoffMs?: number;
  /** Tries per page before the run gives up until the next schedule (default 6). */
  maxAttempts?: number;
  /** Items strictly after the cursor (undefined: from the start), oldest first. */
  fetchPage(cursor: PollCursor | undefined, pageSize: number, signal: AbortSignal): Promise<unknown[]>;
  /** The item's feed position, undefined when it has none (it is then quarantined). */
  cursorOf(item: FeedItem): PollCursor | undefined;
  refOf(item: FeedItem): string;
  /** Why an item cannot become a demand (stored quarantined), or undefined. */
  rejectionOf?(item: FeedItem): string | undefined;
  /** Further records an item carries (e.g. replies as status updates), stored with it. */
  relatedRecords?(item: FeedItem): IncomingRecord[];
}

export interface PollResult {
  pages: number;
  stored: number;
  cursor?: PollCursor;
  /** Why the run ended early; it is also the connector's lastError. */
  error?: string;
}

/** A non-2xx answer; 429 and 5xx are worth retrying. */
export class HttpStatusError extends Error {
  constructor(readonly status: number, readonly retryAfterMs?: number) {
    super(`HTTP ${status}`);
  }

  get retryable(): boolean {
    return this.status === 429 || this.status >= 500;
  }
}

/** GET a JSON document with an optional bearer token; non-2xx → HttpStatusError (Retry-After read). */
export async function getJson(url: string, token: string | undefined, signal: AbortSignal): Promise<unknown> {
  const response = await fetch(url, { headers: { accept: 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, signal });
  if (!response.ok) {
    await response.body?.cancel();
    throw new HttpStatusError(response.status, retryAfterMs(response.headers.get('retry-after')));
  }
  return response.json();
}

function retryAfterMs(header: string | null): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}

/** Settings of one HTTP feed (URL, bearer token, paging, backoff). */
export interface FeedSettings {
  /** Base URL of the API, e.g. https://mailbox.example.gov.cn */
  url: string;
  token?: string;
  pageSize?: number;
  maxBackoffMs?: number;
  maxAttempts?: number;
}

/** `limit=&updatedAfter=&afterId=` of an incremental feed request. */
export function feedQuery(cursor: PollCursor | undefined, limit: number): string {
  const query = new URLSearchParams({ limit: String(limit) });
  if (cursor) {
    query.set('updatedAfter', cursor.updatedAt);
    query.set('afterId', cursor.id);
  }
  return query.toString();
}

/** The list of a response such as {letters: […]}; anything else is a failed request. */
export function listOf(body: unknown, field: string): unknown[] {
  const list = (body as Record<string, unknown> | null)?.[field];
  if (Array.isArray(list)) return list;
  throw new Error(`the response has no "${field}" list`);
}

/** cursorOf for feeds whose items carry `updatedAt` and an id field. */
export function fieldCursor(idField: string): (item: FeedItem) => PollCursor | undefined {
  return (item) => {
    const id = item[idField];
    const updatedAt = item.updatedAt;
    if ((typeof id !== 'string' && typeof id !== 'number') || String(id).trim() === '') return undefined;
    return typeof updatedAt === 'string' && updatedAt.trim() !== '' ? { updatedAt, id: String(id) } : undefined;
  };
}

/** rejectionOf from a parser that throws (ZodError…): the described reason, or undefined when it parses. */
export function rejectionBy(parse: (item: unknown) => unknown): (item: FeedItem) => string | undefined {
  return (item) => {
    try {
      parse(item);
      return undefined;
    } catch (error) {
      return describeError(error);
    }
  };
}

const isObject = (v: unknown): v is FeedItem => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Incremental HTTP poller following Kafka Connect's SourceTask contract: each page is
 * stored (RawRecord) first and only then is the cursor committed, so a crash in between
 * re-fetches that page, which is harmless ((source, sourceRef) is unique downstream).
 * 429/5xx/network failures are retried with exponential backoff and jitter (Retry-After
 * honoured); a run never throws: it ends with the reason recorded as lastError.
 */
export class HttpPoller {
  readonly name: string;
  private readonly opts: Required<Pick<HttpPollerOptions, 'pageSize' | 'maxBackoffMs' | 'maxAttempts'>> & HttpPollerOptions;
  private controller = new AbortController();

  constructor(private readonly ctx: AppContext, options: HttpPollerOptions) {
    this.opts = { ...options, pageSize: options.pageSize ?? 100, maxBackoffMs: options.maxBackoffMs ?? 60_000, maxAttempts: options.maxAttempts ?? 6 };
    this.name = options.name;
  }

  /** Polls until a short page; resumes from the stored cursor. */
  async poll(): Promise<PollResult> {
    this.controller = new AbortController();
    const result: PollResult = { pages: 0, stored: 0 };
    try {
      result.cursor = await readCursor<PollCursor>(this.ctx.prisma, this.name);
      for (;;) {
        const items = await this.fetchWithRetry(result.cursor);
        const next = await this.storePage(items, result.cursor);
        result.pages += 1;
        result.stored += items.length;
        result.cursor = next;
        await recordSuccess(this.ctx.prisma, this.name, next ? { ...next } : undefined);
        if (items.length < this.opts.pageSize) return result;
        if (!next) throw new Error('a full page without any item position: the cursor cannot advance');
      }
    } catch (error) {
      result.error = this.controller.signal.aborted ? 'stopped' : errorMessage(error);
      if (!this.controller.signal.aborted) await recordError(this.ctx.prisma, this.name, result.error).catch(() => undefined);
      this.ctx.logger.warn({ connector: this.name, err: result.error }, 'poll run ended early; the next run resumes from the cursor');
      return result;
    }
  }

  /** Aborts the current run (requests and waits); the cursor keeps what was stored. */
  stop(): void {
    this.controller.abort();
  }

  private async fetchWithRetry(cursor: PollCursor | undefined): Promise<unknown[]> {
    const { signal } = this.controller;
    for (let attempt = 1; ; attempt += 1) {
      try {
        const items = await this.opts.fetchPage(cursor, this.opts.pageSize, signal);
        if (!Array.isArray(items)) throw new Error('the page is not a list of items');
        return items;
      } catch (error) {
        const retryable = !signal.aborted && (!(error instanceof HttpStatusError) || error.retryable) && attempt < this.opts.maxAttempts;
        if (!retryable) throw error;
        const wait = this.backoff(attempt, error instanceof HttpStatusError ? error.retryAfterMs : undefined);
        if (wait === undefined) throw new Error(`${errorMessage(error)}, Retry-After exceeds ${this.opts.maxBackoffMs} ms`);
        await recordError(this.ctx.prisma, this.name, `${errorMessage(error)} (attempt ${attempt}, retrying in ${wait} ms)`);
        await sleep(wait, undefined, { signal });
      }
    }
  }

  /** Exponential with full jitter, at least Retry-After; undefined when Retry-After is over the cap. */
  private backoff(attempt: number, retryAfter: number | undefined): number | undefined {
    if (retryAfter !== undefined && retryAfter > this.opts.maxBackoffMs) return undefined;
    const ceiling = Math.min(this.opts.maxBackoffMs, 200 * 2 ** attempt);
    return Math.max(retryAfter ?? 0, Math.round(ceiling / 2 + (Math.random() * ceiling) / 2));
  }

  /** Stores every item of the page (bad ones quarantined) and returns the page's last position. */
  private async storePage(items: unknown[], cursor: PollCursor | undefined): Promise<PollCursor | undefined> {
    const { source, format, channel } = this.opts;
    let next = cursor;
    const records: IncomingRecord[] = [];
    const related: IncomingRecord[] = [];
    for (const item of items) {
      const payload = JSON.stringify(item) ?? 'null';
      const position = isObject(item) ? this.opts.cursorOf(item) : undefined;
      if (!isObject(item) || !position) {
        const error = isObject(item) ? 'item has no id or updatedAt' : `item is not a JSON object (${item === null ? 'null' : Array.isArray(item) ? 'array' : typeof item})`;
        records.push({ source, sourceRef: `junk-${createHash('sha256').update(payload).digest('hex').slice(0, 24)}`, format, channel, payload, error });
        continue;
      }
      next = position;
      records.push({ source, sourceRef: this.opts.refOf(item), format, channel, payload, error: this.opts.rejectionOf?.(item) });
      related.push(...(this.opts.relatedRecords?.(item) ?? []));
    }
    await receiveRecords(this.ctx, [...records, ...related]);
    return next;
  }
}
