import type { AppContext } from '../src/app/context.ts';
import { normaliseRecord } from '../src/pipeline/normalise-record.ts';
import { rawRecordJob } from '../src/queue/job-specs.ts';
import { continueDemand, continueTicketNow } from '../src/queue/continue-work.ts';

/** normalise: RawRecord → Demand (or quarantine; or a status update applied), then the next stage. */
export const normaliseProcessor = (ctx: AppContext) => async (data: unknown) => {
  const { rawRecordId } = rawRecordJob.parse(data);
  const result = await normaliseRecord(ctx, rawRecordId);
  if (result.outcome === 'accepted') await continueDemand(ctx, result.demandId);
  if (result.outcome === 'status' && result.ticketId) await continueTicketNow(ctx, result.ticketId);
};
