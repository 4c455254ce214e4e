import { z } from 'zod';

const name = z.string().trim().min(1).max(50);

/** One category ↔ sector (界别) / committee (专委会) link, e.g. 卫生计生 → 医药卫生界. */
export const categoryLinkSchema = z.strictObject({
  category: name,
  sectors: z.array(name).max(50).default([]),
  committees: z.array(name).max(50).default([]),
});

/** When a ticket is pushed at once (热点) instead of in the scheduled batch. */
export const pushPolicySchema = z.strictObject({
  /** Heat at or above this is hot. */
  hotHeat: z.number().nonnegative().max(1e6),
  /** Rising fast: at least this many new demands … */
  risingDemands: z.number().int().min(1).max(1e6),
  /** … within this many hours. */
  risingHours: z.number().int().min(1).max(24 * 30),
  /** Tickets that are not hot: wait for the scheduled batch (08:30) or go at once. */
  others: z.enum(['scheduled', 'immediate']),
});

/**
 * A routing rule set (路由规则). A member receives a ticket when the region rule matches
 * and at least one interest rule does (own topics, the category's sectors, or its committees).
 */
export const routingRulesSchema = z.strictObject({
  region: z.strictObject({
    /** Member regions meaning "every district". */
    cityWide: z.array(name).max(20),
    /** A ticket without a district goes to members of every region. */
    unknownDistrictMatches: z.boolean(),
  }),
  /** Which interest rules apply: the member's own 关注领域, 界别 by category, 专委会 by category. */
  interest: z.array(z.enum(['topic', 'sector', 'committee'])).min(1).max(3),
  /** A member with no 关注领域 takes every category (through the topic rule). */
  emptyTopicsMeansAll: z.boolean(),
  categoryLinks: z.array(categoryLinkSchema).max(500),
  push: pushPolicySchema,
});

export type RoutingRules = z.infer<typeof routingRulesSchema>;
export type PushPolicy = z.infer<typeof pushPolicySchema>;

/** What one matched rule contributed to routing a ticket to a member. */
export interface MatchedRule {
  rule: 'region' | 'topic' | 'sector' | 'committee' | 'rebound';
  detail: string;
}
