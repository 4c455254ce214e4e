import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict.js';

/*
 * Sparse hashed features of a demand text ("title\ncontent", the pipeline's convention):
 * - character 1–3-grams of the whole text (up to MAX_FEATURE_CHARS), namespace "body";
 * - character 1–3-grams of the title again, namespace "title" (titles are short and on topic);
 * - jieba words of the title, namespace "word".
 * Jieba runs on the title only: segmenting whole messages runs at ~4,800 docs/s on one core
 * (measured on messages-labeled.jsonl), below the 5,000 docs/s goal before any scoring, while
 * the title takes ~1/15 of that time; character n-grams already cover the words of the body.
 * Each feature is hashed (FNV-1a over UTF-16 units, then a murmur finaliser) into `buckets`
 * slots; counts become 1 + ln(tf), are multiplied by the per-bucket IDF when one is given, and
 * the vector is L2-normalised.
 */

/** Only this many leading characters are read, so the time per message is bounded. */
export const MAX_FEATURE_CHARS = 3_000;
/** Only this many leading characters of the first line count as the title. */
export const MAX_TITLE_CHARS = 200;

export interface SparseVector {
  indices: Int32Array;
  values: Float32Array;
}

const BODY = 0x9e3779b1;
const TITLE = 0x85ebca77;
const WORD = 0xc2b2ae3d;
const BOUNDARY = 0x20;

// Per UTF-16 unit: 0 = separator (whitespace, punctuation, symbols), else the unit to hash
// (lower-cased; every digit becomes '0').
const FOLD = new Uint16Array(65_536);
for (let unit = 0; unit < 65_536; unit++) {
  const char = String.fromCharCode(unit);
  if (/\p{Nd}/u.test(char)) FOLD[unit] = 0x30;
  else if (/[\p{L}\p{N}\p{M}]/u.test(char) || (unit >= 0xd800 && unit <= 0xdfff)) FOLD[unit] = char.toLowerCase().charCodeAt(0);
}

let jieba: Jieba | undefined;

function finalise(hash: number): number {
  let h = hash ^ (hash >>> 16);
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** Reusable per-bucket counts plus the list of buckets touched, so no Map per document. */
class Accumulator {
  readonly counts: Float32Array;
  touched: Int32Array;
  size = 0;
  constructor(readonly mask: number) {
    this.counts = new Float32Array(mask + 1);
    this.touched = new Int32Array(1024);
  }
  add(hash: number): void {
    const bucket = finalise(hash) & this.mask;
    if (this.counts[bucket] === 0) {
      if (this.size === this.touched.length) {
        const grown = new Int32Array(this.size * 2);
        grown.set(this.touched);
        this.touched = grown;
      }
      this.touched[this.size++] = bucket;
    }
    this.counts[bucket]! += 1;
  }
}

function addCharGrams(acc: Accumulator, text: string, seed: number): void {
  // Units of the current window; separators collapse into one boundary unit.
  let previous2 = -1;
  let previous1 = BOUNDARY;
  for (let i = 0; i <= text.length; i++) {
    const unit = i < text.length ? FOLD[text.charCodeAt(i)]! || BOUNDARY : BOUNDARY;
    if (unit === BOUNDARY && previous1 === BOUNDARY) continue;
    if (unit !== BOUNDARY) acc.add(Math.imul(seed ^ unit, 0x01000193));
    const bigram = Math.imul((Math.imul(seed ^ previous1, 0x01000193) ^ unit) + 1, 0x01000193);
    acc.add(bigram);
    if (previous2 >= 0) acc.add(Math.imul((Math.imul(Math.imul(seed ^ previous2, 0x01000193) ^ previous1, 0x01000193) ^ unit) + 2, 0x01000193));
    previous2 = previous1;
    previous1 = unit;
  }
}

function addWords(acc: Accumulator, title: string): void {
  jieba ??= Jieba.withDict(dict);
  for (const word of jieba.cut(title, true)) {
    let hash = WORD;
    let kept = false;
    for (let i = 0; i < word.length; i++) {
      const unit = FOLD[word.charCodeAt(i)]!;
      if (unit === 0) continue;
      hash = Math.imul(hash ^ unit, 0x01000193);
      kept = true;
    }
    if (kept && word.length > 1) acc.add(hash);
  }
}

/** Hashes texts into sparse vectors over `buckets` (a power of two) slots. */
export class FeatureHasher {
  private readonly acc: Accumulator;

  constructor(
    readonly buckets: number,
    private readonly idf?: Float32Array,
  ) {
    if (!Number.isInteger(Math.log2(buckets))) throw new Error(`buckets must be a power of two, got ${buckets}`);
    this.acc = new Accumulator(buckets - 1);
  }

  /** The feature vector of one text; at most ~3 × (MAX_FEATURE_CHARS + 2 × MAX_TITLE_CHARS) entries. */
  vector(text: string): SparseVector {
    const body = text.length > MAX_FEATURE_CHARS ? text.slice(0, MAX_FEATURE_CHARS) : text;
    const newline = body.indexOf('\n');
    const title = newline > 0 ? body.slice(0, Math.min(newline, MAX_TITLE_CHARS)) : '';
    const acc = this.acc;
    acc.size = 0;
    addCharGrams(acc, body, BODY);
    if (title !== '') {
      addCharGrams(acc, title, TITLE);
      addWords(acc, title);
    }
    const indices = new Int32Array(acc.size);
    const values = new Float32Array(acc.size);
    let norm = 0;
    let kept = 0;
    for (let i = 0; i < acc.size; i++) {
      const bucket = acc.touched[i]!;
      const weight = (1 + Math.log(acc.counts[bucket]!)) * (this.idf ? this.idf[bucket]! : 1);
      acc.counts[bucket] = 0;
      if (weight === 0) continue;
      indices[kept] = bucket;
      values[kept++] = weight;
      norm += weight * weight;
    }
    const scale = norm > 0 ? 1 / Math.sqrt(norm) : 0;
    for (let i = 0; i < kept; i++) values[i]! *= scale;
    return { indices: indices.subarray(0, kept), values: values.subarray(0, kept) };
  }
}
