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
 * every batch. One cheap statement checks whether either changed (highest rule-set version; a
 * digest of the active members' routing fields, computed by the database) — in this process
 * or any other — and only then are they read and parsed again.
 */
export async function routingSnapshot(ctx: AppContext): Promise<RoutingSnapshot> {
  const [row] = await ctx.database.query<{ rules: number | null; members: string | null }>(
    `SELECT (SELECT max(version) FROM "RoutingRuleSet") AS rules,
       (SELECT md5(string_agg(m.id || chr(31) || m.sector || chr(31) || coalesce(m.committee, '') || chr(31) || array_to_string(m.regions, ',')
          || chr(31) || array_to_string(m.topics, ','), chr(30) ORDER BY m.id)) FROM "Member" AS m WHERE m.active) AS members`,
  );
  const key = `${row?.rules ?? 'none'}|${row?.members ?? 'none'}`;
  const hit = cached.get(ctx);
  if (hit && hit.key === key) return hit.snapshot;
  const ruleSet = await currentRuleSet(ctx.prisma, ctx.config.INBOX_PUSH_OTHERS);
  const members = await ctx.prisma.member.findMany({ where: { active: true }, select: { id: true, sector: true, committee: true, regions: true, topics: true } });
  const snapshot = { ruleSet, members };
  // a rule set created just now (the defaults, on first use) changes the key: read once more next time
  cached.set(ctx, { key: row?.rules === null ? 'fresh' : key, snapshot });
  return snapshot;
}
