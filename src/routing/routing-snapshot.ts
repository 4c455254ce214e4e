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
 * transaction, and the highest rule-set version (the defaults are created on first use).
 */
export async function routingSnapshot(ctx: AppContext): Promise<RoutingSnapshot> {
  const [row] = await ctx.database.query<{ rules: number | null; epoch: string }>(
    `SELECT (SELECT max(version) FROM "RoutingRuleSet") AS rules, (SELECT n::text FROM "RoutingEpoch" WHERE id = 1) AS epoch`,
  );
  const key = `${row?.rules ?? 'none'}|${row?.epoch ?? 'none'}`;
  const hit = cached.get(ctx);
  if (hit && hit.key === key) return hit.snapshot;
  const ruleSet = await currentRuleSet(ctx.prisma, ctx.config.INBOX_PUSH_OTHERS);
  const members = await ctx.prisma.member.findMany({ where: { active: true }, select: { id: true, sector: true, committee: true, regions: true, topics: true } });
  const snapshot = { ruleSet, members };
  // a rule set created just now (the defaults, on first use) changes the key: read once more next time
  cached.set(ctx, { key: row?.rules === null ? 'fresh' : key, snapshot });
  return snapshot;
}
