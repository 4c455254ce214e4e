import { describe, expect, it } from 'vitest';
import { MergeEngine } from '../../src/merge/merge-engine.ts';
import type { DemandDoc } from '../../src/merge/profile.ts';

const at = new Date(Date.UTC(2019, 10, 1));
const doc = (id: string, title: string, content: string): DemandDoc => ({ id, title, content, occurredAt: at });

const NOISE = '我是A市暮云街道丽发新城的一名业主，小区附近新建了一个大型搅拌站，每天早上六点开始施工，噪音和粉尘严重影响居民休息，请相关部门尽快处理。';
const PARKING = '丽发新城小区停车位严重不足，业主车辆只能停在消防通道上，物业收取高额停车费却不管理，请相关部门督促整改。';

/** One ticket about the noise, then newer tickets at the same estate about parking (place-postings candidates: the estate stays rare). */
function crowdedEngine(verifyBudget: number): { engine: MergeEngine; target: string } {
  const engine = new MergeEngine({ verifyBudget });
  const prepared = engine.prepare(doc('noise', 'A市丽发新城附近搅拌站噪音扰民', NOISE));
  engine.load({ ...prepared, clusterId: 'noise-ticket', memberIds: [] });
  for (let i = 0; i < 4; i++) {
    const p = engine.prepare(doc(`parking-${i}`, `丽发新城停车难问题${i}`, `${PARKING}第${i}次反映。`));
    engine.load({ ...p, clusterId: `parking-${i}`, memberIds: [] });
  }
  return { engine, target: 'noise-ticket' };
}

describe('candidate ranking by MinHash estimate', () => {
  it('verifies the best-estimated candidate first, so a budget of one still finds the duplicate', () => {
    const { engine, target } = crowdedEngine(1);
    const before = engine.stats.comparisons;
    const out = engine.add(doc('q', '丽发新城搅拌站噪音扰民', `${NOISE}再次反映。`));
    expect(out.clusterId).toBe(target);
    expect(out.explanation.rule).toBe('near-duplicate');
    expect(engine.stats.comparisons - before).toBe(1);
  });

  it('stops after a near-duplicate once the remaining estimates are far below it, whatever the budget', () => {
    const { engine, target } = crowdedEngine(100);
    const before = engine.stats.comparisons;
    const out = engine.add(doc('q', '丽发新城搅拌站噪音扰民', `${NOISE}再次反映。`));
    expect(out.clusterId).toBe(target);
    expect(engine.stats.candidateClusters).toBeGreaterThan(1);
    expect(engine.stats.comparisons - before).toBeLessThan(engine.stats.candidateClusters);
  });

  it('with no near-duplicate, verifies at most the budget', () => {
    const { engine } = crowdedEngine(3);
    const before = engine.stats.comparisons;
    engine.add(doc('q', '丽发新城垃圾清运不及时', '丽发新城小区垃圾站已经一个星期没有清运，臭气熏天，蚊蝇滋生，请环卫部门处理。'));
    expect(engine.stats.comparisons - before).toBeLessThanOrEqual(3);
  });
});
