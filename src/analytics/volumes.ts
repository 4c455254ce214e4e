import { Prisma } from '../generated/prisma/client.ts';
import type { Db } from '../db/database.ts';
import { CHANNEL_LABELS, type AnalyticsQuery } from './analytics-query.ts';
import type { DataTable } from './table-export.ts';

const DIMENSIONS = {
  channel: { column: Prisma.raw('"channel"'), label: '渠道' },
  category: { column: Prisma.raw('"category"'), label: '分类' },
  region: { column: Prisma.raw('"district"'), label: '区域' },
} as const;

/** Demands per local day or week and per channel, category or region (aggregates only, no personal data). */
export async function volumes(prisma: Db, q: Pick<AnalyticsQuery, 'by' | 'interval'>, from: Date, to: Date): Promise<DataTable & { series: Array<{ key: string; label: string; counts: number[] }>; buckets: string[] }> {
  const dim = DIMENSIONS[q.by];
  const unit = Prisma.raw(q.interval === 'week' ? "'week'" : "'day'");
  const rows = await prisma.$queryRaw<Array<{ bucket: string; key: string | null; n: number }>>`
    SELECT to_char(date_trunc(${unit}, "occurredAt" + interval '8 hours'), 'YYYY-MM-DD') AS bucket, ${dim.column} AS key, count(*)::int AS n
    FROM "Demand" WHERE "occurredAt" >= ${from} AND "occurredAt" < ${to}
    GROUP BY 1, 2 ORDER BY 1, 2`;
  const buckets = allBuckets(from, to, q.interval, rows.map((r) => r.bucket));
  const keys = [...new Set(rows.map((r) => r.key ?? '未知'))];
  const totals = new Map<string, number>();
  for (const r of rows) totals.set(r.key ?? '未知', (totals.get(r.key ?? '未知') ?? 0) + Number(r.n));
  keys.sort((a, b) => totals.get(b)! - totals.get(a)!);
  const label = (key: string) => (q.by === 'channel' ? (CHANNEL_LABELS[key] ?? key) : key);
  const series = keys.map((key) => ({ key, label: label(key), counts: buckets.map((b) => Number(rows.find((r) => r.bucket === b && (r.key ?? '未知') === key)?.n ?? 0)) }));
  return {
    name: `volumes-${q.by}`,
    title: `诉求量-按${dim.label}`,
    columns: [{ key: 'bucket', label: q.interval === 'week' ? '周（起始日）' : '日期' }, ...series.map((s) => ({ key: s.key, label: s.label })), { key: 'total', label: '合计' }],
    rows: buckets.map((bucket, i) => ({ bucket, ...Object.fromEntries(series.map((s) => [s.key, s.counts[i]!])), total: series.reduce((sum, s) => sum + s.counts[i]!, 0) })),
    series,
    buckets,
  };
}

/** Every local day (or Monday-started week) from `from` to `to`, so quiet periods show as zero; at most 400 buckets. */
function allBuckets(from: Date, to: Date, interval: 'day' | 'week', seen: string[]): string[] {
  const out = new Set(seen);
  const day = 86_400_000;
  const local = (t: number) => new Date(t + 8 * 3_600_000);
  let t = local(from.getTime());
  t = new Date(Date.UTC(t.getUTCFullYear(), t.getUTCMonth(), t.getUTCDate()));
  if (interval === 'week') t = new Date(t.getTime() - ((t.getUTCDay() + 6) % 7) * day);
  const end = local(to.getTime()).getTime();
  for (let n = 0; t.getTime() <= end && n < 400; n++) {
    out.add(t.toISOString().slice(0, 10));
    t = new Date(t.getTime() + (interval === 'week' ? 7 : 1) * day);
  }
  return [...out].sort();
}
