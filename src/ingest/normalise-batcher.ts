import type { AppContext } from '../app/context.ts';
import { NORMALISE_BATCH, normaliseJobSpecs } from '../queue/job-specs.ts';

/**
 * Gathers the records stored by many small ingest calls (an HTTP push of one work order, a
 * Kafka message) into normalise jobs of up to NORMALISE_BATCH records. Each later stage works on
 * the batch its predecessor made, so at 200 single-record calls a second this turns ~100 jobs a
 * second per stage into a few — one lock, catch-up and handful of statements per batch instead of
 * per record. A record waits at most `lingerMs` here; a call that fills a batch flushes at once.
 *
 * Records are stored before they reach the batcher, and `add` resolves only once their jobs are
 * queued (or queueing failed: then they stay RECEIVED and the re-drive sweep queues them).
 */
export class NormaliseBatcher {
  private pending: string[] = [];
  private waiters: Array<{ resolve: () => void; reject: (e: unknown) => void }> = [];
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly queue: (rawRecordIds: string[]) => Promise<void>,
    private readonly lingerMs: number,
  ) {}

  add(rawRecordIds: string[]): Promise<void> {
    if (rawRecordIds.length === 0) return Promise.resolve();
    this.pending.push(...rawRecordIds);
    const queued = new Promise<void>((resolve, reject) => this.waiters.push({ resolve, reject }));
    if (this.pending.length >= NORMALISE_BATCH || this.lingerMs === 0) void this.flush();
    else this.timer ??= setTimeout(() => void this.flush(), this.lingerMs);
    return queued;
  }

  private async flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    const ids = this.pending;
    const waiters = this.waiters;
    this.pending = [];
    this.waiters = [];
    try {
      await this.queue(ids);
      for (const w of waiters) w.resolve();
    } catch (error) {
      for (const w of waiters) w.reject(error);
    }
  }
}

const batchers = new WeakMap<AppContext, NormaliseBatcher>();

/** The process's batcher for this app (INGEST_LINGER_MS; 0 queues every call's records at once). */
export function normaliseBatcher(ctx: AppContext): NormaliseBatcher {
  let batcher = batchers.get(ctx);
  if (!batcher) {
    batcher = new NormaliseBatcher((ids) => ctx.queue.add(normaliseJobSpecs(ids)), ctx.config.INGEST_LINGER_MS);
    batchers.set(ctx, batcher);
  }
  return batcher;
}
