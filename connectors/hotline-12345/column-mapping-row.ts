import { demandInputSchema } from '../../src/ingest/demand-input.ts';
import { describeError } from '../../src/ingest/record-formats.ts';
import { WORK_ORDER_FIELDS, type ColumnMapping } from './column-mapping.ts';
import { workOrderSchema, workOrderToDemand } from './work-order.ts';

export type MappedRow = { order: Record<string, string>; error?: string };

const pad = (n: number) => String(n).padStart(2, '0');

/** Spreadsheet dates carry the wall-clock time in their UTC fields (no zone in XLSX). */
function wallClock(date: Date): string | undefined {
  if (Number.isNaN(date.getTime())) return undefined;
  return `${date.getUTCFullYear()}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())} ${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())}`;
}

/** A cell value (CSV text or exceljs value: rich text, hyperlink, formula…) as trimmed text. */
export function cellText(value: unknown): string | undefined {
  if (value === null || value === undefined) return undefined;
  if (value instanceof Date) return wallClock(value);
  if (typeof value === 'object') {
    const v = value as { richText?: Array<{ text: string }>; text?: unknown; result?: unknown };
    if (Array.isArray(v.richText)) return cellText(v.richText.map((r) => r.text).join(''));
    if ('result' in v) return cellText(v.result);
    return 'text' in v ? cellText(v.text) : undefined;
  }
  const text = String(value).trim();
  return text === '' ? undefined : text;
}

/** Mapped columns that a header lacks: required ones stop the import, others are reported. */
export function missingColumns(mapping: ColumnMapping, header: string[]): { required: string[]; optional: string[] } {
  const names = new Set(header.map((h) => h.trim()));
  const missing = WORK_ORDER_FIELDS.filter((f) => mapping[f] && !names.has(mapping[f]));
  const isRequired = (f: string) => f === 'workOrderNo' || f === 'acceptTime' || f === 'content';
  return { required: missing.filter(isRequired).map((f) => mapping[f]!), optional: missing.filter((f) => !isRequired(f)).map((f) => mapping[f]!) };
}

/**
 * One export row (header → cell) → a 12345 work order, checked as the pipeline will check
 * it (work-order schema, then the canonical demand); `error` holds the reason when not.
 */
export function mapRow(cells: Record<string, unknown>, mapping: ColumnMapping, readDate: (text: string) => string | undefined): MappedRow {
  const order: Record<string, string> = {};
  for (const field of WORK_ORDER_FIELDS) {
    const name = mapping[field];
    const text = name ? cellText(cells[name]) : undefined;
    if (text !== undefined) order[field] = text;
  }
  const rawTime = cells[mapping.acceptTime];
  if (order.acceptTime !== undefined && !(rawTime instanceof Date)) {
    const time = readDate(order.acceptTime);
    if (!time) return { order, error: `acceptTime: "${order.acceptTime.slice(0, 40)}" does not match the date format ${mapping.dateFormat ?? 'YYYY-MM-DD HH:mm:ss'}` };
    order.acceptTime = time;
  }
  const parsed = workOrderSchema.safeParse(order);
  const demand = parsed.success ? demandInputSchema.safeParse(workOrderToDemand(parsed.data)) : parsed;
  return demand.success ? { order } : { order, error: describeError(demand.error) };
}
