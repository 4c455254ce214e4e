import type { Db } from '../db/database.ts';
import { computeHeat } from '../pipeline/ticket-heat.ts';
import { DAY, localDayStart } from './analytics-query.ts';
import { groupTickets } from './hot-issue-groups.ts';
import type { DataTable } from './table-export.ts';

export interface HotIssue {
  /** The hot issue's main ticket (most demands). */
  ticketId: string;
  ticketIds: string[];
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
/** The grouping window of hot issues (as `eval hot`): earlier tickets of the same place and category up to a quarter back. */
const GROUP_WINDOW_DAYS = 90;
const MAX_ACTIVE = 300;
const MAX_CONTEXT = 1_000;
/** A demand names its place in the title or lead: the grouping reads no further. */
const LEAD_CHARS = 300;

/**
 * The demands a ticket is named and dated by for grouping: its first and latest few (a ticket is
 * one problem at one place, so a few reports name it; reading names costs ~1 ms a demand).
 */
function namingSample<T extends { occurredAt: Date }>(demands: T[], each = 4): T[] {
  if (demands.length <= 2 * each) return demands;
  const sorted = [...demands].sort((a, b) => a.occurredAt.getTime() - b.occurredAt.getTime());
  return [...sorted.slice(0, each), ...sorted.slice(-each)];
}

function mostFrequent(values: Array<string | null>): string | null {
  const counts = new Map<string, number>();
  for (const v of values) if (v) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]?.[0] ?? null;
}

/**
 * Today's or this week's hot issues, grouped as `lianxin eval hot` groups them
 * (src/analytics/hot-issue-groups.ts: the tickets of one named place or organisation in one
 * category within 90 days): issues with a demand in the window, scored now (asOf) with the one
 * heat formula over all their demands, with a daily trend of the last 7 (today) or 14 (week)
 * days. Tickets seen in the 90 days before the window are read too, so an issue's earlier
 * tickets count. Titles and counts only: no personal data.
 */
export async function hotIssues(prisma: Db, window: 'today' | 'week', asOf: Date, limit: number): Promise<HotIssue[]> {
  const from = window === 'today' ? localDayStart(asOf) : new Date(asOf.getTime() - 7 * DAY);
  const select = {
    id: true, title: true, category: true, district: true, channels: true, demandCount: true,
    demands: { where: { occurredAt: { lte: asOf } }, select: { title: true, content: true, category: true, occurredAt: true, channel: true, reporterHash: true, likes: true, dislikes: true } },
  } as const;
  const active = await prisma.ticket.findMany({ where: { lastSeenAt: { gte: from }, firstSeenAt: { lte: asOf }, status: { not: 'MERGED' } }, orderBy: [{ demandCount: 'desc' }, { lastSeenAt: 'desc' }], take: MAX_ACTIVE, select });
  const activeIds = new Set(active.filter((t) => t.demands.some((d) => d.occurredAt >= from)).map((t) => t.id));
  const categories = [...new Set(active.map((t) => t.category).filter((c): c is string => c !== null))];
  const context = activeIds.size === 0 || categories.length === 0 ? [] : await prisma.ticket.findMany({
    where: { lastSeenAt: { gte: new Date(from.getTime() - GROUP_WINDOW_DAYS * DAY), lt: from }, firstSeenAt: { lte: asOf }, category: { in: categories }, status: { not: 'MERGED' } },
    orderBy: { lastSeenAt: 'desc' }, take: MAX_CONTEXT, select,
  });
  const tickets = new Map([...active, ...context].map((t) => [t.id, t]));
  const groups = groupTickets(
    [...tickets.values()].map((t) => ({ id: t.id, demands: namingSample(t.demands).map((d) => ({ title: d.title ?? '', content: d.content.slice(0, LEAD_CHARS), occurredAt: d.occurredAt, category: d.category })) })),
    { windowDays: GROUP_WINDOW_DAYS },
  ).filter((ids) => ids.some((id) => activeIds.has(id)));

  const trendDays = window === 'today' ? 7 : 14;
  const firstDay = localDayStart(new Date(asOf.getTime() - (trendDays - 1) * DAY));
  const days = Array.from({ length: trendDays }, (_, i) => localDate(new Date(firstDay.getTime() + i * DAY)));
  return groups
    .map((ids) => {
      const members = ids.map((id) => tickets.get(id)!).sort((a, b) => b.demands.length - a.demands.length);
      const demands = members.flatMap((t) => t.demands);
      const perDay = new Map<string, number>();
      for (const d of demands) perDay.set(localDate(d.occurredAt), (perDay.get(localDate(d.occurredAt)) ?? 0) + 1);
      const main = members[0]!;
      return {
        ticketId: main.id,
        ticketIds: members.map((t) => t.id),
        title: main.title,
        category: mostFrequent(members.map((t) => t.category)) ?? main.category,
        district: mostFrequent(members.map((t) => t.district)),
        heat: computeHeat(demands, { asOf }),
        demands: demands.length,
        inWindow: demands.filter((d) => d.occurredAt >= from).length,
        channels: [...new Set(members.flatMap((t) => t.channels))],
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
      { key: 'rank', label: '排名' }, { key: 'title', label: '热点问题' }, { key: 'heat', label: '热度' }, { key: 'demands', label: '诉求数' },
      { key: 'inWindow', label: window === 'today' ? '今日新增' : '本周新增' }, { key: 'tickets', label: '工单数' }, { key: 'category', label: '分类' },
      { key: 'district', label: '区域' }, { key: 'trend', label: '趋势（每日）' }, { key: 'ticketId', label: '主工单编号' },
    ],
    rows: issues.map((i, n) => ({
      rank: n + 1, title: i.title, heat: i.heat, demands: i.demands, inWindow: i.inWindow, tickets: i.ticketIds.length,
      category: i.category, district: i.district, trend: i.trend.map((t) => t.count).join(' '), ticketId: i.ticketId,
    })),
  };
}
