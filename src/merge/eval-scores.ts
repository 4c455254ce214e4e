export interface GoldPair {
  a: string;
  b: string;
  label: 'same' | 'different';
  sim3: number;
  reason: string;
}

export interface GoldCluster {
  issue: string;
  ids: string[];
}

export interface PrecisionRecall {
  precision: number;
  recall: number;
  f1: number;
}

export function prf(tp: number, fp: number, fn: number): PrecisionRecall {
  const precision = tp + fp > 0 ? tp / (tp + fp) : 0;
  const recall = tp + fn > 0 ? tp / (tp + fn) : 0;
  return { precision, recall, f1: precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0 };
}

export const SIM3_BANDS = [
  { name: 'sim3<0.3', test: (s: number) => s < 0.3 },
  { name: 'sim3 0.3-0.5', test: (s: number) => s >= 0.3 && s <= 0.5 },
  { name: 'sim3>0.5', test: (s: number) => s > 0.5 },
] as const;

/** Pairwise scores over labelled pairs; `same(a, b)` is the prediction. */
export function pairScores(pairs: GoldPair[], same: (a: string, b: string) => boolean) {
  let tp = 0, fp = 0, fn = 0;
  const bands = SIM3_BANDS.map((band) => ({ band: band.name, found: 0, total: 0 }));
  for (const p of pairs) {
    const predicted = same(p.a, p.b);
    const gold = p.label === 'same';
    if (predicted && gold) tp++;
    if (predicted && !gold) fp++;
    if (!predicted && gold) fn++;
    if (!gold) continue;
    const band = bands[SIM3_BANDS.findIndex((b) => b.test(p.sim3))]!;
    band.total++;
    if (predicted) band.found++;
  }
  return { ...prf(tp, fp, fn), pairs: pairs.length, bands };
}

/** B-cubed and cluster-pairwise scores restricted to the ids of the gold clusters (DEDUP-GOLD.md). */
export function clusterScores(clusters: GoldCluster[], predicted: (id: string) => string) {
  const gold = new Map<string, number>();
  clusters.forEach((c, k) => c.ids.forEach((id) => gold.set(id, k)));
  const ids = [...gold.keys()];
  const byPred = new Map<string, Set<string>>();
  for (const id of ids) {
    const key = predicted(id);
    byPred.set(key, (byPred.get(key) ?? new Set()).add(id));
  }
  let bp = 0, br = 0;
  for (const id of ids) {
    const mine = byPred.get(predicted(id))!;
    const cluster = clusters[gold.get(id)!]!.ids;
    const overlap = cluster.filter((x) => mine.has(x)).length;
    bp += overlap / mine.size;
    br += overlap / cluster.length;
  }
  let tp = 0, fp = 0, fn = 0;
  for (let i = 0; i < ids.length; i++) {
    for (let j = i + 1; j < ids.length; j++) {
      const g = gold.get(ids[i]!) === gold.get(ids[j]!);
      const p = predicted(ids[i]!) === predicted(ids[j]!);
      if (g && p) tp++;
      if (p && !g) fp++;
      if (g && !p) fn++;
    }
  }
  const P = bp / ids.length, R = br / ids.length;
  return { bcubed: { precision: P, recall: R, f1: P + R > 0 ? (2 * P * R) / (P + R) : 0 }, clusterPairwise: prf(tp, fp, fn) };
}
