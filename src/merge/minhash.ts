import { fmix32 } from './ngrams.ts';

/** Number of MinHash values per signature: 32 LSH bands of 2 rows. */
export const SIGNATURE_LENGTH = 64;

const SEEDS = Uint32Array.from({ length: SIGNATURE_LENGTH }, (_, i) => fmix32(0x9e3779b9 ^ Math.imul(i + 1, 0x632be5ab)));

/**
 * MinHash signature of a shingle set: per seed, the minimum of the re-hashed shingles (fmix32 of
 * shingle XOR seed). Seed by seed, so the running minimum stays in a register (about a third
 * faster than shingle by shingle, which loads and stores the signature's slot each time; the same
 * values: signatures are stored in the merge log).
 */
export function minhashSignature(shingles: Uint32Array, out = new Uint32Array(SIGNATURE_LENGTH)): Uint32Array {
  const n = shingles.length;
  for (let k = 0; k < SIGNATURE_LENGTH; k++) {
    const seed = SEEDS[k]!;
    let min = 0xffffffff;
    for (let s = 0; s < n; s++) {
      const h = fmix32(shingles[s]! ^ seed);
      if (h < min) min = h;
    }
    out[k] = min;
  }
  return out;
}

/** Estimated Jaccard: the share of positions where two signatures agree. */
export function estimatedJaccard(a: Uint32Array, aOffset: number, b: Uint32Array, bOffset: number): number {
  let same = 0;
  for (let k = 0; k < SIGNATURE_LENGTH; k++) if (a[aOffset + k] === b[bOffset + k]) same++;
  return same / SIGNATURE_LENGTH;
}
