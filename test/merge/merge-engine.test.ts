import { describe, expect, it } from 'vitest';
import { MergeEngine } from '../../src/merge/merge-engine.ts';
import type { DemandDoc } from '../../src/merge/profile.ts';

const day = (n: number) => new Date(Date.UTC(2019, 10, 1 + n));
const doc = (id: string, title: string, content: string, extra: Partial<DemandDoc> = {}): DemandDoc =>
  ({ id, title, content, occurredAt: day(0), ...extra });

const MIXER = '我是A市暮云街道丽发新城的一名业主，小区附近新建了一个大型搅拌站，每天早上六点开始施工，噪音和粉尘严重影响居民休息，请相关部门尽快处理。';

describe('MergeEngine', () => {
  it('merges a reworded follow-up about the same place and problem, with an explanation', () => {
    const engine = new MergeEngine();
    const first = engine.add(doc('1', 'A市丽发新城附近搅拌站噪音扰民', MIXER));
    const second = engine.add(doc('2', '再次投诉丽发新城搅拌站噪音', '丽发新城小区旁边的搅拌站还在日夜施工，噪音扰民，粉尘很大，希望尽快关闭搅拌站。', { occurredAt: day(20) }));
    expect(first.created).toBe(true);
    expect(second).toMatchObject({ clusterId: first.clusterId, created: false });
    expect(second.explanation.sharedPlaces).toContain('丽发新城');
    expect(second.explanation.rule).toMatch(/shared-place|same/);
  });

  it('never merges a template letter naming another estate', () => {
    const engine = new MergeEngine();
    const a = engine.add(doc('1', 'A2区南湖路森宇家园餐馆油烟扰民', 'A市A2区南湖路森宇家园，5栋6栋有几家餐馆，油烟严重影响我们居民的生活，窗户长期不能打开，晚上营业到凌晨3点左右。'));
    const b = engine.add(doc('2', 'A5区劳动东路魅力之城小区底层餐馆油烟扰民', 'A5区劳动东路魅力之城小区，底层有几家餐馆，油烟严重影响我们居民的生活，窗户长期不能打开，晚上营业到凌晨3点左右。'));
    expect(b.clusterId).not.toBe(a.clusterId);
  });

  it('does not merge the same place with a different problem', () => {
    const engine = new MergeEngine();
    const a = engine.add(doc('1', 'K市帝王广场7栋工程质量存在安全隐患', 'K市帝王广场7栋房屋结构出现45度裂缝，外墙承重墙开裂，担心安全。'));
    const b = engine.add(doc('2', '请问K市帝王广场超出规定收费的水费及电费是否合理？', '帝王广场的电费全部由物业收取，电价为0.63元，超出了规定电价，水费也加价。'));
    expect(b.clusterId).not.toBe(a.clusterId);
  });

  it('matches the representative, so A≈B≈C does not chain an unrelated A and C', () => {
    const engine = new MergeEngine();
    const shared = '小区门口道路破损严重，坑洼积水，车辆通行困难，行人经常摔倒，请尽快修复。';
    const a = engine.add(doc('a', '丽发新城门口道路破损', `丽发新城${shared}`));
    // b names both estates: it matches a (丽发新城) …
    const b = engine.add(doc('b', '丽发新城门口道路破损', `丽发新城和森宇家园之间的${shared}`));
    // … and c matches b's text but names only 森宇家园, which a's representative never named
    const c = engine.add(doc('c', '森宇家园门口道路破损', `森宇家园${shared}`));
    expect(b.clusterId).toBe(a.clusterId);
    expect(c.clusterId).not.toBe(a.clusterId);
  });

  it('never merges a split demand back into its old cluster', () => {
    const engine = new MergeEngine();
    const first = doc('1', 'A市丽发新城附近搅拌站噪音扰民', MIXER);
    const copy = doc('2', 'A市丽发新城附近搅拌站噪音扰民', MIXER);
    const a = engine.add(first);
    expect(engine.add(copy).clusterId).toBe(a.clusterId);
    const split = engine.split(copy);
    expect(split.clusterId).not.toBe(a.clusterId);
    expect(engine.clusterOf('2')).toBe(split.clusterId);
    expect(engine.split(copy).clusterId).not.toBe(a.clusterId);
  });

  it('does not merge identical texts outside the time window or across known districts', () => {
    const engine = new MergeEngine({ windowDays: 30 });
    const a = engine.add(doc('1', 't', MIXER, { district: 'A2区' }));
    expect(engine.add(doc('2', 't', MIXER, { district: 'A2区', occurredAt: day(40) })).clusterId).not.toBe(a.clusterId);
    expect(engine.add(doc('3', 't', MIXER, { district: 'A3区' })).clusterId).not.toBe(a.clusterId);
    expect(engine.add(doc('4', 't', MIXER, { district: null, occurredAt: null })).created).toBe(false);
  });
});
