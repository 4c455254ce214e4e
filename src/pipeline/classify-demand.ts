import type { AppContext } from '../app/context.ts';

/** Gives a demand its category and confidence, then moves it on to merging. */
export async function classifyDemand(ctx: AppContext, demandId: string): Promise<{ next: boolean }> {
  const demand = await ctx.prisma.demand.findUnique({ where: { id: demandId }, select: { stage: true, title: true, content: true } });
  if (!demand) return { next: false };
  if (demand.stage !== 'CLASSIFY') return { next: demand.stage === 'MERGE' };
  const { category, confidence } = ctx.classifier.current.classify(`${demand.title ?? ''}\n${demand.content}`);
  await ctx.prisma.demand.updateMany({
    where: { id: demandId, stage: 'CLASSIFY' },
    data: { category, categoryConfidence: confidence, stage: 'MERGE' },
  });
  return { next: true };
}
