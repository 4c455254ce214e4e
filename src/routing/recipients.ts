import { describeMatch, matchRules, type RoutableTicket } from './match-rules.ts';
import type { RoutingSnapshot } from './routing-snapshot.ts';

/** One explanation (reason shown to the member, matched rules as JSON), shared by many items. */
export interface Explanation {
  reason: string;
  rules: string;
}

export interface Recipient {
  memberId: string;
  explanation: Explanation;
}

/** Per routing snapshot: recipients by (district, category), and explanations by their rules' JSON. */
const bySnapshot = new WeakMap<RoutingSnapshot, { byPair: Map<string, Recipient[]>; explanations: Map<string, Explanation> }>();

/**
 * The members a ticket goes to, with why. Routing depends on a ticket's district and category
 * only, so members are matched once per pair for as long as the routing snapshot (rules in force,
 * active members) stays the same — across batches, not once per batch — and equal explanations
 * are one shared object, whichever pair they came from.
 */
export function recipientsOf(snapshot: RoutingSnapshot, ticket: RoutableTicket): Recipient[] {
  let cache = bySnapshot.get(snapshot);
  if (!cache) bySnapshot.set(snapshot, (cache = { byPair: new Map(), explanations: new Map() }));
  const { byPair, explanations } = cache;
  const key = `${ticket.district}\u0000${ticket.category}`;
  const hit = byPair.get(key);
  if (hit) return hit;
  const { members, ruleSet } = snapshot;
  const list = members.flatMap((m) => {
    const matched = matchRules(ruleSet.rules, m, ticket);
    if (!matched) return [];
    const rules = JSON.stringify(matched);
    let explanation = explanations.get(rules);
    if (!explanation) explanations.set(rules, (explanation = { reason: describeMatch(matched, ruleSet.version), rules }));
    return [{ memberId: m.id, explanation }];
  });
  byPair.set(key, list);
  return list;
}
