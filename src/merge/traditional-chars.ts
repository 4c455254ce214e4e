import * as OpenCC from 'opencc-js';

type DictLike = string | ReadonlyArray<readonly [string, string] | string[]>;

/**
 * opencc-js's traditional → simplified conversion (tw2s, the converter `normaliseText` uses) applied
 * only where it can change something, with exactly the same result, from the library's own
 * dictionaries: a changed character is one where some entry's replacement differs from the entry
 * (all of an entry's characters when the lengths differ); a text without one converts to itself.
 * Only the runs of `text` that hold a changed character are converted: a character that is
 * part of no dictionary entry (space, punctuation, most simplified characters) ends every match
 * of every stage, so converting the runs between such characters one by one gives the same
 * result as converting the whole text. Texts with surrogates or ideographic description
 * characters (whose handling spans several characters) are converted whole.
 */
export function convertChangedRuns(convert: (text: string) => string): (text: string) => string {
  const sets = codePointSets();
  if (!sets) return convert;
  const { changing, inKey } = sets;
  return (text) => {
    let out: string[] | undefined;
    let runStart = 0, done = 0, runChanges = false;
    for (let i = 0; i <= text.length; i++) {
      const c = i < text.length ? text.charCodeAt(i) : -1;
      if ((c >= 0xd800 && c < 0xe000) || (c >= 0x2ff0 && c <= 0x2fff)) return convert(text);
      if (c >= 0 && inKey[c]) {
        if (changing[c]) runChanges = true;
        continue;
      }
      // text[runStart, i) is a run of characters that occur in dictionary entries
      if (runChanges) {
        out ??= [];
        out.push(text.slice(done, runStart), convert(text.slice(runStart, i)));
        done = i;
      }
      runStart = i + 1;
      runChanges = false;
    }
    if (!out) return text;
    out.push(text.slice(done));
    return out.join('');
  };
}

interface CodePointSets {
  /** BMP code points a changing entry differs in. */
  changing: Uint8Array;
  /** BMP code points that occur in any entry (of any stage, segmentation included). */
  inKey: Uint8Array;
}

let cached: CodePointSets | null | undefined;

function codePointSets(): CodePointSets | null {
  if (cached !== undefined) return cached;
  const config = (OpenCC.Locale.configs as Record<string, { normalizationChain?: unknown[][]; segmentation?: unknown; conversionChain: readonly unknown[][] }>)['tw2s'];
  if (!config) return (cached = null);
  const changing = new Uint8Array(0x10000);
  const inKey = new Uint8Array(0x10000);
  const segmentation = config.segmentation === undefined ? [] : [Array.isArray(config.segmentation) && config.segmentation.every((d) => typeof d === 'string') ? config.segmentation : [config.segmentation]];
  const groups = [...(config.normalizationChain ?? []), ...segmentation, ...config.conversionChain];
  for (const group of groups) for (const dict of group as DictLike[]) for (const [key, value] of entries(dict)) {
    const [k, v] = [[...key], [...value]];
    k.forEach((ch, i) => {
      const cp = ch.codePointAt(0)!;
      // an astral code point in an entry: texts holding one are converted whole (surrogates)
      if (cp >= 0x10000) return;
      inKey[cp] = 1;
      if (key !== value && (k.length !== v.length || ch !== v[i])) changing[cp] = 1;
    });
  }
  return (cached = { changing, inKey });
}

/** Entries as opencc-js's Trie.loadDict reads them ("a alpha|b beta" or pairs); a bad entry makes every text convert. */
function* entries(dict: DictLike): Generator<readonly [string, string]> {
  if (typeof dict === 'string') {
    if (dict === '') return;
    for (const line of dict.split('|')) {
      const [l, r] = line.split(' ');
      yield [l ?? '', r ?? ''];
    }
  } else for (const pair of dict) yield [pair[0] ?? '', pair[1] ?? ''];
}
