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
  /** The longest text of the training and test messages, and the CPU time of classifying it. */
  longest: { chars: number; microseconds: number };
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
    longest: timeLongest(model, [...train, ...test]),
  };
}

/**
 * CPU seconds of this process (user + system, all its threads). The classifying is done by the
 * one main thread, so this is the time one core spends, even when other processes share the
 * machine (wall-clock time would count their time slices too); V8's helper threads (garbage
 * collection, compilation) count as well, which can only lower the rate.
 */
function cpuSeconds(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
}

/**
 * Classifications per CPU second: whole passes over the texts (the scoring pass before warmed up
 * the compiled code) until at least two CPU seconds were spent.
 */
function classificationsPerSecond(model: Classifier, texts: string[]): number {
  if (texts.length === 0) return 0;
  let done = 0;
  const started = cpuSeconds();
  do {
    for (const text of texts) model.classify(text);
    done += texts.length;
  } while (cpuSeconds() - started < 2);
  return done / (cpuSeconds() - started);
}

/** Mean CPU time of classifying the longest of the texts (repeated for at least 0.2 CPU s). */
function timeLongest(model: Classifier, examples: LabelledExample[]): { chars: number; microseconds: number } {
  const text = examples.reduce((longest, example) => (example.text.length > longest.length ? example.text : longest), '');
  model.classify(text);
  let done = 0;
  const started = cpuSeconds();
  do {
    model.classify(text);
    done += 1;
  } while (cpuSeconds() - started < 0.2);
  return { chars: text.length, microseconds: ((cpuSeconds() - started) / done) * 1e6 };
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
