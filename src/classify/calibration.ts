import { groupedSplit } from './grouped-split.ts';
import type { LinearModel } from './linear-model.ts';
import { DEFAULT_LINEAR_SETTINGS, type LinearOverrides, trainLinear, type WeightedExample } from './train-linear.ts';

/*
 * Confidence calibration by temperature scaling (Guo et al. 2017, the multi-class form of Platt
 * scaling): the confidence is softmax(s × SVM margins), and s is chosen to minimise the negative
 * log-likelihood of the true classes of messages the model was not trained on. trainCalibrated
 * holds out a grouped 20% of the examples, trains on the rest, fits s on the held-out margins,
 * then trains the final model on all examples and gives it that s. A reliability table (bins of
 * confidence against the accuracy within them) shows whether "0.8" means right 8 times in 10.
 */

export interface MarginExample {
  scores: ArrayLike<number>;
  /** Index of the true class in the scores. */
  truth: number;
}

/** Mean negative log-likelihood of the true classes under softmax(scale × scores). */
export function negativeLogLikelihood(examples: readonly MarginExample[], scale: number): number {
  let total = 0;
  for (const { scores, truth } of examples) {
    let top = -Infinity;
    for (let c = 0; c < scores.length; c++) top = Math.max(top, scores[c]!);
    let sum = 0;
    for (let c = 0; c < scores.length; c++) sum += Math.exp(scale * (scores[c]! - top));
    total += Math.log(sum) - scale * (scores[truth]! - top);
  }
  return total / Math.max(1, examples.length);
}

/** The scale in [lo, hi] with the least NLL (golden-section search; the NLL is convex in the scale). */
export function fitTemperature(examples: readonly MarginExample[], lo = 0.05, hi = 60): number {
  const ratio = (Math.sqrt(5) - 1) / 2;
  let a = lo;
  let b = hi;
  for (let i = 0; i < 60; i++) {
    const x1 = b - ratio * (b - a);
    const x2 = a + ratio * (b - a);
    if (negativeLogLikelihood(examples, x1) <= negativeLogLikelihood(examples, x2)) b = x2;
    else a = x1;
  }
  return (a + b) / 2;
}

export interface ReliabilityBin {
  /** Lower edge of the confidence bin (the bin is [from, to)). */
  from: number;
  to: number;
  n: number;
  meanConfidence: number;
  accuracy: number;
}

/** Reliability table over equal-width confidence bins, and the expected calibration error. */
export function reliability(
  predictions: readonly { confidence: number; correct: boolean }[],
  edges: readonly number[] = [0, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 1.0001],
): { bins: ReliabilityBin[]; ece: number } {
  const bins = edges.slice(0, -1).map((from, i) => {
    const inBin = predictions.filter((p) => p.confidence >= from && p.confidence < edges[i + 1]!);
    const mean = (values: number[]) => (values.length === 0 ? 0 : values.reduce((a, b) => a + b, 0) / values.length);
    return {
      from,
      to: Math.min(1, edges[i + 1]!),
      n: inBin.length,
      meanConfidence: mean(inBin.map((p) => p.confidence)),
      accuracy: mean(inBin.map((p) => (p.correct ? 1 : 0))),
    };
  });
  const total = Math.max(1, predictions.length);
  const ece = bins.reduce((sum, bin) => sum + (bin.n / total) * Math.abs(bin.accuracy - bin.meanConfidence), 0);
  return { bins, ece };
}

export function formatReliability(table: { bins: ReliabilityBin[]; ece: number }): string {
  const lines = ['confidence     n   mean conf  accuracy'];
  for (const bin of table.bins) {
    lines.push(`${bin.from.toFixed(2)}–${bin.to.toFixed(2)} ${String(bin.n).padStart(6)}   ${bin.meanConfidence.toFixed(3)}      ${bin.accuracy.toFixed(3)}`);
  }
  lines.push(`expected calibration error ${table.ece.toFixed(4)}`);
  return lines.join('\n');
}

/** The margins of labelled texts under a model, for fitting (labels the model lacks are skipped). */
export function marginExamples(model: LinearModel, examples: readonly { text: string; label: string }[]): MarginExample[] {
  return examples.flatMap(({ text, label }) => {
    const truth = model.classes.indexOf(label.trim());
    return truth < 0 ? [] : [{ scores: model.margins(text).scores, truth }];
  });
}

/** Below this many examples the held-out part is too small to fit on: the default scale stays. */
export const MIN_CALIBRATION_EXAMPLES = 500;

/** Trains a linear model whose confidence is temperature-calibrated on a grouped held-out 20%. */
export function trainCalibrated(examples: readonly WeightedExample[], version: string, overrides: LinearOverrides = {}): LinearModel {
  const model = trainLinear(examples, version, overrides);
  if (examples.length < MIN_CALIBRATION_EXAMPLES) return model;
  const { train, test } = groupedSplit(examples, overrides.seed ?? DEFAULT_LINEAR_SETTINGS.seed);
  const probe = trainLinear(train.map((i) => examples[i]!), version, overrides);
  const held = marginExamples(probe, test.map((i) => examples[i]!));
  const scale = fitTemperature(held);
  return model.withScoreScale(scale, { method: 'temperature', heldOut: held.length, nll: Number(negativeLogLikelihood(held, scale).toFixed(4)) });
}
