import type { Db } from '../db/database.ts';
import { kleinbergBurst, poissonBurst, type BurstMethod } from './burst-detectors.ts';
import { DAY } from './analytics-query.ts';
import type { DataTable } from './table-export.ts';

export const BASELINE_WEEKS = 8;

export interface RisingIssue {
  category: string;
  region: string;
  current: number;
  baselineMean: number;
  score: number;
  weekly: number[];
}

/**
 * Rising issues: demands per category × region in the 7 days up to asOf against the
 * BASELINE_WEEKS weeks before (weekly buckets ending at asOf). Kleinberg by default
 * (`lianxin eval bursts`: fewer false alarms at the same detection of ≥ 5-demand bursts).
 */
export async function risingIssues(prisma: Db, asOf: Date, method: BurstMethod): Promise<RisingIssue[]> {
  const from = new Date(asOf.getTime() - (BASELINE_WEEKS + 1) * 7 * DAY);
  const rows = await prisma.$queryRaw<Array<{ week: number; category: string | null; district: string | null; n: number }>>`
    SELECT floor(extract(epoch FROM (${asOf}::timestamp - "occurredAt")) / 604800)::int AS week, "category", "district", count(*)::int AS n
    FROM "Demand" WHERE "occurredAt" > ${from} AND "occurredAt" <= ${asOf}
    GROUP BY 1, 2, 3`;
  const buckets = BASELINE_WEEKS + 1;
  const totals = new Array<number>(buckets).fill(0);
  const cells = new Map<string, number[]>();
  for (const r of rows) {
    const index = buckets - 1 - Number(r.week); // week 0 = the last 7 days = last bucket
    if (index < 0 || index >= buckets) continue;
    const key = `${r.category ?? '未分类'}\u0000${r.district ?? '未知区域'}`;
    const counts = cells.get(key) ?? new Array<number>(buckets).fill(0);
    counts[index]! += Number(r.n);
    totals[index]! += Number(r.n);
    cells.set(key, counts);
  }
  const out: RisingIssue[] = [];
  for (const [key, counts] of cells) {
    const result = method === 'poisson' ? poissonBurst(counts) : kleinbergBurst(counts, totals);
    if (!result.burst) continue;
    const [category, region] = key.split('\u0000') as [string, string];
    out.push({ category, region, current: result.current, baselineMean: result.baselineMean, score: result.score, weekly: counts });
  }
  return out.sort((a, b) => b.score - a.score || b.current - a.current);
}

export function risingTable(issues: RisingIssue[], method: BurstMethod): DataTable {
  return {
    name: `rising-${method}`,
    title: '上升问题',
    columns: [
      { key: 'category', label: '分类' }, { key: 'region', label: '区域' }, { key: 'current', label: '近7天' },
      { key: 'baselineMean', label: `前${BASELINE_WEEKS}周周均` }, { key: 'score', label: method === 'poisson' ? 'z 值' : '突发强度' }, { key: 'weekly', label: '每周（旧→新）' },
    ],
    rows: issues.map((i) => ({ category: i.category, region: i.region, current: i.current, baselineMean: i.baselineMean, score: i.score, weekly: i.weekly.join(' ') })),
  };
}
