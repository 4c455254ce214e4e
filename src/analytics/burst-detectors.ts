/**
 * Burst detection for one cell (category × region) over equal time buckets (weeks).
 * Two detectors, both measured by `lianxin eval bursts` (see README, 上升问题):
 *
 * - Poisson z-score: the last bucket against the mean λ of the baseline buckets before it,
 *   z = (x − λ) / √max(λ, 1); a burst when z ≥ zMin and x ≥ minCount.
 * - Kleinberg two-state automaton (batched / binomial form, Kleinberg 2002 §4): each bucket t
 *   has r_t cell demands out of d_t demands overall; state 0 emits at the cell's base share
 *   p0 = Σr/Σd, state 1 at p1 = s·p0; entering state 1 costs γ·ln(n); the cheapest state
 *   sequence (Viterbi) says whether the last bucket is in a burst.
 */

export interface BurstResult {
  burst: boolean;
  /** z for the Poisson test; the cost saving of state 1 over state 0 at the last bucket for Kleinberg. */
  score: number;
  current: number;
  baselineMean: number;
}

export interface PoissonOptions {
  zMin?: number;
  minCount?: number;
}

export const POISSON_DEFAULTS = { zMin: 3, minCount: 3 };

/** counts: baseline buckets then the current bucket last. */
export function poissonBurst(counts: readonly number[], options: PoissonOptions = {}): BurstResult {
  const { zMin, minCount } = { ...POISSON_DEFAULTS, ...options };
  const current = counts.at(-1) ?? 0;
  const baseline = counts.slice(0, -1);
  const mean = baseline.length ? baseline.reduce((a, b) => a + b, 0) / baseline.length : 0;
  const z = (current - mean) / Math.sqrt(Math.max(mean, 1));
  return { burst: current >= minCount && z >= zMin, score: round(z), current, baselineMean: round(mean) };
}

export interface KleinbergOptions {
  /** p1 = s · p0 */
  s?: number;
  /** cost of entering the burst state: γ · ln(n) */
  gamma?: number;
  minCount?: number;
}

export const KLEINBERG_DEFAULTS = { s: 2, gamma: 1, minCount: 3 };

/** Binomial cost −ln P(r | d, p) without the binomial coefficient (equal in both states). */
function cost(r: number, d: number, p: number): number {
  const q = Math.min(Math.max(p, 1e-9), 1 - 1e-9);
  return -(r * Math.log(q) + (d - r) * Math.log(1 - q));
}

/** States (0 or 1) of the cheapest sequence for relevant counts r_t out of totals d_t. */
export function kleinbergStates(relevant: readonly number[], totals: readonly number[], options: KleinbergOptions = {}): number[] {
  const { s, gamma } = { ...KLEINBERG_DEFAULTS, ...options };
  const n = relevant.length;
  const R = relevant.reduce((a, b) => a + b, 0);
  const D = totals.reduce((a, b) => a + b, 0);
  if (n === 0 || R === 0 || D === 0) return relevant.map(() => 0);
  const p0 = R / D;
  const p = [p0, Math.min(s * p0, 0.9999)];
  const enter = gamma * Math.log(Math.max(n, 2));
  let best = [0, enter]; // cost of being in state i before the first bucket (start in 0)
  const back: number[][] = [];
  for (let t = 0; t < n; t++) {
    const r = relevant[t]!;
    const d = Math.max(totals[t]!, r);
    const next: number[] = [];
    const from: number[] = [];
    for (let j = 0; j < 2; j++) {
      const via0 = best[0]! + (j === 1 ? enter : 0);
      const via1 = best[1]!;
      from[j] = via0 <= via1 ? 0 : 1;
      next[j] = Math.min(via0, via1) + cost(r, d, p[j]!);
    }
    back.push(from);
    best = next;
  }
  const states = new Array<number>(n);
  let state = best[1]! < best[0]! ? 1 : 0;
  for (let t = n - 1; t >= 0; t--) {
    states[t] = state;
    state = back[t]![state]!;
  }
  return states;
}

/** counts / totals: baseline buckets then the current bucket last. */
export function kleinbergBurst(counts: readonly number[], totals: readonly number[], options: KleinbergOptions = {}): BurstResult {
  const { minCount } = { ...KLEINBERG_DEFAULTS, ...options };
  const states = kleinbergStates(counts, totals, options);
  const current = counts.at(-1) ?? 0;
  const baseline = counts.slice(0, -1);
  const mean = baseline.length ? baseline.reduce((a, b) => a + b, 0) / baseline.length : 0;
  const R = counts.reduce((a, b) => a + b, 0);
  const D = totals.reduce((a, b) => a + b, 0);
  const p0 = D ? R / D : 0;
  const s = options.s ?? KLEINBERG_DEFAULTS.s;
  const d = Math.max(totals.at(-1) ?? 0, current);
  const saving = D ? cost(current, d, p0) - cost(current, d, Math.min(s * p0, 0.9999)) : 0;
  return { burst: states.at(-1) === 1 && current >= minCount, score: round(saving), current, baselineMean: round(mean) };
}

export type BurstMethod = 'poisson' | 'kleinberg';

const round = (n: number) => Math.round(n * 100) / 100;
