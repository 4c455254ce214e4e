import { z } from 'zod';
import type { JobSpec } from './job-queue.ts';

/** Job payloads (parsed with zod by each processor) and their deterministic ids. */
export const rawRecordJob = z.object({ rawRecordId: z.string().min(1) });
export const demandJob = z.object({ demandId: z.string().min(1) });
export const ticketJob = z.object({ ticketId: z.string().min(1), version: z.number().int().nonnegative() });
export const sweepJob = z.object({ at: z.string().optional() });

export const normaliseJobSpec = (rawRecordId: string): JobSpec => ({ stage: 'normalise', jobId: `n-${rawRecordId}`, data: { rawRecordId } });
export const classifyJobSpec = (demandId: string): JobSpec => ({ stage: 'classify', jobId: `c-${demandId}`, data: { demandId } });
export const mergeJobSpec = (demandId: string): JobSpec => ({ stage: 'merge', jobId: `m-${demandId}`, data: { demandId } });
export const routeJobSpec = (ticketId: string, version: number): JobSpec => ({ stage: 'route', jobId: `r-${ticketId}-v${version}`, data: { ticketId, version } });
export const pushJobSpec = (ticketId: string, version: number): JobSpec => ({ stage: 'push', jobId: `p-${ticketId}-v${version}`, data: { ticketId, version } });
export const statusSyncJobSpec = (at: Date): JobSpec => ({ stage: 'status-sync', jobId: `s-${at.getTime()}`, data: { at: at.toISOString() } });
