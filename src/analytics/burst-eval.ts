import { kleinbergBurst, poissonBurst, type BurstResult } from './burst-detectors.ts';

/** One replayed demand reduced to what burst detection sees. */
export interface CellEvent {
  week: number;
  cell: string;
}

export interface BurstEvalOptions {
  baselineWeeks: number;
  /** Extra demands injected into one cell-week per trial. */
  injectSizes: number[];
  trials: number;
  seed: number;
}

export interface MethodScore {
  method: string;
  /** Flagged cell-weeks on the real data, per week evaluated. */
  alertsPerWeek: number;
  /** Share of evaluated cell-weeks flagged on the real data. */
  alertRate: number;
  /** Share of injected bursts flagged, per injected size. */
  detection: Record<string, number>;
}

type Detector = (counts: number[], totals: number[]) => BurstResult;
export const DETECTORS: Record<string, Detector> = {
  poisson: (counts) => poissonBurst(counts),
  kleinberg: (counts, totals) => kleinbergBurst(counts, totals),
};

function mulberry32(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Measures both detectors on real weekly counts: (1) how often each fires on the real replay
 * (every cell-week with a full baseline, every cell seen in that window), (2) how often it finds
 * a burst of k extra demands injected into a random cell-week of the same real background.
 */
export function evaluateBurstMethods(events: CellEvent[], options: BurstEvalOptions): { weeks: number; cells: number; scores: MethodScore[]; realAlerts: Record<string, Array<{ week: number; cell: string; count: number }>> } {
  const weeks = Math.max(...events.map((e) => e.week)) + 1;
  const cellCounts = new Map<string, number[]>();
  const totals = new Array<number>(weeks).fill(0);
  for (const e of events) {
    const row = cellCounts.get(e.cell) ?? new Array<number>(weeks).fill(0);
    row[e.week]! += 1;
    totals[e.week]! += 1;
    cellCounts.set(e.cell, row);
  }
  const B = options.baselineWeeks;
  const evalWeeks = Array.from({ length: weeks - B }, (_, i) => i + B).filter((w) => totals[w]! > 0);
  const scores: MethodScore[] = [];
  const realAlerts: Record<string, Array<{ week: number; cell: string; count: number }>> = {};
  for (const [method, detect] of Object.entries(DETECTORS)) {
    let flagged = 0;
    let evaluated = 0;
    const alerts: Array<{ week: number; cell: string; count: number }> = [];
    for (const w of evalWeeks) {
      const windowTotals = totals.slice(w - B, w + 1);
      for (const [cell, row] of cellCounts) {
        const counts = row.slice(w - B, w + 1);
        if (!counts.some((n) => n > 0)) continue;
        evaluated += 1;
        if (detect(counts, windowTotals).burst) {
          flagged += 1;
          alerts.push({ week: w, cell, count: counts.at(-1)! });
        }
      }
    }
    realAlerts[method] = alerts;
    const detection: Record<string, number> = {};
    const cells = [...cellCounts.entries()];
    for (const k of options.injectSizes) {
      const random = mulberry32(options.seed + k);
      let found = 0;
      for (let t = 0; t < options.trials; t++) {
        const w = evalWeeks[Math.floor(random() * evalWeeks.length)]!;
        const [, row] = cells[Math.floor(random() * cells.length)]!;
        const counts = row.slice(w - B, w + 1);
        counts[counts.length - 1]! += k;
        const windowTotals = totals.slice(w - B, w + 1);
        windowTotals[windowTotals.length - 1]! += k;
        if (detect(counts, windowTotals).burst) found += 1;
      }
      detection[`+${k}`] = Math.round((found / options.trials) * 1000) / 1000;
    }
    scores.push({ method, alertsPerWeek: Math.round((flagged / evalWeeks.length) * 100) / 100, alertRate: Math.round((flagged / Math.max(1, evaluated)) * 10000) / 10000, detection });
  }
  return { weeks: evalWeeks.length, cells: cellCounts.size, scores, realAlerts };
}
