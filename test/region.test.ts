import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { extractRegion } from '../src/region/extract-region.ts';
import type { Gazetteer } from '../src/region/gazetteer.ts';

describe('extractRegion with masked names', () => {
  it('finds district, town and community in real-looking messages', () => {
    expect(extractRegion('A7县星沙镇居民区焚烧垃圾居民怨声载道\n星沙潇楚社区黄土岭组垃圾站焚烧垃圾可谓是历史悠久')).toMatchObject({
      district: 'A7县',
      street: '星沙镇',
    });
    expect(extractRegion('请求解决E6县塘渡口镇70多岁老人养老保险问题')).toMatchObject({ district: 'E6县', street: '塘渡口镇' });
    const region = extractRegion('A3区施家港社区，违规在金麓西岸小区1-1栋楼顶装了两个高音喇叭');
    expect(region).toMatchObject({ district: 'A3区', community: '施家港社区' });
    expect(region.evidence.join(' ')).toContain('A3区');
    expect(extractRegion('C4市教师职称评审有人资格不符').district).toBe('C4市');
  });

  it('prefers a district over the city, falls back to the city, and ignores codes and generic words', () => {
    expect(extractRegion('投诉A市A1区苑物业违规收停车费').district).toBe('A1区');
    expect(extractRegion('A市地铁沙湾公园站电梯维修超过2个月').district).toBe('A市');
    expect(extractRegion('型号XA3区间测速，统筹城乡发展，回到家乡')).toEqual({ evidence: [] });
  });
});

describe('extractRegion with a city gazetteer', () => {
  const changsha: Gazetteer = {
    districts: ['岳麓区', '长沙县'],
    aliases: { 岳麓: '岳麓区', 星沙: '长沙县' },
    streets: { 泉塘街道: '长沙县', 洞井街道: '雨花区' },
  };

  it('uses known names, aliases and the street → district mapping', () => {
    expect(extractRegion('岳麓区麓谷街道某小区噪音扰民', changsha)).toMatchObject({ district: '岳麓区', street: '麓谷街道' });
    expect(extractRegion('星沙的公交太少', changsha).district).toBe('长沙县');
    const fromStreet = extractRegion('洞井街道鄱阳社区路灯不亮', changsha);
    expect(fromStreet).toMatchObject({ district: '雨花区', street: '洞井街道', community: '鄱阳社区' });
    expect(fromStreet.evidence).toContain('district of street "洞井街道" in the gazetteer');
  });
});

const labelledPath = fileURLToPath(new URL('../../shared/data/messages-labeled.jsonl', import.meta.url));

describe.skipIf(!existsSync(labelledPath))('region coverage on messages-labeled.jsonl', () => {
  it('finds a district (or at least the city) in most messages', () => {
    const rows = readFileSync(labelledPath, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as { title: string; content: string });
    const regions = rows.map((row) => extractRegion(`${row.title}\n${row.content}`));
    const share = (test: (region: ReturnType<typeof extractRegion>) => boolean) => regions.filter(test).length / rows.length;
    const coverage = {
      district: share((region) => region.district !== undefined),
      districtBelowCity: share((region) => /\d/.test(region.district ?? '')),
      street: share((region) => region.street !== undefined),
      community: share((region) => region.community !== undefined),
    };
    console.log(`region coverage on ${rows.length} messages: ${JSON.stringify(coverage)}`);
    expect(coverage.district).toBeGreaterThan(0.85);
    expect(coverage.districtBelowCity).toBeGreaterThan(0.6);
  });
});
