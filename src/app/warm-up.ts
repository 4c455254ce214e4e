import { classificationAids } from '../classify/classification-aids.ts';
import { mergeIndex, MERGE_LOCK_KEY, toDoc } from '../merge/merge-index-sync.ts';
import { isNonNameWord, jieba } from '../merge/non-name-words.ts';
import { classification } from '../pipeline/classify-demand.ts';
import { STAGES, type StageName } from '../queue/job-queue.ts';
import type { AppContext } from './context.ts';

/** A demand-like text that goes through every lazily built part of the text code. */
const SAMPLE = { id: 'warm-up', title: '幸福小区门口道路积水', content: '幸福小区东门外的道路每逢下雨就积水严重，居民出行困难，希望有关部门尽快疏通排水管道。', source: '12345', sourceCategory: null };

/**
 * Builds, before a process takes jobs, what the first job of each of its stages would otherwise
 * build inside itself: the classifier's text aids and code paths (normalise, classify), jieba's
 * dictionary, the non-name word list (~1 s) and the merge index caught up with the MergeEvent log
 * (merge). The catch-up takes the merge lock, as a merge job would; a cold start with many open
 * tickets then replays them before this process accepts work, not inside its first job.
 * Best effort: a failure (e.g. the database restarting) is logged and the first job does the work.
 * Returns what it warmed, with the milliseconds each took.
 */
export async function warmUp(ctx: AppContext, stages: readonly StageName[] = STAGES): Promise<Record<string, number>> {
  const took: Record<string, number> = {};
  const time = async (name: string, work: () => unknown) => {
    const started = performance.now();
    try {
      await work();
      took[name] = Math.round(performance.now() - started);
    } catch (error) {
      ctx.logger.warn({ err: (error as Error).message, part: name }, 'warm-up failed; the first job will load it');
    }
  };
  if (stages.includes('normalise') || stages.includes('classify')) {
    await time('classify', async () => classification(ctx, ctx.classifier.current, await classificationAids(ctx.config, ctx.logger), SAMPLE));
  }
  if (stages.includes('merge')) {
    await time('mergeText', () => {
      jieba();
      isNonNameWord('');
      mergeIndex(ctx).engine.profile(toDoc({ ...SAMPLE, occurredAt: new Date(), district: null, category: null, reporterHash: null }));
    });
    await time('mergeIndex', () =>
      ctx.database.transaction(async (query) => {
        await query('SELECT pg_advisory_xact_lock($1::bigint)', [MERGE_LOCK_KEY]);
        await mergeIndex(ctx).catchUp(query);
      }),
    );
  }
  return took;
}
