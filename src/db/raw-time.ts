/**
 * Timestamps in raw SQL reads. The columns are `timestamp` (without time zone) holding UTC, as
 * Prisma writes them; `pg` would parse such a value in the Node process's local time zone, so raw
 * reads select epoch milliseconds instead and turn them into Dates here.
 */

/** `(extract(epoch FROM "col") * 1000)::float8 AS "alias"` for a select list. */
export function epochMsColumn(column: string, alias: string = column): string {
  return `(extract(epoch FROM "${column}") * 1000)::float8 AS "${alias}"`;
}

/** The Date of an epoch-milliseconds value read by `epochMsColumn` (null stays null). */
export function fromEpochMs(ms: number | string | null): Date | null {
  return ms === null ? null : new Date(Number(ms));
}
