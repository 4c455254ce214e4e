import type { AppContext } from '../app/context.ts';
import { classificationAids } from '../classify/classification-aids.ts';
import { recordInlineStage } from '../queue/stage-metrics.ts';

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
  const results = todo.map((d) => classification(ctx, classifier, aids, d));
  const cols = {
    id: todo.map((d) => d.id), category: results.map((r) => r.category), confidence: results.map((r) => r.categoryConfidence),
    category2: results.map((r) => r.category2), category3: results.map((r) => r.category3), subConfidence: results.map((r) => r.subcategoryConfidence),
    review: results.map((r) => r.needsReview), mapped: results.map((r) => r.sourceCategoryMapped),
  };
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

export interface Classification {
  category: string;
  categoryConfidence: number;
  category2: string | null;
  category3: string | null;
  subcategoryConfidence: number | null;
  needsReview: boolean;
  sourceCategoryMapped: string | null;
  classifierVersion: string;
}

type Classifier = AppContext['classifier']['current'];
type Aids = Awaited<ReturnType<typeof classificationAids>>;

/** A demand's classification (pure CPU): what the classify stage writes, and what normalise writes at once for new demands. */
export function classification(ctx: AppContext, classifier: Classifier, aids: Aids, d: { title: string | null; content: string; source: string; sourceCategory: string | null }): Classification {
  const text = `${d.title ?? ''}\n${d.content}`;
  const { category, confidence } = classifier.classify(text);
  const levels = aids.subcategories?.match(text, category);
  return {
    category, categoryConfidence: confidence, category2: levels?.category2 ?? null, category3: levels?.category3 ?? null,
    subcategoryConfidence: levels?.confidence ?? null, needsReview: confidence < ctx.config.REVIEW_CONFIDENCE_THRESHOLD,
    sourceCategoryMapped: aids.crosswalk?.map(d.source, d.sourceCategory) ?? null, classifierVersion: classifier.version,
  };
}

/**
 * The classifications of demands being stored (normalise classifies new demands before their
 * INSERT, so they are stored at stage MERGE and skip a classify job, a read and an UPDATE each).
 */
export async function classifyNew(ctx: AppContext, demands: Array<{ title: string | null; content: string; source: string; sourceCategory: string | null }>): Promise<Classification[]> {
  const aids = await classificationAids(ctx.config, ctx.logger);
  const classifier = ctx.classifier.current;
  const started = performance.now();
  const out = demands.map((d) => classification(ctx, classifier, aids, d));
  recordInlineStage('classify', performance.now() - started);
  return out;
}

/** One demand (re-drive, tests): whether it now waits to merge. */
export async function classifyDemand(ctx: AppContext, demandId: string): Promise<{ next: boolean }> {
  return { next: (await classifyDemands(ctx, [demandId])).length > 0 };
}
