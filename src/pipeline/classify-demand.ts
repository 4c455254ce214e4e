import type { AppContext } from '../app/context.ts';
import { classificationAids } from '../classify/classification-aids.ts';

/**
 * Gives a demand its category with a calibrated confidence, the second/third level where the
 * text shows it, the source's own category mapped through the crosswalk (kept beside ours), and
 * a place in the review queue when the confidence is below REVIEW_CONFIDENCE_THRESHOLD; then
 * moves it on to merging.
 */
export async function classifyDemand(ctx: AppContext, demandId: string): Promise<{ next: boolean }> {
  const demand = await ctx.prisma.demand.findUnique({
    where: { id: demandId },
    select: { stage: true, title: true, content: true, source: true, sourceCategory: true },
  });
  if (!demand) return { next: false };
  if (demand.stage !== 'CLASSIFY') return { next: demand.stage === 'MERGE' };
  const text = `${demand.title ?? ''}\n${demand.content}`;
  const classifier = ctx.classifier.current;
  const { category, confidence } = classifier.classify(text);
  const aids = await classificationAids(ctx.config, ctx.logger);
  const levels = aids.subcategories?.match(text, category);
  await ctx.prisma.demand.updateMany({
    where: { id: demandId, stage: 'CLASSIFY' },
    data: {
      category,
      categoryConfidence: confidence,
      category2: levels?.category2 ?? null,
      category3: levels?.category3 ?? null,
      subcategoryConfidence: levels?.confidence ?? null,
      classifierVersion: classifier.version,
      needsReview: confidence < ctx.config.REVIEW_CONFIDENCE_THRESHOLD,
      sourceCategoryMapped: aids.crosswalk?.map(demand.source, demand.sourceCategory) ?? null,
      stage: 'MERGE',
    },
  });
  return { next: true };
}
