import type { AppContext } from '../app/context.ts';
import { startOfChinaDay } from '../pipeline/push-inbox.ts';

/**
 * 每周摘要: one notification per active member summing up the last seven days of the
 * member's inbox (new, updated, rebounds, the hottest tickets). Keyed by member × week,
 * so a repeated run adds nothing.
 */
export async function sendWeeklyDigest(ctx: AppContext, now = new Date()): Promise<number> {
  const { prisma } = ctx;
  const since = new Date(startOfChinaDay(now).getTime() - 7 * 24 * 3600_000);
  const week = since.toISOString().slice(0, 10);
  const members = await prisma.member.findMany({ where: { active: true }, select: { id: true } });
  let sent = 0;
  for (const m of members) {
    const items = await prisma.inboxItem.findMany({
      where: { memberId: m.id, pushedAt: { not: null }, OR: [{ pushedAt: { gte: since } }, { updatedAt: { gte: since } }] },
      include: { ticket: { select: { title: true, heat: true } } },
    });
    if (items.length === 0) continue;
    const fresh = items.filter((i) => i.pushedAt! >= since).length;
    const rebounds = items.filter((i) => i.rebound).length;
    const waiting = items.filter((i) => i.state === 'NEW').length;
    const top = [...items].sort((a, b) => b.ticket.heat - a.ticket.heat).slice(0, 3).map((i) => `「${i.ticket.title}」（热度 ${i.ticket.heat}）`);
    const body = `近 7 天新推送 ${fresh} 条，有更新或处理 ${items.length - fresh} 条，反弹 ${rebounds} 条，待阅 ${waiting} 条。热点：${top.join('、')}`;
    const r = await prisma.notification.createMany({ data: [{ memberId: m.id, kind: 'weekly-digest', title: `民意诉求周报（${week} 起）`, body, dedupKey: `digest-${m.id}-${week}` }], skipDuplicates: true });
    sent += r.count;
  }
  return sent;
}
