import type { MatchedRule, RoutingRules } from './rule-schema.ts';

export interface RoutableMember {
  id: string;
  sector: string;
  committee: string;
  regions: string[];
  topics: string[];
}

export interface RoutableTicket {
  district: string | null;
  category: string | null;
}

/**
 * The rules that route a ticket to a member, or null when the member should not get it:
 * the region rule must match and at least one interest rule (topic, sector, committee).
 */
export function matchRules(rules: RoutingRules, member: RoutableMember, ticket: RoutableTicket): MatchedRule[] | null {
  const region = matchRegion(rules, member, ticket);
  if (!region) return null;
  const interests: MatchedRule[] = [];
  const link = ticket.category === null ? undefined : rules.categoryLinks.find((l) => l.category === ticket.category);
  for (const kind of rules.interest) {
    if (kind === 'topic') {
      if (member.topics.length === 0 && rules.emptyTopicsMeansAll) interests.push({ rule: 'topic', detail: '不限领域' });
      else if (ticket.category !== null && member.topics.includes(ticket.category)) interests.push({ rule: 'topic', detail: `关注领域：${ticket.category}` });
    } else if (kind === 'sector' && link?.sectors.includes(member.sector)) {
      interests.push({ rule: 'sector', detail: `界别对口：${ticket.category} → ${member.sector}` });
    } else if (kind === 'committee' && member.committee && link?.committees.includes(member.committee)) {
      interests.push({ rule: 'committee', detail: `专委会对口：${ticket.category} → ${member.committee}` });
    }
  }
  return interests.length > 0 ? [region, ...interests] : null;
}

function matchRegion(rules: RoutingRules, member: RoutableMember, ticket: RoutableTicket): MatchedRule | null {
  const cityWide = member.regions.length === 0 || member.regions.some((r) => rules.region.cityWide.includes(r));
  if (cityWide) return { rule: 'region', detail: `全市范围（${ticket.district ?? '属地未知'}）` };
  if (ticket.district === null) return rules.region.unknownDistrictMatches ? { rule: 'region', detail: '属地未知，按全部属地推送' } : null;
  return member.regions.includes(ticket.district) ? { rule: 'region', detail: `属地匹配：${ticket.district}` } : null;
}

/** The reason shown to the member: each matched rule, then the rule-set version. */
export function describeMatch(matched: MatchedRule[], version: number): string {
  return `${matched.map((m) => m.detail).join('；')}（路由规则 v${version}）`;
}
