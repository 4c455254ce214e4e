import { readFile } from 'node:fs/promises';
import { z } from 'zod';

/*
 * The three-level category system (一级/二级/三级分类), read from a JSON file of the form
 * {"tree": {"城乡建设": {"安全生产": ["事故处理", …], …}, …}} (shared/data/taxonomy.json has it).
 * The file is configuration, not code: TAXONOMY_FILE names it.
 */

const taxonomySchema = z.object({
  tree: z.record(z.string().min(1), z.record(z.string().min(1), z.array(z.string().min(1)))),
});

/** First level → second level → third-level names. */
export type TaxonomyTree = Record<string, Record<string, string[]>>;

export function parseTaxonomy(json: unknown): TaxonomyTree {
  return taxonomySchema.parse(json).tree;
}

export async function loadTaxonomy(path: string): Promise<TaxonomyTree> {
  try {
    return parseTaxonomy(JSON.parse(await readFile(path, 'utf8')));
  } catch (error) {
    throw new Error(`taxonomy file ${path}: ${(error as Error).message.slice(0, 300)}`);
  }
}

/** Extra keywords per node, keyed "一级/二级" or "一级/二级/三级" (config/taxonomy-keywords.json). */
const keywordsSchema = z.record(z.string().regex(/^[^/]+\/[^/]+(\/[^/]+)?$/, 'expected "level1/level2" or "level1/level2/level3"'), z.array(z.string().min(1)));
export type TaxonomyKeywords = z.infer<typeof keywordsSchema>;

export async function loadTaxonomyKeywords(path: string): Promise<TaxonomyKeywords> {
  try {
    const json = JSON.parse(await readFile(path, 'utf8')) as Record<string, unknown>;
    delete json.$comment;
    return keywordsSchema.parse(json);
  } catch (error) {
    throw new Error(`taxonomy keywords file ${path}: ${(error as Error).message.slice(0, 300)}`);
  }
}
