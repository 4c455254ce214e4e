import { describe, expect, it } from 'vitest';
import { mapYielding } from '../../src/queue/yield-to-io.ts';

const busy = (ms: number) => {
  const until = performance.now() + ms;
  while (performance.now() < until);
};

describe('mapYielding', () => {
  it('maps in order and lets other callbacks run between slices of work', async () => {
    let ranAt = -1;
    let done = 0;
    setImmediate(() => (ranAt = done));
    const out = await mapYielding([1, 2, 3, 4, 5, 6, 7, 8], (x, i) => {
      busy(1);
      done++;
      return x * 10 + i;
    }, 2);
    expect(out).toEqual([10, 21, 32, 43, 54, 65, 76, 87]);
    // the callback queued before the work ran while items were left, not after all of them
    expect(ranAt).toBeGreaterThan(0);
    expect(ranAt).toBeLessThan(8);
  });

  it('does not yield for quick work', async () => {
    let ran = false;
    setImmediate(() => (ran = true));
    await mapYielding([1, 2, 3], (x) => x, 1_000);
    expect(ran).toBe(false);
  });
});
