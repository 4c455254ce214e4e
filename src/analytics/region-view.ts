import type { Db } from '../db/database.ts';
import type { DataTable } from './table-export.ts';

/** Per region: demands, tickets, the leading category and the open tickets, in a time range. */
export async function regionView(prisma: Db, from: Date, to: Date): Promise<DataTable> {
  const rows = await prisma.$queryRaw<Array<{ district: string | null; category: string | null; demands: number; tickets: number }>>`
    SELECT "district", "category", count(*)::int AS demands, count(DISTINCT "ticketId")::int AS tickets
    FROM "Demand" WHERE "occurredAt" >= ${from} AND "occurredAt" < ${to}
    GROUP BY 1, 2`;
  const byRegion = new Map<string, { demands: number; tickets: number; categories: Array<[string, number]> }>();
  for (const r of rows) {
    const key = r.district ?? '未知区域';
    const entry = byRegion.get(key) ?? { demands: 0, tickets: 0, categories: [] };
    entry.demands += Number(r.demands);
    entry.tickets += Number(r.tickets);
    entry.categories.push([r.category ?? '未分类', Number(r.demands)]);
    byRegion.set(key, entry);
  }
  const regions = [...byRegion.entries()].sort((a, b) => b[1].demands - a[1].demands);
  return {
    name: 'regions',
    title: '区域分布',
    columns: [{ key: 'region', label: '区域' }, { key: 'demands', label: '诉求数' }, { key: 'tickets', label: '工单数' }, { key: 'topCategory', label: '主要分类' }, { key: 'topShare', label: '主要分类占比' }],
    rows: regions.map(([region, e]) => {
      const [top, n] = e.categories.sort((a, b) => b[1] - a[1])[0]!;
      return { region, demands: e.demands, tickets: e.tickets, topCategory: top, topShare: `${Math.round((n / e.demands) * 100)}%` };
    }),
  };
}
