import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict.js';

/**
 * jieba part-of-speech tags that never belong to a name: verbs, adverbs, prepositions, pronouns,
 * conjunctions, particles, numerals, classifiers ('投诉/v 滨河苑', '两条/m 大道').
 */
export const NON_NAME_TAG = /^(v|vd|d|p|r|c|uj|ul|uz|ug|m|q|f|e|y|o)$/;

let instance: Jieba | undefined;

/** The one jieba segmenter of the merge code (loading its dictionary takes ~200 ms and tens of MB). */
export function jieba(): Jieba {
  return (instance ??= Jieba.withDict(dict));
}
/** Dictionary words jieba tags as non-names (its `tag` is `cut` plus the dictionary's tag; a later line wins, as in jieba-rs). */
let nonNameWords: Set<string> | undefined;
/** Dictionary words of ASCII digits that the dictionary tags as something else (an unknown such word would be tagged m). */
let otherNumerals: Set<string> | undefined;

function load(): Set<string> {
  const tags = new Map<string, string>();
  for (const line of Buffer.from(dict).toString('utf8').split('\n')) {
    const [word, , tag] = line.trim().split(' ');
    if (word) tags.set(word, tag ?? '');
  }
  const nonName = new Set<string>();
  otherNumerals = new Set<string>();
  for (const [word, tag] of tags) {
    if (NON_NAME_TAG.test(tag) && !numbered(word, tag)) nonName.add(word);
    else if (asciiNumeral(word)) otherNumerals.add(word);
  }
  return nonName;
}

/** A numbered name (和顺洋湖壹号小区, 一号院) keeps its number. */
const numbered = (word: string, tag: string) => tag === 'm' && word.endsWith('号');

/** jieba-rs tags a word missing from the dictionary m when its ASCII letters and digits are all digits (and there is one). */
function asciiNumeral(word: string): boolean {
  let alnum = 0, digits = 0;
  for (let i = 0; i < word.length; i++) {
    const c = word.charCodeAt(i);
    const digit = c >= 48 && c <= 57;
    if (digit || (c >= 65 && c <= 90) || (c >= 97 && c <= 122)) alnum++;
    if (digit) digits++;
  }
  return alnum > 0 && alnum === digits;
}

/** Whether `jieba.tag` gives `word` a non-name tag (and it is no numbered name). */
export function isNonNameWord(word: string): boolean {
  nonNameWords ??= load();
  if (nonNameWords.has(word)) return true;
  return asciiNumeral(word) && !otherNumerals!.has(word) && !numbered(word, 'm');
}

/**
 * Marks with 2 in `floor` every position inside or after a word jieba tags as a non-name
 * (positions offset+1 … end of the word), for the clauses (space-separated: jieba cuts each
 * whitespace-free block on its own) that `needed` says may hold a place.
 */
export function markNonNames(text: string, floor: Int32Array, needed: (from: number, to: number) => boolean): void {
  const segmenter = jieba();
  for (let from = 0; from < text.length; ) {
    let to = text.indexOf(' ', from);
    if (to < 0) to = text.length;
    if (to > from && needed(from, to)) {
      let offset = from;
      for (const word of segmenter.cut(text.slice(from, to), true)) {
        const end = offset + word.length;
        if (isNonNameWord(word)) for (let i = offset + 1; i <= end; i++) if (floor[i]! < 2) floor[i] = 2;
        offset = end;
      }
    }
    from = to + 1;
  }
}
