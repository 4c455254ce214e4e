import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { JobSpec } from './job-queue.ts';

/** Job payloads (parsed with zod by each processor) and their deterministic ids. */
export const rawRecordJob = z.object({ rawRecordId: z.string().min(1) });
/** Several records per normalise job: one job, a few statements, for up to NORMALISE_BATCH records. */
export const rawRecordsJob = z.object({ rawRecordIds: z.array(z.string().min(1)).min(1) });
export const normaliseJob = z.union([rawRecordJob, rawRecordsJob]);
export const NORMALISE_BATCH = 50;
export const demandJob = z.object({ demandId: z.string().min(1) });
/** Several demands per classify/merge job: the accepted demands of one normalise batch. */
export const demandsJob = z.union([demandJob, z.object({ demandIds: z.array(z.string().min(1)).min(1) })]);
/** The demand ids of a demandsJob payload. */
export const demandIdsOf = (data: unknown): string[] => {
  const job = demandsJob.parse(data);
  return 'demandIds' in job ? job.demandIds : [job.demandId];
};
export const ticketJob = z.object({ ticketId: z.string().min(1), version: z.number().int().nonnegative() });
/** Several tickets per route/push job (the tickets one merge batch touched). */
export const ticketsJob = z.union([ticketJob, z.object({ tickets: z.array(ticketJob).min(1) })]);
export type TicketVersion = z.infer<typeof ticketJob>;
export const ticketsOf = (job: z.infer<typeof ticketsJob>): TicketVersion[] => ('tickets' in job ? job.tickets : [{ ticketId: job.ticketId, version: job.version }]);
export const sweepJob = z.object({ at: z.string().optional() });

export const normaliseJobSpec = (rawRecordId: string): JobSpec => ({ stage: 'normalise', jobId: `n-${rawRecordId}`, data: { rawRecordId } });
/** Records in batches of NORMALISE_BATCH (ids in order; the id range names the job). */
export function normaliseJobSpecs(rawRecordIds: string[], size = NORMALISE_BATCH): JobSpec[] {
  const specs: JobSpec[] = [];
  for (let i = 0; i < rawRecordIds.length; i += size) {
    const ids = rawRecordIds.slice(i, i + size);
    specs.push(ids.length === 1 ? normaliseJobSpec(ids[0]!) : { stage: 'normalise', jobId: `nb-${ids[0]}-${ids[ids.length - 1]}-${ids.length}`, data: { rawRecordIds: ids } });
  }
  return specs;
}
export const classifyJobSpec = (demandId: string): JobSpec => ({ stage: 'classify', jobId: `c-${demandId}`, data: { demandId } });
export const mergeJobSpec = (demandId: string): JobSpec => ({ stage: 'merge', jobId: `m-${demandId}`, data: { demandId } });
export const routeJobSpec = (ticketId: string, version: number): JobSpec => ({ stage: 'route', jobId: `r-${ticketId}-v${version}`, data: { ticketId, version } });
export const pushJobSpec = (ticketId: string, version: number): JobSpec => ({ stage: 'push', jobId: `p-${ticketId}-v${version}`, data: { ticketId, version } });

/** Content-derived id of a batch job: the same batch queued twice is one job. */
const batchId = (prefix: string, keys: string[]): string => `${prefix}-${keys.length}-${createHash('sha1').update(keys.join(',')).digest('hex').slice(0, 20)}`;
/** Classify or merge jobs for demands, one per batch (a single demand keeps its single-demand job id). */
export function demandBatchSpec(stage: 'classify' | 'merge', demandIds: string[]): JobSpec[] {
  if (demandIds.length === 0) return [];
  if (demandIds.length === 1) return [stage === 'classify' ? classifyJobSpec(demandIds[0]!) : mergeJobSpec(demandIds[0]!)];
  return [{ stage, jobId: batchId(stage === 'classify' ? 'cb' : 'mb', demandIds), data: { demandIds } }];
}
/** Route or push jobs for tickets at versions, one per batch. */
export function ticketBatchSpec(stage: 'route' | 'push', tickets: TicketVersion[]): JobSpec[] {
  if (tickets.length === 0) return [];
  if (tickets.length === 1) return [stage === 'route' ? routeJobSpec(tickets[0]!.ticketId, tickets[0]!.version) : pushJobSpec(tickets[0]!.ticketId, tickets[0]!.version)];
  return [{ stage, jobId: batchId(stage === 'route' ? 'rb' : 'pb', tickets.map((t) => `${t.ticketId}@${t.version}`)), data: { tickets } }];
}
export const statusSyncJobSpec = (at: Date): JobSpec => ({ stage: 'status-sync', jobId: `s-${at.getTime()}`, data: { at: at.toISOString() } });
