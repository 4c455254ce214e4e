import { describe, expect, it } from 'vitest';
import { evaluateBurstMethods } from '../../src/analytics/burst-eval.ts';
import { kleinbergBurst, kleinbergStates, poissonBurst } from '../../src/analytics/burst-detectors.ts';

describe('burst detectors', () => {
  it('Poisson z: flags a jump over a steady baseline, not a steady week', () => {
    expect(poissonBurst([2, 3, 2, 2, 3, 2, 2, 3, 12])).toMatchObject({ burst: true, current: 12 });
    expect(poissonBurst([2, 3, 2, 2, 3, 2, 2, 3, 3]).burst).toBe(false);
    expect(poissonBurst([0, 0, 0, 0, 0, 0, 0, 0, 2]).burst).toBe(false); // below the minimum count
  });

  it('Kleinberg: the burst state covers the high-share buckets', () => {
    const totals = Array(10).fill(100);
    const states = kleinbergStates([2, 2, 3, 2, 2, 15, 18, 2, 2, 2], totals);
    expect(states).toEqual([0, 0, 0, 0, 0, 1, 1, 0, 0, 0]);
    expect(kleinbergBurst([2, 2, 3, 2, 2, 2, 2, 2, 16], Array(9).fill(100)).burst).toBe(true);
    expect(kleinbergBurst([2, 2, 3, 2, 2, 2, 2, 2, 3], Array(9).fill(100)).burst).toBe(false);
  });

  it('measures alert rates and injected-burst detection for both methods', () => {
    const events = [];
    for (let week = 0; week < 30; week++) for (let c = 0; c < 5; c++) for (let k = 0; k < 3 + ((week + c) % 2); k++) events.push({ week, cell: `c${c}` });
    const result = evaluateBurstMethods(events, { baselineWeeks: 8, injectSizes: [10], trials: 50, seed: 1 });
    for (const s of result.scores) {
      expect(s.alertRate).toBe(0);
      expect(s.detection['+10']).toBeGreaterThan(0.9);
    }
  });
});
