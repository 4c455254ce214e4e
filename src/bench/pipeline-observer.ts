import type { AppContext } from '../app/context.ts';
import { receiveRecords, type IncomingRecord } from '../ingest/receive-records.ts';
import { STAGES } from '../queue/job-queue.ts';
import { latencySummary } from './bench-stats.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * A demand is finished when it is at stage DONE: the route stage has created its ticket's
 * InboxItems (unique member × ticket) in the same transaction — or found no member to route
 * to. Records the pipeline quarantines count as finished too (they never become demands).
 */
export async function finishedCount(ctx: AppContext): Promise<{ done: number; quarantined: number; demands: number }> {
  const [row] = await ctx.database.query<{ done: number; quarantined: number; demands: number }>(
    `SELECT (SELECT count(*) FROM "Demand" WHERE stage = 'DONE')::int AS done,
            (SELECT count(*) FROM "RawRecord" WHERE state = 'QUARANTINED')::int AS quarantined,
            (SELECT count(*) FROM "Demand")::int AS demands`,
  );
  return row!;
}

/**
 * Cheap progress check (two index probes, whatever the table sizes): true while some record is
 * not normalised yet or some demand is short of DONE. Polled often instead of `finishedCount`,
 * whose counts over the whole tables cost the database under test more CPU as they grow.
 */
async function workLeft(ctx: AppContext): Promise<boolean> {
  const [row] = await ctx.database.query<{ left: boolean }>(
    `SELECT EXISTS (SELECT 1 FROM "RawRecord" WHERE state = 'RECEIVED')
         OR EXISTS (SELECT 1 FROM "Demand" WHERE stage IN ('CLASSIFY', 'MERGE', 'ROUTE')) AS left`,
  );
  return row!.left;
}

/** True when no pipeline job is waiting, delayed or running (status-sync aside). */
export async function queuesDrained(ctx: AppContext): Promise<boolean> {
  const counts = await ctx.queue.counts();
  return STAGES.filter((s) => s !== 'status-sync').every((s) => counts[s].waiting + counts[s].active + counts[s].delayed === 0);
}

/** How often `waitFinished` asks the database while the queues are busy. */
const PROBE_EVERY_MS = 500;

/** Waits until `expected` records are finished and the queues are empty; returns the times. */
export async function waitFinished(ctx: AppContext, expected: number, started: number, timeoutMs: number): Promise<{ doneMs: number; drainedMs: number; timedOut: boolean }> {
  let doneMs = 0;
  let lastProbe = 0;
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    // the queue counts (Redis, or in-process) first: while jobs wait or run, the database under
    // test is probed only every PROBE_EVERY_MS (its index probe walks the stage index's entries of
    // rows updated meanwhile: ~5 ms a probe, 2 s of PostgreSQL CPU per 5,000-demand run at 50 ms)
    const drained = await queuesDrained(ctx);
    if (!doneMs && (drained || performance.now() - lastProbe >= PROBE_EVERY_MS)) {
      lastProbe = performance.now();
      if (!(await workLeft(ctx))) {
        const c = await finishedCount(ctx);
        if (c.done + c.quarantined >= expected) doneMs = performance.now() - started;
      }
    }
    if (doneMs && (drained || (await queuesDrained(ctx)))) return { doneMs, drainedMs: performance.now() - started, timedOut: false };
    await sleep(doneMs ? 20 : 50);
  }
  return { doneMs, drainedMs: performance.now() - started, timedOut: true };
}

/** The first `n` keys (a Map iterates in insertion order: the oldest records first). */
function oldest(pending: Map<string, number>, n: number): string[] {
  const ids: string[] = [];
  for (const id of pending.keys()) {
    if (ids.length === n) break;
    ids.push(id);
  }
  return ids;
}

export interface LiveResult {
  rate: number;
  seconds: number;
  sent: number;
  finished: number;
  unfinished: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  maxMs: number;
  /** Every record finished within the grace period. */
  sustained: boolean;
}

/**
 * Open-loop arrival: `rate` records per second for `seconds`, stored through the ingest path
 * (receiveRecords, as HTTP and Kafka do) regardless of how far the pipeline is; the latency of
 * each is the time from the start of its ingest call until it is seen finished (the 200 oldest
 * unfinished records are polled every 25 ms, all of them every 100 ms).
 */
export async function liveRun(ctx: AppContext, records: IncomingRecord[], rate: number, seconds: number, graceMs = 30_000): Promise<LiveResult> {
  const total = Math.min(records.length, Math.round(rate * seconds));
  const pending = new Map<string, number>();
  const latencies: number[] = [];
  let sent = 0;
  let sending = true;
  const started = performance.now();
  const sender = (async () => {
    while (sent < total) {
      const due = Math.min(total, Math.floor((rate * (performance.now() - started)) / 1000) + 1) - sent;
      if (due > 0) {
        const batch = records.slice(sent, sent + due);
        sent += batch.length;
        const t0 = performance.now();
        const stored = await receiveRecords(ctx, batch);
        for (const s of stored) pending.set(s.id, t0);
      }
      await sleep(10);
    }
    sending = false;
  })();
  let graceUntil = Infinity;
  let polls = 0;
  while (sending || pending.size > 0) {
    if (!sending && graceUntil === Infinity) graceUntil = performance.now() + graceMs;
    if (performance.now() > graceUntil) break;
    if (pending.size > 0) {
      // the oldest records every 25 ms, all of them every 100 ms: a backlog of thousands polled
      // 40 times a second would load the database under test (and so the latency measured)
      polls += 1;
      const ids = polls % 4 === 0 ? [...pending.keys()] : oldest(pending, 200);
      const rows = await ctx.database.query<{ id: string }>(
        `SELECT r.id FROM "RawRecord" r LEFT JOIN "Demand" d ON d.id = r."demandId"
         WHERE r.id = ANY($1::text[]) AND (d.stage = 'DONE' OR r.state = 'QUARANTINED')`,
        [ids],
      );
      const now = performance.now();
      for (const { id } of rows) {
        latencies.push(now - pending.get(id)!);
        pending.delete(id);
      }
    }
    await sleep(25);
  }
  await sender;
  const finished = latencies.length;
  // unfinished records count with their age at give-up: a lower bound of their latency
  const now = performance.now();
  for (const t0 of pending.values()) latencies.push(now - t0);
  return { rate, seconds, sent, finished, unfinished: pending.size, ...latencySummary(latencies), sustained: pending.size === 0 };
}
