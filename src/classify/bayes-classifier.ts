// natural's classifier sub-module is imported directly: the package root also loads its storage
// back-ends, which run dotenv (reading ./.env into process.env and printing a banner).
import { BayesClassifier } from 'natural/lib/natural/classifiers/index.js';
import { z } from 'zod';
import type { Classification, Classifier } from './classifier.ts';
import { tokenize } from './tokenize.ts';

/*
 * The model state is natural's BayesClassifier (its inner `apparatus` naive Bayes: per class, the
 * number of documents containing each token, smoothed), and the saved JSON is natural's own
 * serialisation, restorable with BayesClassifier.restore. Training and scoring, however, work on
 * that state directly, because natural's document API does not scale to this corpus:
 * - addDocument/train/getClassifications turn every document into a dense 0/1 vector over the
 *   whole vocabulary, found by indexOf per vocabulary word: training 1,500 messages took 63 s,
 *   and the full corpus would take far longer.
 * - getClassifications returns prior × exp(Σ log P(token | class)), which underflows to 0 for
 *   every class once a message has a few hundred distinct tokens, so all classes tie.
 * We update the state exactly as apparatus' addExample does (presence of a token, first
 * occurrence counts 1 + smoothing) and compute the same score in log space. Tokens unseen in
 * training are ignored, as natural does. Confidence is the softmax of the log scores, which is
 * the model's posterior P(class | tokens).
 */

type Counts = Record<string, number>;

/** The inner naive Bayes state of natural's BayesClassifier, as stored in its JSON. */
const naiveBayesState = z.object({
  classFeatures: z.record(z.string(), z.record(z.string(), z.number())),
  classTotals: z.record(z.string(), z.number()),
  totalExamples: z.number(),
  smoothing: z.number(),
});
type NaiveBayesState = z.infer<typeof naiveBayesState>;

const bayesModelJson = z.object({
  kind: z.literal('bayes'),
  version: z.string().min(1),
  trainedAt: z.string(),
  labels: z.record(z.string(), z.number()),
  exampleCount: z.number().int().nonnegative(),
  // natural's JSON has more fields (docs, features, lastAdded…); they are kept for its restore.
  classifier: z.looseObject({ classifier: naiveBayesState }),
});
export type BayesModelJson = z.infer<typeof bayesModelJson>;

interface ModelInfo {
  version: string;
  trainedAt: string;
  labels: Counts;
  exampleCount: number;
}

export class BayesModel implements Classifier {
  readonly kind = 'bayes';
  readonly version: string;
  readonly trainedAt: string;
  /** Number of training examples per label. */
  readonly labels: Readonly<Counts>;
  readonly exampleCount: number;
  private readonly natural: BayesClassifier;
  private readonly classes: string[];
  /** log P(class) per class, in the order of `classes`. */
  private readonly logPriors: number[];
  /** log P(token | class) per class for every token seen in training. */
  private readonly logLikelihoods = new Map<string, Float64Array>();

  constructor(natural: BayesClassifier, info: ModelInfo) {
    this.natural = natural;
    ({ version: this.version, trainedAt: this.trainedAt, labels: this.labels, exampleCount: this.exampleCount } = info);
    const { classFeatures, classTotals, totalExamples, smoothing } = natural.classifier as unknown as NaiveBayesState;
    this.classes = Object.keys(classFeatures);
    const totals = this.classes.map((label) => classTotals[label]!);
    this.logPriors = totals.map((total) => Math.log(total / totalExamples));
    // A token a class never saw counts as `smoothing` occurrences, as in apparatus.
    const unseen = totals.map((total) => Math.log(smoothing / total));
    this.classes.forEach((label, c) => {
      for (const [token, count] of Object.entries(classFeatures[label]!)) {
        let logs = this.logLikelihoods.get(token);
        if (!logs) this.logLikelihoods.set(token, (logs = Float64Array.from(unseen)));
        logs[c] = Math.log(count / totals[c]!);
      }
    });
  }

  classify(text: string): Classification {
    const logScores = [...this.logPriors];
    let evidence = 0;
    for (const token of new Set(tokenize(text))) {
      const logs = this.logLikelihoods.get(token);
      if (!logs) continue; // unseen in training: ignored, as natural does
      evidence += 1;
      logs.forEach((log, c) => (logScores[c]! += log));
    }
    // Softmax (log-sum-exp) of the log scores = the posterior P(class | tokens).
    const max = Math.max(...logScores);
    const weights = logScores.map((score) => Math.exp(score - max));
    const sum = weights.reduce((a, b) => a + b, 0);
    const scores: Record<string, number> = {};
    let best = 0;
    this.classes.forEach((label, c) => {
      scores[label] = weights[c]! / sum;
      if (weights[c]! > weights[best]!) best = c;
    });
    // Without a single known token the answer is just the most frequent class: no confidence.
    return { category: this.classes[best]!, confidence: evidence > 0 ? scores[this.classes[best]!]! : 0, scores };
  }

  toJSON(): BayesModelJson {
    return {
      kind: this.kind,
      version: this.version,
      trainedAt: this.trainedAt,
      labels: { ...this.labels },
      exampleCount: this.exampleCount,
      classifier: JSON.parse(JSON.stringify(this.natural)),
    };
  }
}

/** Trains a naive Bayes model on the examples; examples with no usable token are skipped. */
export function trainBayes(examples: Iterable<{ text: string; label: string }>, version: string): BayesModel {
  const natural = new BayesClassifier();
  const state = natural.classifier as unknown as NaiveBayesState;
  const labels: Counts = {};
  let exampleCount = 0;
  for (const { text, label } of examples) {
    const tokens = new Set(tokenize(text));
    const category = label.trim();
    if (tokens.size === 0 || category === '') continue;
    if (!Object.hasOwn(state.classFeatures, category)) {
      state.classFeatures[category] = {};
      state.classTotals[category] = 1; // apparatus starts every class at 1 for smoothing
    }
    const features = state.classFeatures[category]!;
    for (const token of tokens) {
      features[token] = Object.hasOwn(features, token) ? features[token]! + 1 : 1 + state.smoothing;
    }
    state.classTotals[category]! += 1;
    state.totalExamples += 1;
    labels[category] = (labels[category] ?? 0) + 1;
    exampleCount += 1;
  }
  if (exampleCount === 0) throw new Error('cannot train a classifier without labelled examples');
  return new BayesModel(natural, { version, trainedAt: new Date().toISOString(), labels, exampleCount });
}

/** Rebuilds a model from the object toJSON() produced (e.g. parsed from a model file). */
export function restoreBayes(json: unknown): BayesModel {
  const parsed = bayesModelJson.parse(json);
  const natural = BayesClassifier.restore(parsed.classifier);
  return new BayesModel(natural, parsed);
}
