/** PostgreSQL's type OIDs of text and text[]. */
const TEXT_OID = 25;
export const TEXT_ARRAY_OID = 1009;

/**
 * A `text[]` value in PostgreSQL's binary array format (what `array_send` writes: dimensions, a
 * has-nulls flag, the element type, then each element's length and UTF-8 bytes). The embedded
 * database binds every `text[]` parameter through this (`database.ts`): PGlite's own path escapes
 * each character into an array literal in JavaScript and then measures the literal's UTF-8 length
 * in a JavaScript loop, twice — for the bulk statements' batches of whole citizen messages, more
 * work than the database's. Here each element is encoded natively, once, into a buffer sized for
 * the worst case (3 bytes per UTF-16 unit). (node-postgres's literal is cheaper than this for
 * PostgreSQL, which keeps it.)
 */
export function textArray(values: ReadonlyArray<string | null | undefined>): Buffer {
  if (values.length === 0) {
    const empty = Buffer.alloc(12);
    empty.writeInt32BE(TEXT_OID, 8); // no dimensions, no nulls
    return empty;
  }
  let upper = 20;
  for (const v of values) upper += 4 + (v == null ? 0 : v.length * 3);
  const out = Buffer.allocUnsafe(upper);
  let nulls = 0;
  let at = 20;
  for (const v of values) {
    if (v == null) {
      nulls = 1;
      out.writeInt32BE(-1, at);
      at += 4;
      continue;
    }
    const length = out.write(v, at + 4, 'utf8');
    out.writeInt32BE(length, at);
    at += 4 + length;
  }
  out.writeInt32BE(1, 0); // dimensions
  out.writeInt32BE(nulls, 4);
  out.writeInt32BE(TEXT_OID, 8);
  out.writeInt32BE(values.length, 12);
  out.writeInt32BE(1, 16); // lower bound
  return out.subarray(0, at);
}

/** Whether `value` is a one-dimensional array `textArray` can send (strings and nulls). */
export function isTextList(value: unknown): value is Array<string | null | undefined> {
  if (!Array.isArray(value)) return false;
  for (const v of value) if (v != null && typeof v !== 'string') return false;
  return true;
}
