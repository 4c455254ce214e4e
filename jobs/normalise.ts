import type { AppContext } from '../src/app/context.ts';
import { normaliseRecord } from '../src/pipeline/normalise-record.ts';
import { normaliseRecords } from '../src/pipeline/normalise-records.ts';
import { normaliseJob, normaliseJobSpec } from '../src/queue/job-specs.ts';
import { continueAccepted, continueDemand, continueTicketNow } from '../src/queue/continue-work.ts';

/** normalise: RawRecord(s) → Demand (or quarantine; or a status update applied), then the next stage. */
export const normaliseProcessor = (ctx: AppContext) => async (data: unknown) => {
  const job = normaliseJob.parse(data);
  if ('rawRecordIds' in job) {
    const batch = await normaliseRecords(ctx, job.rawRecordIds);
    await continueAccepted(ctx, batch.accepted);
    if (batch.statusRecords.length > 0) await ctx.queue.add(batch.statusRecords.map(normaliseJobSpec));
    return;
  }
  const result = await normaliseRecord(ctx, job.rawRecordId);
  if (result.outcome === 'accepted') await continueDemand(ctx, result.demandId);
  if (result.outcome === 'status' && result.ticketId) await continueTicketNow(ctx, result.ticketId);
};
