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
 * normalised, demands short of DONE, tickets not routed at their current version, inbox
 * items not yet pushed. Run at start (so a restart loses nothing) and by the sweep.
 */
export async function redrive(ctx: AppContext, options: RedriveOptions = {}): Promise<Record<string, number>> {
  const before = new Date(Date.now() - (options.olderThanMs ?? 0));
  const tag = (spec: JobSpec): JobSpec => (options.tag ? { ...spec, jobId: `${spec.jobId}-${options.tag}` } : spec);
  const counts = { records: 0, demands: 0, tickets: 0, pushes: 0 };
  const { prisma, queue } = ctx;

  await paged((cursor) => prisma.rawRecord.findMany({ where: { state: 'RECEIVED', receivedAt: { lt: before }, ...cursor }, select: { id: true }, orderBy: { id: 'asc' }, take: PAGE }), async (rows) => {
    counts.records += rows.length;
    await queue.add(normaliseJobSpecs(rows.map((r) => r.id)).map(tag));
  });
  await paged((cursor) => prisma.demand.findMany({ where: { stage: { in: ['CLASSIFY', 'MERGE'] }, receivedAt: { lt: before }, ...cursor }, select: { id: true, stage: true }, orderBy: { id: 'asc' }, take: PAGE }), async (rows) => {
    counts.demands += rows.length;
    for (const stage of ['CLASSIFY', 'MERGE'] as const) {
      const ids = rows.filter((d) => d.stage === stage).map((d) => d.id);
      await queue.add(batched(ids).flatMap((batch) => demandBatchSpec(stage === 'CLASSIFY' ? 'classify' : 'merge', batch)).map(tag));
    }
  });
  const unrouted = await prisma.$queryRaw<Array<{ id: string; version: number }>>`
    SELECT id, version FROM "Ticket" WHERE version > "routedVersion" AND "updatedAt" < ${before}`;
  counts.tickets = unrouted.length;
  await queue.add(batched(unrouted).flatMap((batch) => ticketBatchSpec('route', batch.map((t) => ({ ticketId: t.id, version: t.version })))).map(tag));
  const unpushed = await prisma.$queryRaw<Array<{ id: string; version: number }>>`
    SELECT DISTINCT t.id, t.version FROM "InboxItem" i JOIN "Ticket" t ON t.id = i."ticketId"
    WHERE i."pushedAt" IS NULL OR i."pushedVersion" < t.version`;
  counts.pushes = unpushed.length;
  await queue.add(batched(unpushed).flatMap((batch) => ticketBatchSpec('push', batch.map((t) => ({ ticketId: t.id, version: t.version })))).map(tag));
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

async function paged<T extends { id: string }>(fetch: (cursor: { id?: { gt: string } }) => Promise<T[]>, handle: (rows: T[]) => Promise<void>): Promise<void> {
  let last: string | undefined;
  for (;;) {
    const rows = await fetch(last ? { id: { gt: last } } : {});
    if (rows.length === 0) return;
    await handle(rows);
    last = rows[rows.length - 1]!.id;
    if (rows.length < PAGE) return;
  }
}
