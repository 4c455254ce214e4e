import { createHash } from 'node:crypto';
import type { GoldCluster, GoldPair } from './eval-scores.ts';

/**
 * Cross-check halves of a gold set: every id gets the half of its issue (the connected component
 * of the gold clusters and `same` pairs), decided by a hash of the component's smallest id, so no
 * issue is in both halves. A pair belongs to the half of its first id. Thresholds looked at on
 * half A can then be checked on half B, which plays the part of held-back issues.
 */
export function splitHalves(pairs: GoldPair[], clusters: GoldCluster[]): (id: string) => 'A' | 'B' {
  const parent = new Map<string, string>();
  const find = (x: string): string => {
    let root = x;
    while (parent.has(root) && parent.get(root) !== root) root = parent.get(root)!;
    parent.set(x, root);
    return root;
  };
  const union = (a: string, b: string) => {
    const [ra, rb] = [find(a), find(b)];
    if (ra !== rb) parent.set(ra < rb ? rb : ra, ra < rb ? ra : rb);
  };
  for (const p of pairs) if (p.label === 'same') union(p.a, p.b);
  for (const c of clusters) for (const id of c.ids.slice(1)) union(c.ids[0]!, id);
  return (id) => (createHash('sha1').update(find(id)).digest()[0]! % 2 === 0 ? 'A' : 'B');
}
