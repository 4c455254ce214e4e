import type { AppContext } from '../app/context.ts';
import { classificationAids } from '../classify/classification-aids.ts';

/**
 * Gives demands their category with a calibrated confidence, the second/third level where the
 * text shows it, the source's own category mapped through the crosswalk (kept beside ours), and
 * a place in the review queue when the confidence is below REVIEW_CONFIDENCE_THRESHOLD; then
 * moves them on to merging. A batch costs two statements: one read, one UPDATE … FROM unnest.
 * Idempotent: only demands still at CLASSIFY change. Returns the ids now waiting to merge.
 */
export async function classifyDemands(ctx: AppContext, demandIds: string[]): Promise<string[]> {
  const rows = await ctx.database.query<{ id: string; stage: string; title: string | null; content: string; source: string; sourceCategory: string | null }>(
    `SELECT id, stage::text AS stage, title, content, source, "sourceCategory" FROM "Demand" WHERE id = ANY($1::text[])`,
    [demandIds],
  );
  const classifier = ctx.classifier.current;
  const aids = await classificationAids(ctx.config, ctx.logger);
  const todo = rows.filter((d) => d.stage === 'CLASSIFY');
  const cols = { id: [] as string[], category: [] as string[], confidence: [] as number[], category2: [] as Array<string | null>, category3: [] as Array<string | null>, subConfidence: [] as Array<number | null>, review: [] as boolean[], mapped: [] as Array<string | null> };
  for (const d of todo) {
    const text = `${d.title ?? ''}\n${d.content}`;
    const { category, confidence } = classifier.classify(text);
    const levels = aids.subcategories?.match(text, category);
    cols.id.push(d.id);
    cols.category.push(category);
    cols.confidence.push(confidence);
    cols.category2.push(levels?.category2 ?? null);
    cols.category3.push(levels?.category3 ?? null);
    cols.subConfidence.push(levels?.confidence ?? null);
    cols.review.push(confidence < ctx.config.REVIEW_CONFIDENCE_THRESHOLD);
    cols.mapped.push(aids.crosswalk?.map(d.source, d.sourceCategory) ?? null);
  }
  let moved: string[] = [];
  if (todo.length > 0) {
    const updated = await ctx.database.query<{ id: string }>(
      `UPDATE "Demand" d SET category = u.category, "categoryConfidence" = u.confidence, category2 = u.category2,
         category3 = u.category3, "subcategoryConfidence" = u.sub, "classifierVersion" = $9, "needsReview" = u.review,
         "sourceCategoryMapped" = u.mapped, stage = 'MERGE'
       FROM unnest($1::text[], $2::text[], $3::float8[], $4::text[], $5::text[], $6::float8[], $7::boolean[], $8::text[])
         AS u(id, category, confidence, category2, category3, sub, review, mapped)
       WHERE d.id = u.id AND d.stage = 'CLASSIFY' RETURNING d.id`,
      [cols.id, cols.category, cols.confidence, cols.category2, cols.category3, cols.subConfidence, cols.review, cols.mapped, classifier.version],
    );
    moved = updated.map((r) => r.id);
  }
  const waiting = new Set([...moved, ...rows.filter((d) => d.stage === 'MERGE').map((d) => d.id)]);
  return demandIds.filter((id) => waiting.has(id));
}

/** One demand (re-drive, tests): whether it now waits to merge. */
export async function classifyDemand(ctx: AppContext, demandId: string): Promise<{ next: boolean }> {
  return { next: (await classifyDemands(ctx, [demandId])).length > 0 };
}
