import { z } from 'zod';
import { InboxState } from '../generated/prisma/enums.ts';
import type { Prisma } from '../generated/prisma/client.ts';
import { strictDate } from '../ingest/date-field.ts';

const text = z.string().trim().min(1).max(50);

/** Exclusive upper bound: a date without time includes that whole day. */
const endBound = z
  .string()
  .trim()
  .transform((v, ctx) => {
    const parsed = strictDate.safeParse(v);
    if (!parsed.success) {
      ctx.addIssue({ code: 'custom', message: 'expected an existing ISO 8601 date or date-time' });
      return z.NEVER;
    }
    return new Date(parsed.data.getTime() + (/^\d{4}-\d{2}-\d{2}$/.test(v) ? 24 * 3600_000 : 1));
  });

/** Filters and paging of the inbox list (query string). */
export const inboxListQuery = z.object({
  state: z.enum(Object.values(InboxState) as [InboxState, ...InboxState[]]).optional(),
  category: text.optional(),
  region: text.optional(),
  minHeat: z.coerce.number().min(0).optional(),
  /** Pushed at or after / before (ISO date or date-time). */
  from: strictDate.optional(),
  to: endBound.optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});

export type InboxListQuery = z.infer<typeof inboxListQuery>;

/** The Prisma filter of a member's visible (pushed) items with the list filters applied. */
export function inboxWhere(memberId: string, q: InboxListQuery): Prisma.InboxItemWhereInput {
  const ticket: Prisma.TicketWhereInput = {
    ...(q.category ? { category: q.category } : {}),
    ...(q.region ? { district: q.region } : {}),
    ...(q.minHeat !== undefined ? { heat: { gte: q.minHeat } } : {}),
  };
  return {
    memberId,
    pushedAt: { not: null, ...(q.from ? { gte: q.from } : {}), ...(q.to ? { lt: q.to } : {}) },
    ...(q.state ? { state: q.state } : {}),
    ...(Object.keys(ticket).length > 0 ? { ticket } : {}),
  };
}
