import { performance } from 'node:perf_hooks';
import { trainBayes } from './bayes-classifier.ts';
import type { Classifier } from './classifier.ts';
import { groupedFolds } from './grouped-split.ts';
import type { LabelledExample } from './labelled-file.ts';
import { reliability, trainCalibrated } from './calibration.ts';
import { type Scores, scorePredictions } from './metrics.ts';
import { type LinearOverrides, trainLinear } from './train-linear.ts';

export type ModelKind = 'linear' | 'bayes';

/** Trains a model of the kind on the examples (the version is a fixed placeholder). */
export function trainKind(kind: ModelKind, examples: LabelledExample[], settings: LinearOverrides = {}): Classifier {
  return kind === 'bayes' ? trainBayes(examples, '00000000T000000Z') : trainLinear(examples, '00000000T000000Z', settings);
}

/** As trainKind, with the linear model's confidence calibrated as `lianxin train` does it. */
function trainForEvaluation(kind: ModelKind, examples: LabelledExample[], settings: LinearOverrides): Classifier {
  return kind === 'bayes' ? trainBayes(examples, '00000000T000000Z') : trainCalibrated(examples, '00000000T000000Z', settings);
}

export interface Evaluation {
  scores: Scores;
  /** CPU seconds spent training (including the calibration model). */
  trainSeconds: number;
  trainWallSeconds: number;
  /** Classifications per CPU second on one thread, after a warm-up, over the test texts. */
  docsPerSec: number;
  /** Confidence against accuracy on the test texts. */
  reliability: ReturnType<typeof reliability>;
}

/** Trains on `train`, classifies `test`, and measures training time and single-thread speed. */
export function evaluate(
  kind: ModelKind,
  train: LabelledExample[],
  test: LabelledExample[],
  settings: LinearOverrides = {},
): Evaluation {
  // CPU seconds of this (single-threaded) process, like docsPerSec: other processes sharing the
  // machine do not count; the wall-clock time is reported beside it.
  const started = cpuSeconds();
  const wallStarted = performance.now();
  const model = trainForEvaluation(kind, train, settings);
  const trainSeconds = cpuSeconds() - started;
  const trainWallSeconds = (performance.now() - wallStarted) / 1000;
  const results = test.map((example) => model.classify(example.text));
  const predicted = results.map((result) => result.category);
  return {
    trainWallSeconds,
    reliability: reliability(results.map((result, i) => ({ confidence: result.confidence, correct: result.category === test[i]!.label }))),
    scores: scorePredictions(
      test.map((example) => example.label),
      predicted,
    ),
    trainSeconds,
    docsPerSec: classificationsPerSecond(model, test.map((example) => example.text)),
  };
}

/**
 * Times whole passes over the texts (after the pass above warmed up) until at least a second of
 * this process's CPU time, which one thread spends here: the rate on one core, even when other
 * processes share the machine (wall-clock time would count their time slices too).
 */
function cpuSeconds(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
}

function classificationsPerSecond(model: Classifier, texts: string[]): number {
  if (texts.length === 0) return 0;
  let done = 0;
  const started = cpuSeconds();
  do {
    for (const text of texts) model.classify(text);
    done += texts.length;
  } while (cpuSeconds() - started < 1);
  return done / (cpuSeconds() - started);
}

/**
 * Grouped, stratified k-fold cross-validation inside the given examples (for choosing settings
 * without looking at the held-out part): the scores of all out-of-fold predictions together.
 */
export function crossValidate(
  kind: ModelKind,
  examples: LabelledExample[],
  k: number,
  seed: number,
  settings: LinearOverrides = {},
): Scores {
  const truth: string[] = [];
  const predicted: string[] = [];
  for (const fold of groupedFolds(examples, k, seed)) {
    const held = new Set(fold);
    const model = trainKind(kind, examples.filter((_, i) => !held.has(i)), settings);
    for (const i of fold) {
      truth.push(examples[i]!.label);
      predicted.push(model.classify(examples[i]!.text).category);
    }
  }
  return scorePredictions(truth, predicted);
}
