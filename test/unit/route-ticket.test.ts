import { describe, expect, it } from 'vitest';
import { routingReason, type MemberProfile } from '../../src/pipeline/route-ticket.ts';

const member = (regions: string[], topics: string[]): MemberProfile => ({ id: 'm1', regions, topics });

describe('routingReason', () => {
  it('routes a ticket in one of the member regions', () => {
    expect(routingReason(member(['岳麓区', '天心区'], []), { district: '岳麓区', category: '环境保护' })).toBe('属地匹配：岳麓区；不限领域');
  });

  it('does not route a ticket from another region', () => {
    expect(routingReason(member(['岳麓区'], []), { district: '芙蓉区', category: '环境保护' })).toBeNull();
  });

  it('routes every district to a city-wide member', () => {
    expect(routingReason(member(['全市'], []), { district: '芙蓉区', category: null })).toBe('全市范围（芙蓉区）；不限领域');
    expect(routingReason(member(['*'], []), { district: '芙蓉区', category: null })).toBe('全市范围（芙蓉区）；不限领域');
  });

  it('treats a member without regions as city-wide', () => {
    expect(routingReason(member([], []), { district: '芙蓉区', category: null })).toBe('全市范围（芙蓉区）；不限领域');
  });

  it('routes a ticket with an unknown district', () => {
    expect(routingReason(member(['岳麓区'], []), { district: null, category: '交通运输' })).toBe('属地未知；不限领域');
  });

  it('routes a ticket whose category is among the member topics', () => {
    expect(routingReason(member(['岳麓区'], ['环境保护', '教育文体']), { district: '岳麓区', category: '环境保护' })).toBe(
      '属地匹配：岳麓区；关注领域：环境保护',
    );
  });

  it('does not route a ticket outside the member topics', () => {
    expect(routingReason(member(['岳麓区'], ['教育文体']), { district: '岳麓区', category: '环境保护' })).toBeNull();
    expect(routingReason(member(['全市'], ['教育文体']), { district: '岳麓区', category: '环境保护' })).toBeNull();
  });

  it('does not route an unclassified ticket to a member with topics', () => {
    expect(routingReason(member(['岳麓区'], ['教育文体']), { district: '岳麓区', category: null })).toBeNull();
  });

  it('needs both the region and the topic to match', () => {
    expect(routingReason(member(['天心区'], ['环境保护']), { district: '岳麓区', category: '环境保护' })).toBeNull();
  });
});
