import type { RoutingRules } from './rule-schema.ts';

/**
 * The rules in force until an admin replaces them (version 1). Category ↔ 界别 / 专委会 links
 * follow the usual CPPCC division of work; admins adjust them through the API.
 */
export function defaultRoutingRules(others: 'scheduled' | 'immediate' = 'scheduled'): RoutingRules {
  return {
    region: { cityWide: ['全市', '*', '全部'], unknownDistrictMatches: true },
    interest: ['topic', 'sector', 'committee'],
    emptyTopicsMeansAll: true,
    categoryLinks: [
      { category: '卫生计生', sectors: ['医药卫生界'], committees: [] },
      { category: '教育文体', sectors: ['教育界', '文化艺术界', '体育界'], committees: [] },
      { category: '劳动和社会保障', sectors: ['社会福利和社会保障界', '中华全国总工会'], committees: ['社会和法制委员会'] },
      { category: '环境保护', sectors: ['环境资源界'], committees: ['人口资源环境委员会'] },
      { category: '城乡建设', sectors: ['经济界'], committees: [] },
      { category: '交通运输', sectors: [], committees: [] },
      { category: '商贸旅游', sectors: ['经济界'], committees: ['经济委员会'] },
    ],
    push: { hotHeat: 10, risingDemands: 5, risingHours: 24, others },
  };
}
