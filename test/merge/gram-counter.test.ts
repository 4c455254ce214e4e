import { describe, expect, it } from 'vitest';
import { GramCounter } from '../../src/merge/gram-counter.ts';

describe('GramCounter', () => {
  it('counts like a Map while it grows, including hash 0 and absent hashes', () => {
    const counter = new GramCounter(16);
    const reference = new Map<number, number>();
    let seed = 7;
    for (let i = 0; i < 50_000; i++) {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      const hash = i % 11 === 0 ? 0 : seed % 20_000;
      counter.increment(hash);
      reference.set(hash, (reference.get(hash) ?? 0) + 1);
    }
    for (const [hash, count] of reference) expect(counter.get(hash)).toBe(count);
    expect(counter.get(123_456_789)).toBe(0);
    expect(counter.distinct).toBe(reference.size);
  });
});
