import type { AppContext } from '../app/context.ts';
import type { RoutableMember } from './match-rules.ts';
import { currentRuleSet, type RuleSet } from './rule-store.ts';

export interface RoutingSnapshot {
  ruleSet: RuleSet;
  /** Active members with what routing matches on. */
  members: RoutableMember[];
}

const cached = new WeakMap<AppContext, { key: string; snapshot: RoutingSnapshot }>();

/**
 * The rule set in force and the active members, as the route and push stages need them for
 * every batch. A one-row read checks whether either changed — in this process or any other —
 * and only then are they read and parsed again: the routing epoch (migration 0015), which
 * triggers on "Member" (routing fields, active) and "RoutingRuleSet" bump in the changing
 * transaction. The default rule set, created on first use, bumps it too: the next call reads again.
 */
export async function routingSnapshot(ctx: AppContext): Promise<RoutingSnapshot> {
  const [row] = await ctx.database.query<{ epoch: string }>(`SELECT n::text AS epoch FROM "RoutingEpoch" WHERE id = 1`);
  const key = row?.epoch ?? 'none';
  const hit = cached.get(ctx);
  if (hit && hit.key === key) return hit.snapshot;
  const ruleSet = await currentRuleSet(ctx.prisma, ctx.config.INBOX_PUSH_OTHERS);
  const members = await ctx.prisma.member.findMany({ where: { active: true }, select: { id: true, sector: true, committee: true, regions: true, topics: true } });
  const snapshot = { ruleSet, members };
  cached.set(ctx, { key, snapshot });
  return snapshot;
}
