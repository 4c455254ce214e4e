import * as OpenCC from 'opencc-js';

type DictLike = string | ReadonlyArray<readonly [string, string] | string[]>;

/**
 * The code points that opencc-js's traditional → simplified conversion (tw2s, the converter
 * `normaliseText` uses) can change: for every dictionary entry whose replacement differs from it,
 * the code points where they differ (all of the entry's when the lengths differ). A text holding
 * none of them converts to itself — no changing entry can match it — so the conversion can be
 * skipped with exactly the same result. Built from the library's own dictionaries.
 */
export function changingCodePoints(): (text: string) => boolean {
  const config = (OpenCC.Locale.configs as Record<string, { normalizationChain?: unknown[][]; conversionChain: readonly unknown[][] }>)['tw2s'];
  if (!config) return () => true; // unknown library layout: always convert
  const bmp = new Uint8Array(0x10000);
  const astral = new Set<number>();
  const mark = (cp: number) => (cp < 0x10000 ? (bmp[cp] = 1) : astral.add(cp));
  const groups = [...(config.normalizationChain ?? []), ...config.conversionChain];
  for (const group of groups) for (const dict of group as DictLike[]) for (const [key, value] of entries(dict)) {
    if (key === value) continue;
    const [k, v] = [[...key], [...value]];
    k.forEach((ch, i) => (k.length !== v.length || ch !== v[i]) && mark(ch.codePointAt(0)!));
  }
  return (text) => {
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c >= 0xd800 && c < 0xdc00 && i + 1 < text.length) {
        if (astral.has(text.codePointAt(i)!)) return true;
        i++;
      } else if (bmp[c]) return true;
    }
    return false;
  };
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
