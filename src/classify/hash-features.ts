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
 * slots and counted; the weight of a bucket is (1 + ln count) × IDF, L2-normalised over the text
 * (computed by the trainer and, in one pass with the scoring, by the model).
 */

/** Only this many leading characters are read, so the time per message is bounded. */
export const MAX_FEATURE_CHARS = 3_000;
/** Only this many leading characters of the first line count as the title. */
export const MAX_TITLE_CHARS = 200;

/** Upper bound of distinct features of one text: three n-gram sizes over the text and the title twice. */
export const MAX_FEATURES = 3 * (MAX_FEATURE_CHARS + 1) + 3 * 2 * (MAX_TITLE_CHARS + 1);
const TABLE_SIZE = 2 ** Math.ceil(Math.log2(2 * MAX_FEATURES));

export interface SparseVector {
  indices: Int32Array;
  values: Float32Array;
}

/** 1 + ln(count), from a table for the common small counts. */
const LOG_COUNTS = Float32Array.from({ length: 256 }, (_, count) => (count === 0 ? 0 : 1 + Math.log(count)));
export function logCount(count: number): number {
  return count < 256 ? LOG_COUNTS[count]! : 1 + Math.log(count);
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

/**
 * Counts per bucket in a small open-addressing table (keys are bucket + 1, 0 = empty) that stays
 * in the CPU cache, instead of an array over all buckets whose random access dominated the time.
 * TABLE_SIZE is over twice the most features a text can produce (see MAX_FEATURES).
 */
class Accumulator {
  readonly keys = new Int32Array(TABLE_SIZE);
  readonly counts = new Int32Array(TABLE_SIZE);
  readonly touched = new Int32Array(MAX_FEATURES);
  size = 0;
  constructor(readonly mask: number) {}
  add(hash: number): void {
    const key = (finalise(hash) & this.mask) + 1;
    let slot = key & (TABLE_SIZE - 1);
    while (this.keys[slot] !== 0 && this.keys[slot] !== key) slot = (slot + 1) & (TABLE_SIZE - 1);
    if (this.keys[slot] === 0) {
      this.keys[slot] = key;
      this.touched[this.size++] = slot;
    }
    this.counts[slot]! += 1;
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

/** Counts the hashed features of texts in `buckets` (a power of two) slots. */
export class FeatureHasher {
  private readonly acc: Accumulator;

  constructor(readonly buckets: number) {
    if (!Number.isInteger(Math.log2(buckets))) throw new Error(`buckets must be a power of two, got ${buckets}`);
    this.acc = new Accumulator(buckets - 1);
  }

  /** The distinct buckets of one text's features with their counts (at most MAX_FEATURES). */
  counts(text: string): SparseVector {
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
    for (let i = 0; i < acc.size; i++) {
      const slot = acc.touched[i]!;
      indices[i] = acc.keys[slot]! - 1;
      values[i] = acc.counts[slot]!;
      acc.keys[slot] = 0;
      acc.counts[slot] = 0;
    }
    return { indices, values };
  }
}
