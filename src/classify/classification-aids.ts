import type { Config } from '../config.ts';
import type { Logger } from '../logger.ts';
import { Crosswalk } from './crosswalk.ts';
import { SubcategoryMatcher } from './subcategory.ts';
import { loadTaxonomy, loadTaxonomyKeywords } from './taxonomy.ts';
import { fileURLToPath } from 'node:url';

/*
 * The configured helpers of the classify stage besides the model: the second/third-level matcher
 * (TAXONOMY_FILE, TAXONOMY_KEYWORDS_FILE) and the source-category crosswalk
 * (CATEGORY_CROSSWALK_FILE). Loaded once per configuration; a file that cannot be read is
 * logged and that helper left out, so a bad file never stops classification.
 */

export const DEFAULT_TAXONOMY_KEYWORDS_FILE = fileURLToPath(new URL('../../config/taxonomy-keywords.json', import.meta.url));

export interface ClassificationAids {
  subcategories?: SubcategoryMatcher;
  crosswalk?: Crosswalk;
}

const loaded = new WeakMap<Config, Promise<ClassificationAids>>();

export function classificationAids(config: Config, logger?: Logger): Promise<ClassificationAids> {
  let aids = loaded.get(config);
  if (!aids) {
    aids = loadAids(config, logger);
    loaded.set(config, aids);
  }
  return aids;
}

async function loadAids(config: Config, logger?: Logger): Promise<ClassificationAids> {
  const aids: ClassificationAids = {};
  const warn = (error: unknown) => logger?.warn({ err: (error as Error).message }, 'classification helper not loaded');
  if (config.TAXONOMY_FILE) {
    try {
      const tree = await loadTaxonomy(config.TAXONOMY_FILE);
      const keywords = await loadTaxonomyKeywords(config.TAXONOMY_KEYWORDS_FILE ?? DEFAULT_TAXONOMY_KEYWORDS_FILE).catch((error: unknown) => {
        warn(error);
        return {};
      });
      aids.subcategories = new SubcategoryMatcher(tree, keywords);
    } catch (error) {
      warn(error);
    }
  }
  try {
    aids.crosswalk = await Crosswalk.load(config.CATEGORY_CROSSWALK_FILE);
  } catch (error) {
    warn(error);
  }
  return aids;
}
