import type { AppContext } from '../src/app/context.ts';
import { mergeDemand } from '../src/pipeline/merge-demand.ts';
import { demandJob } from '../src/queue/job-specs.ts';
import { continueDemand } from '../src/queue/continue-work.ts';

/** merge: the demand joins or opens a ticket, then the ticket is routed. */
export const mergeProcessor = (ctx: AppContext) => async (data: unknown) => {
  const { demandId } = demandJob.parse(data);
  await mergeDemand(ctx, demandId);
  await continueDemand(ctx, demandId);
};
