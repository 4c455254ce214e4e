import { jieba } from './non-name-words.ts';

/** jieba tags of proper names (place, person, organisation, other) and of words jieba does not know. */
const NAME_TAG = /^(ns|nr|nrt|nrfg|nz|nt|x|eng|j)$/;
/** A core of this many words is a compound name (商贸旅游职业技术学院) even when every word is common. */
const COMPOUND_WORDS = 3;
const cache = new Map<string, boolean>();

/**
 * Whether a place core identifies something: it holds a proper name or a word the dictionary does
 * not know (丽发, 伊景, 江押), or is a compound of several words. A core made of one or two common
 * words (幸福路, 水泥路, 行政村, 代表家乡, 时代倾城) is template vocabulary that many letters share,
 * so sharing it is no evidence of the same place. Used for positive evidence only: a conflict
 * between two different names still counts whatever the words.
 */
export function isNamedCore(core: string): boolean {
  let named = cache.get(core);
  if (named !== undefined) return named;
  const tokens = jieba().tag(core, true);
  named = tokens.length >= COMPOUND_WORDS || tokens.some((t) => NAME_TAG.test(t.tag));
  if (cache.size > 200_000) cache.clear();
  cache.set(core, named);
  return named;
}
