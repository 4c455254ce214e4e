import { describe, expect, it } from 'vitest';
import { minhashSignature } from '../../src/merge/minhash.ts';
import { MinHashIndex, UNKNOWN_REGION, UNKNOWN_TIME } from '../../src/merge/minhash-index.ts';
import { jaccard, ngramSet } from '../../src/merge/ngrams.ts';

const sig = (text: string) => minhashSignature(ngramSet(text, 3));
const A = '丽发新城小区附近修建搅拌站，噪音和粉尘严重影响居民休息，请尽快处理';
const B = '丽发新城小区附近修建搅拌站，噪音和扬尘严重影响居民生活，请尽快关闭';
const C = '学士睿哲小学进出道路被不明工地封闭，学生上学放学无法通行';
const query = (signature: Uint32Array, time = 0, region = UNKNOWN_REGION) => ({ signature, time, windowMinutes: 60, region, minEstimate: 0.1 });

describe('MinHashIndex', () => {
  it('finds near-duplicates, estimates their Jaccard, and skips unrelated texts', () => {
    const index = new MinHashIndex(4);
    const a = index.add(sig(A), 0, UNKNOWN_REGION);
    index.add(sig(C), 0, UNKNOWN_REGION);
    const hits = index.query(query(sig(B)));
    expect(hits.map((h) => h.slot)).toEqual([a]);
    expect(Math.abs(hits[0]!.estimate - jaccard(ngramSet(A, 3), ngramSet(B, 3)))).toBeLessThan(0.2);
  });

  it('blocks by time window and known region, not by unknown ones', () => {
    const index = new MinHashIndex();
    index.add(sig(A), 0, 1);
    expect(index.query(query(sig(A), 61))).toHaveLength(0);
    expect(index.query(query(sig(A), UNKNOWN_TIME))).toHaveLength(1);
    expect(index.query(query(sig(A), 0, 2))).toHaveLength(0);
    expect(index.query(query(sig(A), 0, UNKNOWN_REGION))).toHaveLength(1);
  });

  it('removes entries, reuses slots and grows past its initial capacity', () => {
    const index = new MinHashIndex(2);
    const slots = Array.from({ length: 50 }, (_, i) => index.add(sig(`${A}${i}`), 0, UNKNOWN_REGION));
    index.remove(slots[0]!);
    expect(index.size).toBe(49);
    expect(index.query(query(sig(`${A}0`))).some((h) => h.slot === slots[0])).toBe(false);
    expect(index.add(sig(C), 0, UNKNOWN_REGION)).toBe(slots[0]);
  });

  it('round-trips through a Buffer with the same slots and answers', () => {
    const index = new MinHashIndex();
    index.add(sig(A), 5, 3);
    const c = index.add(sig(C), UNKNOWN_TIME, UNKNOWN_REGION);
    index.remove(0);
    const copy = MinHashIndex.fromBuffer(index.toBuffer());
    expect(copy.size).toBe(1);
    expect(copy.query(query(sig(C))).map((h) => h.slot)).toEqual([c]);
  });
});
