import { seededRandom, shuffleInPlace } from './random.ts';

/*
 * Seeded, stratified folds that keep near-identical messages together. The data holds exact
 * duplicates and near-verbatim reposts (same text with another greeting, signature or title), so
 * a row-level split would score the model on messages it was trained on. Messages are grouped
 * (union–find) when any of these keys match, on text folded to lower-case letters and digits:
 * the whole content; its first 40 or last 40 characters (contents of ≥ 40 characters); the title
 * (titles of ≥ 10 characters). Each group goes, whole, to the fold that so far holds the fewest
 * rows of the group's majority label; groups are visited in a seeded random order per label.
 * On messages-labeled.jsonl: 6,606 rows form 6,261 groups, 665 rows are in groups of two or more.
 */

const PREFIX = 40;
const MIN_TITLE = 10;

function fold(text: string): string {
  return text.toLowerCase().replace(/[^\p{L}\p{N}]/gu, '');
}

function groupKeys(text: string): string[] {
  const newline = text.indexOf('\n');
  const title = fold(newline >= 0 ? text.slice(0, newline) : '');
  const content = fold(newline >= 0 ? text.slice(newline + 1) : text);
  const keys = [`c:${content}`];
  if (content.length >= PREFIX) keys.push(`p:${content.slice(0, PREFIX)}`, `s:${content.slice(-PREFIX)}`);
  if (title.length >= MIN_TITLE) keys.push(`t:${title}`);
  return keys;
}

/** Group number per text ("title\ncontent"): texts sharing a key end up in the same group. */
export function duplicateGroups(texts: readonly string[]): Int32Array {
  const parent = Int32Array.from(texts.keys());
  const find = (x: number): number => {
    while (parent[x] !== x) x = parent[x] = parent[parent[x]!]!;
    return x;
  };
  const firstWithKey = new Map<string, number>();
  texts.forEach((text, i) => {
    for (const key of groupKeys(text)) {
      const first = firstWithKey.get(key);
      if (first === undefined) firstWithKey.set(key, i);
      else parent[find(i)] = find(first);
    }
  });
  return Int32Array.from(texts.keys(), find);
}

/** Splits example indices into `k` folds, stratified by label, never splitting a duplicate group. */
export function groupedFolds(examples: readonly { text: string; label: string }[], k: number, seed: number): number[][] {
  const groups = duplicateGroups(examples.map((example) => example.text));
  const members = new Map<number, number[]>();
  examples.forEach((_, i) => {
    const rows = members.get(groups[i]!);
    if (rows) rows.push(i);
    else members.set(groups[i]!, [i]);
  });
  const byLabel = new Map<string, number[][]>();
  for (const rows of members.values()) {
    const label = majorityLabel(rows.map((i) => examples[i]!.label));
    const labelGroups = byLabel.get(label);
    if (labelGroups) labelGroups.push(rows);
    else byLabel.set(label, [rows]);
  }
  const folds: number[][] = Array.from({ length: k }, () => []);
  const random = seededRandom(seed);
  for (const label of [...byLabel.keys()].sort()) {
    const labelGroups = byLabel.get(label)!;
    shuffleInPlace(labelGroups, random);
    const counts = new Array<number>(k).fill(0);
    for (const rows of labelGroups) {
      const target = counts.indexOf(Math.min(...counts));
      counts[target]! += rows.length;
      folds[target]!.push(...rows);
    }
  }
  return folds.map((rows) => rows.sort((a, b) => a - b));
}

/** A seeded grouped stratified split: about `testShare` of the rows (1/round(1/testShare)) are test. */
export function groupedSplit(
  examples: readonly { text: string; label: string }[],
  seed: number,
  testShare = 0.2,
): { train: number[]; test: number[] } {
  const [test, ...rest] = groupedFolds(examples, Math.round(1 / testShare), seed);
  return { train: rest.flat().sort((a, b) => a - b), test: test! };
}

function majorityLabel(labels: string[]): string {
  const counts = new Map<string, number>();
  for (const label of labels) counts.set(label, (counts.get(label) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]![0];
}
