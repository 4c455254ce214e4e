import { z } from 'zod';

const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?)?(Z|[+-]\d{2}:?\d{2})?$/;

/** True when the calendar date and time-of-day written in an ISO string exist (no 2026-02-30, no 25:00). */
export function isRealIsoDate(value: string): boolean {
  const m = ISO.exec(value.trim());
  if (!m) return false;
  const [y, mo, d, h = '0', mi = '0', s = '0'] = m.slice(1).map((v) => v ?? undefined) as string[];
  const date = new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d)));
  return date.getUTCFullYear() === Number(y) && date.getUTCMonth() === Number(mo) - 1 && date.getUTCDate() === Number(d) && Number(h) < 24 && Number(mi) < 60 && Number(s) < 60;
}

/**
 * A date-time field from outside: an ISO 8601 string (time zone optional; none means
 * China time, as the sources write local time) or a Date. Impossible dates are refused.
 */
export const strictDate = z
  .union([z.date(), z.string().trim()])
  .superRefine((value, ctx) => {
    if (value instanceof Date ? Number.isNaN(value.getTime()) : !isRealIsoDate(value)) {
      ctx.addIssue({ code: 'custom', message: 'expected an existing ISO 8601 date-time, e.g. 2026-11-20T08:00:00+08:00' });
    }
  })
  .transform((value) => {
    if (value instanceof Date) return value;
    const normalised = value.includes('T') || value.includes(' ') ? value.replace(' ', 'T') : `${value}T00:00:00`;
    return new Date(/(Z|[+-]\d{2}:?\d{2})$/.test(normalised) ? normalised : `${normalised}+08:00`);
  });
