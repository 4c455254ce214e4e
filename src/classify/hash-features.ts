import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict.js';

/*
 * Sparse hashed features of a demand text ("title\ncontent", the pipeline's convention):
 * - character 1–maxGram-grams of the text, namespace "body": the first `headChars` characters
 *   and, of a longer text, the last `tailChars` (complaints often end with the actual request);
 * - character n-grams of the title again, namespace "title" (titles are short and on topic);
 * - jieba words (and adjacent-word bigrams) of the title, namespace "word", and of the first
 *   `bodyWordChars` characters of the content, namespace "body word".
 * Jieba runs on a bounded prefix only: segmenting whole messages runs at ~5,000 docs/s on one
 * core, the whole speed budget, while character n-grams already cover most words of the body.
 * Each feature is hashed (FNV-1a over UTF-16 units, then a murmur finaliser) into `buckets`
 * slots and counted; the weight of a bucket is (1 + ln count) × IDF, L2-normalised over the text
 * (computed by the trainer and, in one pass with the scoring, by the model).
 * The work per text is bounded by maxFeatures(options), whatever the text's length.
 */

export interface FeatureOptions {
  /** Leading characters of the text read for character n-grams. */
  headChars: number;
  /** Trailing characters also read when the text is longer than headChars + tailChars. */
  tailChars: number;
  /** Longest character n-gram (3 or 4). */
  maxGram: number;
  /** Leading characters of the first line that count as the title. */
  titleChars: number;
  /** Leading characters of the content (after the title) segmented into words; 0 = none. */
  bodyWordChars: number;
  /** Add bigrams of adjacent words. */
  wordBigrams: boolean;
  /** Title n-grams and words count this many times each (a heavier title; no extra work). */
  titleRepeat: number;
  /** Segment the title into jieba words (namespace "word"). */
  titleWords: boolean;
}

/*
 * Chosen on messages-labeled.jsonl (seeded grouped 80/20 split, and 5-fold grouped CV inside
 * the 80%): titleRepeat 3 raised CV macro-F1 0.908 → 0.914; a 1,000 + 300 character window
 * kept it (0.914) and is faster; body words (+0.000), word bigrams (−0.001), 4-grams (−0.011),
 * 2^18 buckets (−0.003), NB-SVM scaling and C = 1 (−0.005) did not help. Without title words
 * (titleWords false, ~15% faster hashing) CV fell 0.9142 → 0.9130 at C = 2; 2^19 buckets (half the
 * scoring table, fewer cache misses) fell 0.9170 → 0.9136 at C = 8. Both stay as they are
 * (and the buckets went up to 2^21 with class weights since, see train-linear.ts).
 * The title-only rows of messages-labeled-titleonly.jsonl as extra training data (as "title\n",
 * minus rows whose title equals a held-out one) gave CV 0.9164 → 0.9172 but holdout 0.9389 →
 * 0.9361 at C = 4: not clearly better, so not used by default. 10 epochs instead of 5: CV 0.9138.
 */
export const DEFAULT_FEATURE_OPTIONS: FeatureOptions = {
  headChars: 1_000,
  tailChars: 300,
  maxGram: 3,
  titleChars: 200,
  bodyWordChars: 0,
  wordBigrams: false,
  titleRepeat: 3,
  titleWords: true,
};

/** What models saved before feature options existed used (their files carry no `features`). */
export const LEGACY_FEATURE_OPTIONS: FeatureOptions = { ...DEFAULT_FEATURE_OPTIONS, headChars: 3_000, tailChars: 0, titleRepeat: 1 };

/**
 * Upper bound of the feature occurrences hashed for one text under the options, whatever its
 * length (so also of its distinct features): the work per text is linear in it.
 */
export function maxFeatures(o: FeatureOptions): number {
  const perWord = o.wordBigrams ? 2 : 1;
  const body = o.maxGram * (o.headChars + 1 + o.tailChars + 1);
  const title = o.maxGram * (o.titleChars + 1) + (o.titleWords ? perWord * o.titleChars : 0);
  return body + title + perWord * o.bodyWordChars;
}

/** The characters of a text that feature extraction reads (head, and tail of a long text). */
export function readWindow(text: string, o: FeatureOptions): { head: string; tail: string } {
  if (text.length <= o.headChars + o.tailChars) return { head: text, tail: '' };
  return { head: text.slice(0, o.headChars), tail: o.tailChars > 0 ? text.slice(text.length - o.tailChars) : '' };
}

export interface SparseVector {
  indices: Int32Array;
  values: Float32Array;
}

/** 1 + ln(count), from a table for the common small counts. */
export const LOG_COUNTS = Float32Array.from({ length: 256 }, (_, count) => (count === 0 ? 0 : 1 + Math.log(count)));
export function logCount(count: number): number {
  return count < 256 ? LOG_COUNTS[count]! : 1 + Math.log(count);
}

const BODY = 0x9e3779b1;
const TITLE = 0x85ebca77;
const WORD = 0xc2b2ae3d;
const BODY_WORD = 0x27d4eb2f;
const BIGRAM = 0x165667b1;
const BOUNDARY = 0x20;
const PRIME = 0x01000193;

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
 * The table is over twice the most features a text can produce; `added` counts every feature
 * occurrence (the work done), for tests of the bound.
 */
class Accumulator {
  readonly keys: Int32Array;
  readonly counts: Int32Array;
  readonly touched: Int32Array;
  readonly tableMask: number;
  size = 0;
  added = 0;
  constructor(
    readonly mask: number,
    limit: number,
  ) {
    const tableSize = 2 ** Math.ceil(Math.log2(2 * limit));
    this.keys = new Int32Array(tableSize);
    this.counts = new Int32Array(tableSize);
    this.touched = new Int32Array(limit);
    this.tableMask = tableSize - 1;
  }
  add(hash: number, times = 1): void {
    this.added += 1;
    const key = (finalise(hash) & this.mask) + 1;
    let slot = key & this.tableMask;
    while (this.keys[slot] !== 0 && this.keys[slot] !== key) slot = (slot + 1) & this.tableMask;
    if (this.keys[slot] === 0) {
      this.keys[slot] = key;
      this.touched[this.size++] = slot;
    }
    this.counts[slot]! += times;
  }
}

function addCharGrams(acc: Accumulator, text: string, seed: number, maxGram: number, times = 1): void {
  // Units of the current window; separators collapse into one boundary unit.
  let previous3 = -1;
  let previous2 = -1;
  let previous1 = BOUNDARY;
  for (let i = 0; i <= text.length; i++) {
    const unit = i < text.length ? FOLD[text.charCodeAt(i)]! || BOUNDARY : BOUNDARY;
    if (unit === BOUNDARY && previous1 === BOUNDARY) continue;
    if (unit !== BOUNDARY) acc.add(Math.imul(seed ^ unit, PRIME), times);
    const h1 = Math.imul(seed ^ previous1, PRIME);
    acc.add(Math.imul((h1 ^ unit) + 1, PRIME), times);
    if (previous2 >= 0) {
      const h2 = Math.imul(Math.imul(seed ^ previous2, PRIME) ^ previous1, PRIME);
      acc.add(Math.imul((h2 ^ unit) + 2, PRIME), times);
      if (maxGram >= 4 && previous3 >= 0) {
        const h3 = Math.imul(Math.imul(Math.imul(seed ^ previous3, PRIME) ^ previous2, PRIME) ^ previous1, PRIME);
        acc.add(Math.imul((h3 ^ unit) + 3, PRIME), times);
      }
    }
    previous3 = previous2;
    previous2 = previous1;
    previous1 = unit;
  }
}

function wordHash(word: string, seed: number): number {
  let hash = seed;
  let kept = 0;
  for (let i = 0; i < word.length; i++) {
    const unit = FOLD[word.charCodeAt(i)]!;
    if (unit === 0) continue;
    hash = Math.imul(hash ^ unit, PRIME);
    kept += 1;
  }
  return kept === 0 ? 0 : hash;
}

function addWords(acc: Accumulator, text: string, seed: number, bigrams: boolean, times = 1): void {
  jieba ??= Jieba.withDict(dict);
  let previous = 0;
  for (const word of jieba.cut(text, true)) {
    const hash = wordHash(word, seed);
    if (hash === 0) {
      previous = 0;
      continue;
    }
    if (word.length > 1) acc.add(hash, times);
    if (bigrams && previous !== 0) acc.add(Math.imul((previous ^ hash) + BIGRAM, PRIME), times);
    previous = hash;
  }
}

/** Counts the hashed features of texts in `buckets` (a power of two) slots. */
export class FeatureHasher {
  private readonly acc: Accumulator;
  readonly options: FeatureOptions;
  /** Most distinct features one text can produce. */
  readonly limit: number;

  constructor(
    readonly buckets: number,
    options: Partial<FeatureOptions> = {},
  ) {
    if (!Number.isInteger(Math.log2(buckets))) throw new Error(`buckets must be a power of two, got ${buckets}`);
    this.options = { ...DEFAULT_FEATURE_OPTIONS, ...options };
    this.limit = maxFeatures(this.options);
    this.acc = new Accumulator(buckets - 1, this.limit);
    ({ keys: this.keys, counts: this.slotCounts, touched: this.touched } = this.acc);
    this.bucketsOut = new Int32Array(this.limit);
    this.countsOut = new Int32Array(this.limit);
  }

  private readonly keys: Int32Array;
  private readonly slotCounts: Int32Array;
  private readonly touched: Int32Array;

  /** Feature occurrences hashed for the last text (the work done on it). */
  get lastWork(): number {
    return this.acc.added;
  }

  /** The distinct buckets of one text's features with their counts (at most `limit`). */
  counts(text: string): SparseVector {
    const size = this.collect(text);
    return { indices: this.bucketsOut.slice(0, size), values: Float32Array.from(this.countsOut.subarray(0, size)) };
  }

  /** Bucket of each distinct feature of the last text collected (the first `size` entries). */
  readonly bucketsOut: Int32Array = new Int32Array(0);
  /** Count of each distinct feature of the last text collected. */
  readonly countsOut: Int32Array = new Int32Array(0);

  /**
   * Hashes one text's features into bucketsOut / countsOut, reused for every text (scoring
   * allocates nothing per text); returns the number of distinct buckets.
   */
  collect(text: string): number {
    const o = this.options;
    const { head, tail } = readWindow(text, o);
    const newline = head.indexOf('\n');
    const title = newline > 0 ? head.slice(0, Math.min(newline, o.titleChars)) : '';
    const acc = this.acc;
    acc.size = 0;
    acc.added = 0;
    addCharGrams(acc, head, BODY, o.maxGram);
    if (tail !== '') addCharGrams(acc, tail, BODY, o.maxGram);
    if (title !== '') {
      addCharGrams(acc, title, TITLE, o.maxGram, o.titleRepeat);
      if (o.titleWords) addWords(acc, title, WORD, o.wordBigrams, o.titleRepeat);
    }
    if (o.bodyWordChars > 0) {
      const start = newline >= 0 ? newline + 1 : 0;
      const content = head.slice(start, start + o.bodyWordChars);
      if (content !== '') addWords(acc, content, BODY_WORD, o.wordBigrams);
    }
    const { bucketsOut, countsOut, keys, slotCounts, touched } = this;
    const size = acc.size;
    for (let i = 0; i < size; i++) {
      const slot = touched[i]!;
      bucketsOut[i] = keys[slot]! - 1;
      countsOut[i] = slotCounts[slot]!;
      keys[slot] = 0;
      slotCounts[slot] = 0;
    }
    return size;
  }
}
