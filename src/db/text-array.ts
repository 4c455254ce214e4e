/** PostgreSQL's type OIDs of text and text[]. */
const TEXT_OID = 25;
export const TEXT_ARRAY_OID = 1009;

/**
 * A `text[]` query parameter in PostgreSQL's binary array format (what `array_send` writes:
 * dimensions, a has-nulls flag, the element type, then each element's length and UTF-8 bytes).
 * Bulk statements send their texts as `unnest($n::text[])`; as a JS array, the driver escapes
 * every character into an array literal (node-postgres' `arrayString`, PGlite's array
 * serializer, then PGlite measures the literal's UTF-8 length in a JS loop), which for batches of
 * whole citizen messages costs more than the database's work on them. Here the bytes are
 * measured and written natively, once. node-postgres sends a Buffer parameter in binary format;
 * the embedded database is told to (`pgliteQueryOptions`). The statement must type the
 * parameter as `text[]` (`$n::text[]`): PostgreSQL checks the element type.
 */
export function textArray(values: ReadonlyArray<string | null | undefined>): Buffer {
  let size = 12 + (values.length > 0 ? 8 : 0);
  let nulls = 0;
  for (const v of values) {
    if (v == null) nulls = 1;
    size += 4 + (v == null ? 0 : Buffer.byteLength(v, 'utf8'));
  }
  const out = Buffer.allocUnsafe(size);
  out.writeInt32BE(values.length > 0 ? 1 : 0, 0); // dimensions
  out.writeInt32BE(nulls, 4);
  out.writeInt32BE(TEXT_OID, 8);
  let at = 12;
  if (values.length > 0) {
    out.writeInt32BE(values.length, 12);
    out.writeInt32BE(1, 16); // lower bound
    at = 20;
  }
  for (const v of values) {
    if (v == null) {
      out.writeInt32BE(-1, at);
      at += 4;
      continue;
    }
    const length = out.write(v, at + 4, 'utf8');
    out.writeInt32BE(length, at);
    at += 4 + length;
  }
  return out;
}
