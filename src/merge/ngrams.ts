/**
 * Character n-gram hashing for short Chinese texts: no word segmentation, each n-gram of UTF-16
 * units becomes a 32-bit hash. Sets are sorted unique Uint32Arrays, bags are sorted hashes plus
 * counts, so comparisons are merge-joins without any Map per text.
 */
export interface NgramBag {
  hashes: Uint32Array;
  counts: Uint16Array;
  /** tf-idf weights, cached by `tfidfCosine` on the bag itself (a WeakMap of them slows every full collection). */
  weights?: BagWeights;
}

export interface BagWeights {
  /** Corpus size the weights were computed at. */
  docs: number;
  values: Float64Array;
  norm: number;
}

export function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

function rawNgrams(text: string, n: number): Uint32Array {
  const count = Math.max(0, text.length - n + 1);
  const out = new Uint32Array(count);
  for (let i = 0; i < count; i++) {
    let h = 0x811c9dc5;
    for (let j = 0; j < n; j++) h = Math.imul(h ^ text.charCodeAt(i + j), 0x01000193);
    out[i] = fmix32(h);
  }
  return out.sort();
}

/** Sorted unique n-gram hashes (a text shorter than n yields itself as one gram). */
export function ngramSet(text: string, n: number): Uint32Array {
  const all = text.length < n && text.length > 0 ? rawNgrams(text, text.length) : rawNgrams(text, n);
  let w = 0;
  for (let i = 0; i < all.length; i++) if (i === 0 || all[i] !== all[w - 1]) all[w++] = all[i]!;
  return all.slice(0, w);
}

export function ngramBag(text: string, n: number): NgramBag {
  const all = rawNgrams(text, n);
  let unique = 0;
  for (let i = 0; i < all.length; i++) if (i === 0 || all[i] !== all[i - 1]) unique++;
  const hashes = new Uint32Array(unique);
  const counts = new Uint16Array(unique);
  let w = -1;
  for (let i = 0; i < all.length; i++) {
    if (i === 0 || all[i] !== all[i - 1]) (hashes[++w] = all[i]!), (counts[w] = 1);
    else counts[w]!++;
  }
  return { hashes, counts, weights: undefined };
}

/** |a ∩ b| for sorted unique arrays. */
export function intersectionSize(a: Uint32Array, b: Uint32Array): number {
  let i = 0, j = 0, n = 0;
  while (i < a.length && j < b.length) {
    if (a[i]! < b[j]!) i++;
    else if (a[i]! > b[j]!) j++;
    else (n++, i++, j++);
  }
  return n;
}

export function jaccard(a: Uint32Array, b: Uint32Array): number {
  const inter = intersectionSize(a, b);
  const union = a.length + b.length - inter;
  return union === 0 ? 0 : inter / union;
}

/** Share of the smaller set found in the larger one (a short follow-up inside a long letter). */
export function containment(a: Uint32Array, b: Uint32Array): number {
  const smaller = Math.min(a.length, b.length);
  return smaller === 0 ? 0 : intersectionSize(a, b) / smaller;
}
