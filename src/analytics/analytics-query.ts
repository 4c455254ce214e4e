import { z } from 'zod';

const DAY_MS = 86_400_000;
/** China local time (UTC+8, no daylight saving): day and week buckets are local. */
export const LOCAL_OFFSET_MS = 8 * 3_600_000;

export const analyticsQuery = z.object({
  from: z.coerce.date().optional(),
  to: z.coerce.date().optional(),
  /** Reference time for "today", "this week" and rising issues (default now; useful for replayed data). */
  asOf: z.coerce.date().optional(),
  interval: z.enum(['day', 'week']).default('day'),
  by: z.enum(['channel', 'category', 'region']).default('channel'),
  window: z.enum(['today', 'week']).default('week'),
  method: z.enum(['kleinberg', 'poisson']).default('kleinberg'),
  limit: z.coerce.number().int().min(1).max(100).default(10),
  format: z.enum(['json', 'csv', 'xlsx']).default('json'),
});
export type AnalyticsQuery = z.infer<typeof analyticsQuery>;

/** Start of the local day containing t, as a UTC instant. */
export function localDayStart(t: Date): Date {
  const local = t.getTime() + LOCAL_OFFSET_MS;
  return new Date(local - (local % DAY_MS) - LOCAL_OFFSET_MS);
}

export function timeRange(q: AnalyticsQuery): { from: Date; to: Date; asOf: Date } {
  const asOf = q.asOf ?? new Date();
  const to = q.to ?? asOf;
  const from = q.from ?? new Date(localDayStart(to).getTime() - 29 * DAY_MS);
  return { from, to, asOf };
}

export const CHANNEL_LABELS: Record<string, string> = { hotline: '12345热线', mailbox: '领导信箱', 'message-board': '留言板', cppcc: '政协', 'online-opinion': '网络舆情', import: '导入' };
export const DAY = DAY_MS;
