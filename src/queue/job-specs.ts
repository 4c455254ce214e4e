import { z } from 'zod';
import type { JobSpec } from './job-queue.ts';

/** Job payloads (parsed with zod by each processor) and their deterministic ids. */
export const rawRecordJob = z.object({ rawRecordId: z.string().min(1) });
/** Several records per normalise job: one job, a few statements, for up to NORMALISE_BATCH records. */
export const rawRecordsJob = z.object({ rawRecordIds: z.array(z.string().min(1)).min(1) });
export const normaliseJob = z.union([rawRecordJob, rawRecordsJob]);
export const NORMALISE_BATCH = 50;
export const demandJob = z.object({ demandId: z.string().min(1) });
export const ticketJob = z.object({ ticketId: z.string().min(1), version: z.number().int().nonnegative() });
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
export const statusSyncJobSpec = (at: Date): JobSpec => ({ stage: 'status-sync', jobId: `s-${at.getTime()}`, data: { at: at.toISOString() } });
