import type { NgramBag } from './ngrams.ts';

/**
 * Document frequencies of n-gram hashes and place cores, grown as demands arrive (an
 * inverse-document-frequency weight needs no training). Smoothed idf = ln((N + 1) / (df + 1)) + 1.
 */
export class DocumentFrequency {
  private docs = 0;
  private readonly grams = new Map<number, number>();
  private readonly places = new Map<string, number>();

  observe(bag: NgramBag, placeCores: Iterable<string>): void {
    this.docs++;
    for (const h of bag.hashes) this.grams.set(h, (this.grams.get(h) ?? 0) + 1);
    for (const core of new Set(placeCores)) this.places.set(core, (this.places.get(core) ?? 0) + 1);
  }

  get documents(): number {
    return this.docs;
  }

  gramIdf(hash: number): number {
    return Math.log((this.docs + 1) / ((this.grams.get(hash) ?? 0) + 1)) + 1;
  }

  /** How many demands named this place so far. */
  placeCount(core: string): number {
    return this.places.get(core) ?? 0;
  }
}

/** Cosine of sublinear-tf × idf vectors of two bags (merge-join over sorted hashes). */
export function tfidfCosine(a: NgramBag, b: NgramBag, df: DocumentFrequency): number {
  let dot = 0, na = 0, nb = 0, i = 0, j = 0;
  const weight = (count: number, hash: number) => (1 + Math.log(count)) * df.gramIdf(hash);
  const wa = Float64Array.from(a.hashes, (h, k) => weight(a.counts[k]!, h));
  const wb = Float64Array.from(b.hashes, (h, k) => weight(b.counts[k]!, h));
  for (const w of wa) na += w * w;
  for (const w of wb) nb += w * w;
  while (i < a.hashes.length && j < b.hashes.length) {
    if (a.hashes[i]! < b.hashes[j]!) i++;
    else if (a.hashes[i]! > b.hashes[j]!) j++;
    else dot += wa[i++]! * wb[j++]!;
  }
  return na === 0 || nb === 0 ? 0 : dot / Math.sqrt(na * nb);
}
