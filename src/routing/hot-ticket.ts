import type { Db } from '../db/database.ts';
import type { PushPolicy } from './rule-schema.ts';

export interface HotCheck {
  hot: boolean;
  why: string | null;
}

/**
 * 热点: heat at or above the policy's threshold, or rising fast (at least risingDemands
 * demands reported within the last risingHours). Hot tickets are pushed at once.
 */
export async function checkHot(prisma: Db, ticket: { id: string; heat: number }, policy: PushPolicy, now = new Date()): Promise<HotCheck> {
  if (ticket.heat >= policy.hotHeat) return { hot: true, why: `热度 ${ticket.heat} ≥ ${policy.hotHeat}` };
  const since = new Date(now.getTime() - policy.risingHours * 3600_000);
  const recent = await prisma.demand.count({ where: { ticketId: ticket.id, occurredAt: { gte: since, lte: now } } });
  if (recent >= policy.risingDemands) return { hot: true, why: `${policy.risingHours} 小时内新增 ${recent} 条诉求` };
  return { hot: false, why: null };
}
