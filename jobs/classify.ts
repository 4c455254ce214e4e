import type { AppContext } from '../src/app/context.ts';
import { classifyDemand } from '../src/pipeline/classify-demand.ts';
import { demandJob, mergeJobSpec } from '../src/queue/job-specs.ts';

/** classify: category + confidence for a demand, then merge. */
export const classifyProcessor = (ctx: AppContext) => async (data: unknown) => {
  const { demandId } = demandJob.parse(data);
  const { next } = await classifyDemand(ctx, demandId);
  if (next) await ctx.queue.add([mergeJobSpec(demandId)]);
};
