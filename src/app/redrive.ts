import type { AppContext } from './context.ts';
import type { JobSpec } from '../queue/job-queue.ts';
import { DEMAND_BATCH } from '../queue/continue-work.ts';
import { demandBatchSpec, normaliseJobSpecs, ticketBatchSpec } from '../queue/job-specs.ts';

const PAGE = 1000;

export interface RedriveOptions {
  /** Only work untouched for this long (so a sweep does not race live jobs). */
  olderThanMs?: number;
  /** Suffix for job ids, so a sweep can retry jobs whose ids are kept as failed. */
  tag?: string;
}

/**
 * Queues again every piece of unfinished work found in the database: records not yet
 * normalised, demands short of DONE, tickets not routed at their current version, tickets whose
 * push stage has not completed at their routed version. Run at start (so a restart loses nothing)
 * and by the sweep.
 */
export async function redrive(ctx: AppContext, options: RedriveOptions = {}): Promise<Record<string, number>> {
  const before = new Date(Date.now() - (options.olderThanMs ?? 0));
  const tag = (spec: JobSpec): JobSpec => (options.tag ? { ...spec, jobId: `${spec.jobId}-${options.tag}` } : spec);
  const counts = { records: 0, demands: 0, tickets: 0, pushes: 0 };
  const { queue } = ctx;

  // raw SQL with the state and stage written as literals: the partial in-flight indexes
  // (migration 0012) are used only when PostgreSQL can prove their predicate from the query, and
  // Prisma sends enum values as casts of parameters, from which it cannot
  const page = <T>(sql: string) => (last: string) => ctx.database.query<T>(sql, [before.toISOString(), last]);
  await paged(page<{ id: string }>(`SELECT id FROM "RawRecord" WHERE state = 'RECEIVED' AND "receivedAt" < $1::timestamp AND id > $2 ORDER BY id LIMIT ${PAGE}`), async (rows) => {
    counts.records += rows.length;
    await queue.add(normaliseJobSpecs(rows.map((r) => r.id)).map(tag));
  });
  await paged(page<{ id: string; stage: string }>(`SELECT id, stage::text AS stage FROM "Demand" WHERE stage IN ('CLASSIFY', 'MERGE') AND "receivedAt" < $1::timestamp AND id > $2 ORDER BY id LIMIT ${PAGE}`), async (rows) => {
    counts.demands += rows.length;
    for (const stage of ['CLASSIFY', 'MERGE'] as const) {
      const ids = rows.filter((d) => d.stage === stage).map((d) => d.id);
      await queue.add(batched(ids).flatMap((batch) => demandBatchSpec(stage === 'CLASSIFY' ? 'classify' : 'merge', batch)).map(tag));
    }
  });
  // tickets short of being routed, or of being pushed at their routed version, through the partial
  // indexes of migration 0014 (only those tickets are in them); pushes whatever their age: a push
  // is idempotent and cheap
  const tickets = (sql: string, stage: 'route' | 'push', count: 'tickets' | 'pushes') =>
    paged(
      (last: string) => ctx.database.query<{ id: string; version: number }>(sql, stage === 'route' ? [last, before.toISOString()] : [last]),
      async (rows) => {
        counts[count] += rows.length;
        await queue.add(batched(rows).flatMap((batch) => ticketBatchSpec(stage, batch.map((t) => ({ ticketId: t.id, version: t.version })))).map(tag));
      },
    );
  await tickets(`SELECT id, version FROM "Ticket" WHERE version > "routedVersion" AND id > $1 AND "updatedAt" < $2::timestamp ORDER BY id LIMIT ${PAGE}`, 'route', 'tickets');
  await tickets(`SELECT id, "routedVersion" AS version FROM "Ticket" WHERE "routedVersion" > "pushedVersion" AND id > $1 ORDER BY id LIMIT ${PAGE}`, 'push', 'pushes');
  return counts;
}

/**
 * The re-drive of a starting process. Alone (no other worker connected to the queues before this
 * one started its own), it queues all unfinished work: whatever a crashed predecessor left. With
 * live workers around, work younger than SWEEP_MIN_AGE_MS is theirs in progress (re-queueing it
 * under other batch ids would do it twice), so only older work is queued, as the sweep does (pushes
 * are queued whatever their age: a push is idempotent and cheap); jobs a dead worker held come back
 * through BullMQ's stalled-job check. Young records whose jobs were lost meanwhile wait for the
 * sweep of `lianxin start` (SWEEP_MIN_AGE_MS + SWEEP_SCHEDULE at most).
 */
export function startupRedrive(ctx: AppContext, otherWorkers: number): Promise<Record<string, number>> {
  return redrive(ctx, otherWorkers > 0 ? { olderThanMs: ctx.config.SWEEP_MIN_AGE_MS } : {});
}

function batched<T>(items: T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += DEMAND_BATCH) out.push(items.slice(i, i + DEMAND_BATCH));
  return out;
}

/** Pages through rows in id order: `fetch` gets the last id of the previous page ('' at first). */
async function paged<T extends { id: string }>(fetch: (last: string) => Promise<T[]>, handle: (rows: T[]) => Promise<void>): Promise<void> {
  let last = '';
  for (;;) {
    const rows = await fetch(last);
    if (rows.length === 0) return;
    await handle(rows);
    last = rows[rows.length - 1]!.id;
    if (rows.length < PAGE) return;
  }
}
