import type { Db } from '../db/database.ts';
import { computeHeat } from '../pipeline/ticket-heat.ts';
import { DAY, localDayStart } from './analytics-query.ts';
import type { DataTable } from './table-export.ts';

export interface HotIssue {
  ticketId: string;
  title: string;
  category: string | null;
  district: string | null;
  heat: number;
  demands: number;
  inWindow: number;
  channels: string[];
  trend: Array<{ date: string; count: number }>;
}

const localDate = (t: Date) => new Date(t.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);

/**
 * Today's or this week's hottest tickets: tickets with a demand in the window, heat computed
 * now (asOf) over all their demands with the one heat formula, with a daily trend of the last
 * 7 (today) or 14 (week) days. Titles and counts only: no personal data.
 */
export async function hotIssues(prisma: Db, window: 'today' | 'week', asOf: Date, limit: number): Promise<HotIssue[]> {
  const from = window === 'today' ? localDayStart(asOf) : new Date(asOf.getTime() - 7 * DAY);
  const tickets = await prisma.ticket.findMany({
    where: { lastSeenAt: { gte: from }, firstSeenAt: { lte: asOf } },
    orderBy: [{ demandCount: 'desc' }, { lastSeenAt: 'desc' }],
    take: 300,
    select: { id: true, title: true, category: true, district: true, channels: true, demands: { where: { occurredAt: { lte: asOf } }, select: { occurredAt: true, channel: true, reporterHash: true, likes: true, dislikes: true } } },
  });
  const trendDays = window === 'today' ? 7 : 14;
  const firstDay = localDayStart(new Date(asOf.getTime() - (trendDays - 1) * DAY));
  const days = Array.from({ length: trendDays }, (_, i) => localDate(new Date(firstDay.getTime() + i * DAY)));
  return tickets
    .filter((t) => t.demands.some((d) => d.occurredAt >= from))
    .map((t) => {
      const perDay = new Map<string, number>();
      for (const d of t.demands) perDay.set(localDate(d.occurredAt), (perDay.get(localDate(d.occurredAt)) ?? 0) + 1);
      return {
        ticketId: t.id,
        title: t.title,
        category: t.category,
        district: t.district,
        heat: computeHeat(t.demands, { asOf }),
        demands: t.demands.length,
        inWindow: t.demands.filter((d) => d.occurredAt >= from).length,
        channels: t.channels,
        trend: days.map((date) => ({ date, count: perDay.get(date) ?? 0 })),
      };
    })
    .sort((a, b) => b.heat - a.heat || b.demands - a.demands)
    .slice(0, limit);
}

export function hotIssuesTable(issues: HotIssue[], window: 'today' | 'week'): DataTable {
  return {
    name: `hot-${window}`,
    title: window === 'today' ? '今日热点' : '本周热点',
    columns: [
      { key: 'rank', label: '排名' }, { key: 'title', label: '标题' }, { key: 'heat', label: '热度' }, { key: 'demands', label: '诉求数' },
      { key: 'inWindow', label: window === 'today' ? '今日新增' : '本周新增' }, { key: 'category', label: '分类' }, { key: 'district', label: '区域' },
      { key: 'trend', label: '趋势（每日）' }, { key: 'ticketId', label: '工单编号' },
    ],
    rows: issues.map((i, n) => ({ rank: n + 1, title: i.title, heat: i.heat, demands: i.demands, inWindow: i.inWindow, category: i.category, district: i.district, trend: i.trend.map((t) => t.count).join(' '), ticketId: i.ticketId })),
  };
}
