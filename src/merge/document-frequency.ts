import { GramCounter } from './gram-counter.ts';
import type { BagWeights, NgramBag } from './ngrams.ts';

/**
 * Document frequencies of n-gram hashes and place cores, grown as demands arrive (an
 * inverse-document-frequency weight needs no training). Smoothed idf = ln((N + 1) / (df + 1)) + 1.
 */
export class DocumentFrequency {
  private docs = 0;
  private placeDocs = 0;
  private readonly grams = new GramCounter();
  private readonly places = new Map<string, number>();

  observe(bag: NgramBag, placeCores: Iterable<string>): void {
    this.docs++;
    for (const h of bag.hashes) this.grams.increment(h);
    this.observePlaces(placeCores);
  }

  /** Counts a demand's places only (a re-loaded ticket whose text is not profiled). */
  observePlaces(placeCores: Iterable<string>): void {
    this.placeDocs++;
    for (const core of new Set(placeCores)) this.places.set(core, (this.places.get(core) ?? 0) + 1);
  }

  /** Tickets (clusters) whose places were counted: place frequency is per ticket. */
  get placeDocuments(): number {
    return this.placeDocs;
  }

  get documents(): number {
    return this.docs;
  }

  gramIdf(hash: number): number {
    return Math.log((this.docs + 1) / (this.grams.get(hash) + 1)) + 1;
  }

  /** How many tickets named this place so far. */
  placeCount(core: string): number {
    return this.places.get(core) ?? 0;
  }
}

/** Weight vectors are reused until the corpus has grown by this factor (idf drifts slowly). */
const REWEIGHT_GROWTH = 1.1;
function weightsOf(bag: NgramBag, df: DocumentFrequency): BagWeights {
  const cached = bag.weights;
  if (cached && df.documents <= cached.docs * REWEIGHT_GROWTH) return cached;
  // a plain loop (Float64Array.from with a mapping callback costs several times more); a stale vector's buffer is reused
  const { hashes, counts } = bag;
  const values = cached?.values ?? new Float64Array(hashes.length);
  let sum = 0;
  for (let k = 0; k < hashes.length; k++) {
    const w = (1 + Math.log(counts[k]!)) * df.gramIdf(hashes[k]!);
    values[k] = w;
    sum += w * w;
  }
  const fresh = { docs: Math.max(1, df.documents), values, norm: Math.sqrt(sum) };
  bag.weights = fresh;
  return fresh;
}

/** Cosine of sublinear-tf × idf vectors of two bags (merge-join over sorted hashes). */
export function tfidfCosine(a: NgramBag, b: NgramBag, df: DocumentFrequency): number {
  const wa = weightsOf(a, df);
  const wb = weightsOf(b, df);
  if (wa.norm === 0 || wb.norm === 0) return 0;
  let dot = 0, i = 0, j = 0;
  while (i < a.hashes.length && j < b.hashes.length) {
    if (a.hashes[i]! < b.hashes[j]!) i++;
    else if (a.hashes[i]! > b.hashes[j]!) j++;
    else dot += wa.values[i++]! * wb.values[j++]!;
  }
  return dot / (wa.norm * wb.norm);
}
