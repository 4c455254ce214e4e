import { describe, expect, it } from 'vitest';
import { minhashSignature, SIGNATURE_LENGTH } from '../../src/merge/minhash.ts';
import { fmix32, ngramSet } from '../../src/merge/ngrams.ts';

/** The definition, shingle by shingle: signatures are stored in the merge log, so they must never change. */
function reference(shingles: Uint32Array): Uint32Array {
  const seeds = Array.from({ length: SIGNATURE_LENGTH }, (_, i) => fmix32(0x9e3779b9 ^ Math.imul(i + 1, 0x632be5ab)));
  const out = new Uint32Array(SIGNATURE_LENGTH).fill(0xffffffff);
  for (const x of shingles) seeds.forEach((seed, k) => (out[k] = Math.min(out[k]!, fmix32(x ^ seed))));
  return out;
}

describe('minhashSignature', () => {
  it('gives the stored values for a known text (as computed before the seed-by-seed loop)', () => {
    const s = minhashSignature(ngramSet('幸福里小区3号楼电梯经常故障，困人多次，请尽快维修。', 3));
    expect(Array.from(s.slice(0, 8))).toEqual([182512774, 106123246, 18954361, 115830312, 267111326, 841303704, 85195579, 27598866]);
  });

  it('equals the shingle-by-shingle definition, including high hashes and an empty set', () => {
    let state = 12345;
    const next = () => (state = fmix32(state + 0x9e3779b9));
    for (let i = 0; i < 200; i++) {
      const shingles = Uint32Array.from({ length: i % 7 === 0 ? 0 : 1 + ((i * 37) % 500) }, next);
      expect(Array.from(minhashSignature(shingles))).toEqual(Array.from(reference(shingles)));
    }
  });

  it('fills a given output array', () => {
    const out = new Uint32Array(SIGNATURE_LENGTH).fill(7);
    expect(minhashSignature(Uint32Array.of(1, 2, 3), out)).toBe(out);
    expect(Array.from(out)).toEqual(Array.from(reference(Uint32Array.of(1, 2, 3))));
  });
});
