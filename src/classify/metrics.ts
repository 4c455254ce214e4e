/** Precision, recall and F1 of one class. */
export interface ClassScore {
  label: string;
  precision: number;
  recall: number;
  f1: number;
  /** Number of true examples of the class. */
  support: number;
}

export interface Scores {
  perClass: ClassScore[];
  /** Unweighted mean of the per-class F1 over the classes present in the truth. */
  macroF1: number;
  accuracy: number;
  n: number;
}

/** Scores predictions against the true labels (same order). */
export function scorePredictions(truth: readonly string[], predicted: readonly string[]): Scores {
  if (truth.length !== predicted.length) throw new Error('truth and predictions differ in length');
  const tally = new Map<string, { tp: number; fp: number; fn: number }>();
  const entry = (label: string) => {
    let counts = tally.get(label);
    if (!counts) tally.set(label, (counts = { tp: 0, fp: 0, fn: 0 }));
    return counts;
  };
  truth.forEach((label, i) => {
    const guess = predicted[i]!;
    if (guess === label) entry(label).tp += 1;
    else {
      entry(label).fn += 1;
      entry(guess).fp += 1;
    }
  });
  const perClass = [...tally]
    .filter(([, { tp, fn }]) => tp + fn > 0)
    .map(([label, { tp, fp, fn }]) => ({
      label,
      precision: tp + fp === 0 ? 0 : tp / (tp + fp),
      recall: tp / (tp + fn),
      f1: tp === 0 ? 0 : (2 * tp) / (2 * tp + fp + fn),
      support: tp + fn,
    }))
    .sort((a, b) => b.support - a.support || a.label.localeCompare(b.label));
  const correct = truth.filter((label, i) => predicted[i] === label).length;
  return {
    perClass,
    macroF1: perClass.reduce((sum, score) => sum + score.f1, 0) / Math.max(1, perClass.length),
    accuracy: truth.length === 0 ? 0 : correct / truth.length,
    n: truth.length,
  };
}

/** A plain-text table: one row per class, then the macro average and accuracy. */
export function formatScoreTable(scores: Scores): string {
  const width = Math.max(12, ...scores.perClass.map((score) => score.label.length * 2));
  // CJK characters take two columns in a terminal.
  const pad = (label: string) => label + ' '.repeat(Math.max(1, width - label.length * 2 + 1));
  const num = (value: number) => value.toFixed(3).padStart(9);
  const lines = [`${'class'.padEnd(width + 1)}${'precision'.padStart(9)}${'recall'.padStart(9)}${'f1'.padStart(9)}${'support'.padStart(9)}`];
  for (const s of scores.perClass) lines.push(`${pad(s.label)}${num(s.precision)}${num(s.recall)}${num(s.f1)}${String(s.support).padStart(9)}`);
  lines.push(`${'macro avg'.padEnd(width + 1)}${' '.repeat(18)}${num(scores.macroF1)}${String(scores.n).padStart(9)}`);
  lines.push(`${'accuracy'.padEnd(width + 1)}${' '.repeat(18)}${num(scores.accuracy)}${String(scores.n).padStart(9)}`);
  return lines.join('\n');
}
