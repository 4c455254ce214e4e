import { describe, expect, it } from 'vitest';
import { defaultRoutingRules } from '../../src/routing/default-rules.ts';
import { describeMatch, matchRules, type RoutableMember } from '../../src/routing/match-rules.ts';
import { routingRulesSchema } from '../../src/routing/rule-schema.ts';

const rules = defaultRoutingRules();
const member = (regions: string[], topics: string[], sector = '无党派人士', committee = ''): RoutableMember => ({ id: 'm1', regions, topics, sector, committee });
const details = (m: RoutableMember, district: string | null, category: string | null) => matchRules(rules, m, { district, category })?.map((r) => r.detail) ?? null;

describe('routing rules', () => {
  it('routes a ticket in one of the member regions', () => {
    expect(details(member(['岳麓区', '天心区'], []), '岳麓区', '环境保护')).toEqual(['属地匹配：岳麓区', '不限领域']);
  });

  it('does not route a ticket from another region', () => {
    expect(details(member(['岳麓区'], []), '芙蓉区', '环境保护')).toBeNull();
  });

  it('routes every district to a city-wide member, or one without regions', () => {
    expect(details(member(['全市'], []), '芙蓉区', null)).toEqual(['全市范围（芙蓉区）', '不限领域']);
    expect(details(member(['*'], []), '芙蓉区', null)).toEqual(['全市范围（芙蓉区）', '不限领域']);
    expect(details(member([], []), '芙蓉区', null)).toEqual(['全市范围（芙蓉区）', '不限领域']);
  });

  it('routes a ticket with an unknown district unless the rules say otherwise', () => {
    expect(details(member(['岳麓区'], []), null, '交通运输')).toEqual(['属地未知，按全部属地推送', '不限领域']);
    const strict = { ...rules, region: { ...rules.region, unknownDistrictMatches: false } };
    expect(matchRules(strict, member(['岳麓区'], []), { district: null, category: '交通运输' })).toBeNull();
  });

  it('routes by the member topics and not outside them', () => {
    expect(details(member(['岳麓区'], ['环境保护', '教育文体']), '岳麓区', '环境保护')).toEqual(['属地匹配：岳麓区', '关注领域：环境保护']);
    expect(details(member(['岳麓区'], ['教育文体']), '岳麓区', '交通运输')).toBeNull();
    expect(details(member(['岳麓区'], ['教育文体']), '岳麓区', null)).toBeNull();
  });

  it('routes by category ↔ sector: 卫生计生 → 医药卫生界, 教育文体 → 教育界', () => {
    expect(details(member(['岳麓区'], ['交通运输'], '医药卫生界'), '岳麓区', '卫生计生')).toEqual(['属地匹配：岳麓区', '界别对口：卫生计生 → 医药卫生界']);
    expect(details(member(['岳麓区'], ['交通运输'], '教育界'), '岳麓区', '教育文体')).toEqual(['属地匹配：岳麓区', '界别对口：教育文体 → 教育界']);
    expect(details(member(['岳麓区'], ['交通运输'], '教育界'), '岳麓区', '卫生计生')).toBeNull();
  });

  it('routes by category ↔ committee and lists every matched rule', () => {
    const m = member(['岳麓区'], ['环境保护'], '环境资源界', '人口资源环境委员会');
    expect(details(m, '岳麓区', '环境保护')).toEqual(['属地匹配：岳麓区', '关注领域：环境保护', '界别对口：环境保护 → 环境资源界', '专委会对口：环境保护 → 人口资源环境委员会']);
  });

  it('needs the region even when an interest rule matches', () => {
    expect(details(member(['天心区'], ['环境保护'], '环境资源界'), '岳麓区', '环境保护')).toBeNull();
  });

  it('only applies the interest rules the rule set enables', () => {
    const topicsOnly = { ...rules, interest: ['topic' as const] };
    expect(matchRules(topicsOnly, member(['岳麓区'], ['交通运输'], '医药卫生界'), { district: '岳麓区', category: '卫生计生' })).toBeNull();
  });

  it('explains the match with the rule-set version', () => {
    const matched = matchRules(rules, member(['岳麓区'], ['环境保护']), { district: '岳麓区', category: '环境保护' })!;
    expect(describeMatch(matched, 3)).toBe('属地匹配：岳麓区；关注领域：环境保护（路由规则 v3）');
  });

  it('validates rule sets: the defaults pass, unknown keys and bad values are refused', () => {
    expect(routingRulesSchema.parse(rules)).toEqual(rules);
    expect(routingRulesSchema.safeParse({ ...rules, extra: 1 }).success).toBe(false);
    expect(routingRulesSchema.safeParse({ ...rules, interest: [] }).success).toBe(false);
    expect(routingRulesSchema.safeParse({ ...rules, push: { ...rules.push, others: 'sometimes' } }).success).toBe(false);
  });
});
