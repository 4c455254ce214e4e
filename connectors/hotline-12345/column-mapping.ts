import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

export const DEFAULT_MAPPING_PATH = fileURLToPath(new URL('./mappings/default-12345.json', import.meta.url));

const column = z.string().trim().min(1);
const DATE_TOKENS = /YYYY|MM|M|DD|D|HH|H|mm|ss/g;

/**
 * A column-mapping file: work-order field → column header of the export, plus options:
 * `sheet` (XLSX sheet name; default the first), `headerRow` (1-based), `dateFormat`
 * (e.g. "YYYY/M/D HH:mm" for acceptTime text; default: ISO-like dates with - / . or 年月日).
 */
export const columnMappingSchema = z
  .object({
    workOrderNo: column,
    acceptTime: column,
    content: column,
    title: column.optional(),
    callerName: column.optional(),
    callerPhone: column.optional(),
    callerIdNumber: column.optional(),
    district: column.optional(),
    street: column.optional(),
    community: column.optional(),
    address: column.optional(),
    category: column.optional(),
    intake: column.optional(),
    sheet: z.string().min(1).nullish(),
    headerRow: z.number().int().min(1).max(1000).default(1),
    dateFormat: z
      .string()
      .refine((f) => f.includes('YYYY') && /M/.test(f) && /D/.test(f), 'dateFormat needs YYYY, M(M) and D(D)')
      .nullish(),
  })
  .strict();

export type ColumnMapping = z.infer<typeof columnMappingSchema>;

export const WORK_ORDER_FIELDS = ['workOrderNo', 'acceptTime', 'title', 'content', 'callerName', 'callerPhone', 'callerIdNumber', 'district', 'street', 'community', 'address', 'category', 'intake'] as const;

export async function loadColumnMapping(path = DEFAULT_MAPPING_PATH): Promise<ColumnMapping> {
  const json: unknown = JSON.parse(await readFile(path, 'utf8'));
  const result = columnMappingSchema.safeParse(json);
  if (!result.success) throw new Error(`column mapping ${path}: ${result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  return result.data;
}

/** A date-time reader for acceptTime text: returns "YYYY-MM-DD HH:mm:ss" (China time) or undefined. */
export function dateReader(format: string | null | undefined): (text: string) => string | undefined {
  const pattern = format
    ? new RegExp(`^${format.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&').replace(DATE_TOKENS, (t) => `(?<${tokenGroup(t)}>\\d{${t.length === 1 ? '1,2' : t.length}})`)}$`)
    : /^(?<Y>\d{4})[-/.年](?<M>\d{1,2})[-/.月](?<D>\d{1,2})日?(?:[ T]+(?<h>\d{1,2}):(?<m>\d{1,2})(?::(?<s>\d{1,2}))?)?$/;
  return (text) => {
    const g = pattern.exec(text.trim())?.groups;
    if (!g) return undefined;
    const two = (v: string | undefined) => (v ?? '0').padStart(2, '0');
    return `${g.Y}-${two(g.M)}-${two(g.D)} ${two(g.h)}:${two(g.m)}:${two(g.s)}`;
  };
}

function tokenGroup(token: string): string {
  return { YYYY: 'Y', MM: 'M', M: 'M', DD: 'D', D: 'D', HH: 'h', H: 'h', mm: 'm', ss: 's' }[token]!;
}
