import type { AppContext } from '../src/app/context.ts';
import { MERGE_COALESCE, mergeDemands } from '../src/pipeline/merge-demand.ts';
import { demandIdsOf } from '../src/queue/job-specs.ts';
import { continueRouted, continueTickets } from '../src/queue/continue-work.ts';

/** merge: each demand of the batch joins or opens a ticket, then the tickets are routed. */
export const mergeProcessor = (ctx: AppContext) => async (data: unknown) => {
  const demandIds = demandIdsOf(data);
  const { results, tickets } = await mergeDemands(ctx, demandIds, { coalesceUpTo: MERGE_COALESCE });
  await continueTickets(ctx, tickets);
  // merged by an earlier delivery of this job: continue from the database
  const earlier = demandIds.filter((id) => !results.has(id));
  if (earlier.length > 0) await continueRouted(ctx, earlier);
};
