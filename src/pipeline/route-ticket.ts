import type { AppContext } from '../app/context.ts';

export interface MemberProfile {
  id: string;
  regions: string[];
  topics: string[];
}

export interface RouteTarget {
  ticket: { district: string | null; category: string | null };
}

/** Regions a member covers that mean "everywhere". */
const CITY_WIDE = new Set(['全市', '*', '全部']);

/**
 * First routing rule: a member gets a ticket when the ticket's district is among the
 * member's 属地 (or the member is city-wide, or the district is unknown) and its category
 * is among the member's topics (or the member has none). Returns why, in Chinese, or null.
 */
export function routingReason(member: MemberProfile, ticket: RouteTarget['ticket']): string | null {
  const cityWide = member.regions.length === 0 || member.regions.some((r) => CITY_WIDE.has(r));
  const regionOk = cityWide || ticket.district === null || member.regions.includes(ticket.district);
  const topicOk = member.topics.length === 0 || (ticket.category !== null && member.topics.includes(ticket.category));
  if (!regionOk || !topicOk) return null;
  const region = cityWide ? `全市范围（${ticket.district ?? '属地未知'}）` : ticket.district === null ? '属地未知' : `属地匹配：${ticket.district}`;
  const topic = member.topics.length === 0 ? '不限领域' : `关注领域：${ticket.category}`;
  return `${region}；${topic}`;
}

/**
 * Decides which members receive a ticket. A ticket is in an inbox at most once
 * (unique member × ticket); a member who already holds it sees it flagged as updated
 * by the push stage. Returns true when there is something to push.
 */
export async function routeTicket(ctx: AppContext, ticketId: string): Promise<{ version: number } | null> {
  const { prisma } = ctx;
  const ticket = await prisma.ticket.findUnique({ where: { id: ticketId } });
  if (!ticket || ticket.version <= ticket.routedVersion) return null;
  const members = await prisma.member.findMany({ where: { active: true }, select: { id: true, regions: true, topics: true } });
  const rows = members.flatMap((m) => {
    const reason = routingReason(m, ticket);
    return reason ? [{ memberId: m.id, ticketId, reason }] : [];
  });
  await prisma.$transaction([
    prisma.inboxItem.createMany({ data: rows, skipDuplicates: true }),
    prisma.ticket.updateMany({ where: { id: ticketId, routedVersion: { lt: ticket.version } }, data: { routedVersion: ticket.version } }),
    prisma.demand.updateMany({ where: { ticketId, stage: 'ROUTE' }, data: { stage: 'DONE' } }),
  ]);
  return { version: ticket.version };
}
