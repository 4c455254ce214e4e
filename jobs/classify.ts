import type { AppContext } from '../src/app/context.ts';
import { classifyDemands } from '../src/pipeline/classify-demand.ts';
import { demandIdsOf } from '../src/queue/job-specs.ts';
import { continueMerge } from '../src/queue/continue-work.ts';

/** classify: category + confidence for a batch of demands, then one merge job for the batch. */
export const classifyProcessor = (ctx: AppContext) => async (data: unknown) => {
  const waiting = await classifyDemands(ctx, demandIdsOf(data));
  await continueMerge(ctx, waiting);
};
