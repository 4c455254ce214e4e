import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

/*
 * Crosswalk of a source's own category (the hotline's 诉求分类, a mailbox's 类别…) to ours, from a
 * configurable table (config/category-crosswalk.json; CATEGORY_CROSSWALK_FILE overrides the path).
 * The mapped value is stored beside our category (Demand.sourceCategoryMapped), never instead of
 * it, so analysts can see where the source and the model disagree.
 */

export const DEFAULT_CROSSWALK_FILE = fileURLToPath(new URL('../../config/category-crosswalk.json', import.meta.url));

const table = z.record(z.string().trim().min(1), z.string().trim().min(1));
const crosswalkSchema = z.object({
  $comment: z.string().optional(),
  default: table.default({}),
  sources: z.record(z.string().min(1), table).default({}),
});
export type CrosswalkTable = z.infer<typeof crosswalkSchema>;

const SEPARATORS = /\s*[-/>|｜—＞、]\s*/u;

export class Crosswalk {
  constructor(private readonly table: CrosswalkTable) {}

  static parse(json: unknown): Crosswalk {
    return new Crosswalk(crosswalkSchema.parse(json));
  }

  static async load(path = DEFAULT_CROSSWALK_FILE): Promise<Crosswalk> {
    try {
      return Crosswalk.parse(JSON.parse(await readFile(path, 'utf8')));
    } catch (error) {
      throw new Error(`category crosswalk ${path}: ${(error as Error).message.slice(0, 300)}`);
    }
  }

  /**
   * Our category for a source's category, or null when the table has no entry: the source's own
   * table first, then the default one; the whole value, then its segments (城乡建设-小区管理)
   * from the most specific.
   */
  map(source: string, sourceCategory: string | null | undefined): string | null {
    const value = sourceCategory?.trim();
    if (!value) return null;
    const tables = [this.table.sources[source], this.table.default].filter((t): t is Record<string, string> => t !== undefined);
    const candidates = [value, ...value.split(SEPARATORS).filter((part) => part !== '').reverse()];
    for (const candidate of candidates) {
      for (const t of tables) {
        const mapped = t[candidate];
        if (mapped !== undefined) return mapped;
      }
    }
    return null;
  }
}
