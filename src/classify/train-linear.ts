import { DEFAULT_FEATURE_OPTIONS, FeatureHasher, type FeatureOptions, logCount, type SparseVector } from './hash-features.ts';
import { LinearModel } from './linear-model.ts';
import { seededRandom, shuffleInPlace } from './random.ts';

/*
 * Training of the linear model: one-vs-rest L2-regularised, squared-hinge linear SVMs solved by
 * dual coordinate descent (the liblinear algorithm, Hsieh et al. 2008), all classes in one pass
 * per message, over a seeded shuffle — the same examples and seed give the same model bit for bit.
 * The SVM is trained rather than a logistic regression because on the 80% of messages-labeled
 * (5-fold grouped cross-validation) it scored macro-F1 0.906 against 0.894 for softmax regression
 * by Adagrad, and converges in 5 epochs instead of 12+. Confidence is softmax(scoreScale × scores).
 *
 * Written here with typed arrays rather than taken from a library: natural's classifiers build
 * dense vectors over the vocabulary (minutes for 1,500 messages, see bayes-classifier.ts), and
 * the JS ML packages (ml-logistic-regression, ml-svm over ml-matrix) are dense too — 5,300
 * messages × 420,000 n-gram features is 18 GB as Float64 — while this sparse loop does an epoch
 * over all 6,606 messages (840 features each) in about 1.5 s on one core.
 */

export interface LinearSettings {
  /** Hash slots (a power of two). */
  buckets: number;
  /** Passes over the examples… */
  epochs: number;
  /** …but at least this many example updates in all, so small training sets converge too. */
  minUpdates: number;
  /** SVM cost C: higher fits the training data more closely. */
  c: number;
  /** Buckets seen in fewer training messages than this are dropped (IDF 0). */
  minDf: number;
  /** Weigh each class by (mean class size / class size)^classBalance. 0 = no balancing. */
  classBalance: number;
  /**
   * NB-SVM (Wang & Manning 2012): each class's SVM sees the features scaled by their naive-Bayes
   * log-count ratio for that class, raised to this power (0 = plain SVM). Folded into the weights.
   */
  nbPower: number;
  /** Scores are multiplied by this before the softmax that gives the confidence. */
  scoreScale: number;
  seed: number;
  /** What is extracted from a text (see hash-features.ts). */
  features: FeatureOptions;
}

/*
 * C chosen by 5-fold grouped cross-validation inside the 80% training part of messages-labeled
 * (never on the held-out 20%): macro-F1 0.9081 (C = 1), 0.9142 (2), 0.9164 (4), 0.9170 (8),
 * 0.9173 (16) — a plateau from 8 on, so the smaller, more regularised 8.
 * 2^21 buckets (fewer collisions) with classes weighed inversely to their size (classBalance 1,
 * for the macro average) against 2^20 unweighted, macro-F1 on the grouped 20% of seven seeds
 * (20200107, 1–6): +0.0033, +0.0019, +0.0002, +0.0025, −0.0004, +0.0005, +0.0023; 5-fold grouped
 * CV 0.9170 → 0.9191; the title-only file 0.8796 → 0.8783 (one message of 759). Each alone gained
 * less (classBalance 1: CV +0.0004, 4 seeds of 7; 2^21: CV +0.0009, title-only −0.0026); C = 4
 * with both: CV 0.9179. Not adopted: classBalance 0.5 (CV 0.9175, title-only 0.8774), minDf 1
 * (CV 0.9138), title ×4 (0.9171), a 2,000 + 500 window (0.9164) or 600 + 200 (0.9163), NB-SVM
 * scaling ^0.5 (0.9104), NB log-count ratios added to the SVM weights (×0.05: 0.9132), jieba
 * words of the first 300 body characters (CV 0.9163 but title-only 0.8923; jieba on 300
 * characters halves the speed to ~3,000 texts/s).
 */
export const DEFAULT_LINEAR_SETTINGS: LinearSettings = {
  buckets: 2 ** 21,
  epochs: 5,
  minUpdates: 20_000,
  c: 8,
  minDf: 2,
  classBalance: 1,
  nbPower: 0,
  scoreScale: 4,
  seed: 20_200_107,
  features: DEFAULT_FEATURE_OPTIONS,
};

/** Settings to change from the defaults (feature options one by one). */
export type LinearOverrides = Partial<Omit<LinearSettings, 'features'>> & { features?: Partial<FeatureOptions> };

export interface WeightedExample {
  text: string;
  label: string;
  /** Sample weight, default 1 (e.g. staff corrections count more): multiplies C. */
  weight?: number;
}

/** Trains a linear model; examples with an empty label are skipped. */
export function trainLinear(
  examples: Iterable<WeightedExample>,
  version: string,
  overrides: LinearOverrides = {},
): LinearModel {
  const settings = { ...DEFAULT_LINEAR_SETTINGS, ...overrides, features: { ...DEFAULT_LINEAR_SETTINGS.features, ...overrides.features } };
  const rows = [...examples].filter((example) => example.label.trim() !== '');
  if (rows.length === 0) throw new Error('cannot train a classifier without labelled examples');
  const labels: Record<string, number> = {};
  for (const { label } of rows) labels[label.trim()] = (labels[label.trim()] ?? 0) + 1;
  const classes = Object.keys(labels).sort();
  const hasher = new FeatureHasher(settings.buckets, settings.features);
  const { active, idf, vectors } = compactTfIdf(
    rows.map((row) => hasher.counts(row.text)),
    settings,
  );
  const classIndex = new Map(classes.map((label, c) => [label, c]));
  const targets = rows.map((row) => classIndex.get(row.label.trim())!);
  const meanSize = rows.length / classes.length;
  const classWeight = classes.map((label) => (meanSize / labels[label]!) ** settings.classBalance);
  const costs = rows.map((row, n) => settings.c * (row.weight ?? 1) * classWeight[targets[n]!]!);
  const scale = settings.nbPower > 0 ? nbRatios(vectors, targets, active.length, classes.length, settings.nbPower) : undefined;
  const { weights, bias } = dualCoordinateDescent(vectors, targets, costs, active.length, classes.length, settings, scale);
  return new LinearModel({
    version,
    trainedAt: new Date().toISOString(),
    labels,
    exampleCount: rows.length,
    classes,
    settings: { ...settings },
    buckets: settings.buckets,
    active,
    idf,
    weights,
    bias,
  });
}

/**
 * IDF per bucket (0 below minDf), the buckets kept (`active`, ascending), and the messages as
 * L2-normalised TF-IDF vectors over the positions in `active` (compact, so training touches a
 * dense weight matrix of kept features only).
 */
function compactTfIdf(tf: SparseVector[], settings: LinearSettings) {
  // tf: counts per bucket.
  const df = new Int32Array(settings.buckets);
  for (const { indices } of tf) for (const bucket of indices) df[bucket]! += 1;
  const position = new Int32Array(settings.buckets).fill(-1);
  const kept: number[] = [];
  const idfs: number[] = [];
  for (let bucket = 0; bucket < settings.buckets; bucket++) {
    if (df[bucket]! < settings.minDf) continue;
    position[bucket] = kept.length;
    kept.push(bucket);
    idfs.push(Math.log((tf.length + 1) / (df[bucket]! + 1)) + 1);
  }
  const idf = Float32Array.from(idfs);
  const vectors = tf.map(({ indices, values }): SparseVector => {
    const at: number[] = [];
    const weighted: number[] = [];
    let norm = 0;
    indices.forEach((bucket, i) => {
      const p = position[bucket]!;
      if (p < 0) return;
      const value = logCount(values[i]!) * idf[p]!;
      at.push(p);
      weighted.push(value);
      norm += value * value;
    });
    const scale = norm > 0 ? 1 / Math.sqrt(norm) : 0;
    return { indices: Int32Array.from(at), values: Float32Array.from(weighted, (value) => value * scale) };
  });
  return { active: Int32Array.from(kept), idf, vectors };
}

/**
 * Per feature × class: sign(r)·|r|^power of the log-count ratio r = ln((p/|p|₁) / (q/|q|₁)), p and
 * q the feature's summed values in the class's messages and the others' (+1 smoothing).
 */
function nbRatios(vectors: SparseVector[], targets: number[], features: number, k: number, power: number): Float32Array {
  const inClass = new Float64Array(features * k);
  const total = new Float64Array(features);
  vectors.forEach(({ indices, values }, n) => {
    for (let i = 0; i < indices.length; i++) {
      inClass[indices[i]! * k + targets[n]!]! += values[i]!;
      total[indices[i]!]! += values[i]!;
    }
  });
  const classSum = new Float64Array(k);
  let grand = 0;
  for (let f = 0; f < features; f++) {
    grand += total[f]! + 1;
    for (let c = 0; c < k; c++) classSum[c]! += inClass[f * k + c]! + 1;
  }
  const ratios = new Float32Array(features * k);
  for (let f = 0; f < features; f++) {
    for (let c = 0; c < k; c++) {
      const p = (inClass[f * k + c]! + 1) / classSum[c]!;
      const q = (total[f]! - inClass[f * k + c]! + 1) / (grand - classSum[c]!);
      const r = Math.log(p / q);
      ratios[f * k + c] = Math.sign(r) * Math.abs(r) ** power;
    }
  }
  return ratios;
}

/**
 * One-vs-rest squared-hinge SVMs with a bias feature of value 1; weights are features × classes.
 * With `scale` (features × classes), class c sees feature f as value × scale[f, c]; the returned
 * weights have the scale folded in, so scoring is unchanged.
 */
function dualCoordinateDescent(
  vectors: SparseVector[],
  targets: number[],
  costs: number[],
  features: number,
  k: number,
  settings: LinearSettings,
  scale?: Float32Array,
) {
  // ‖x‖² per message and class, plus 1 for the bias feature (tf-idf vectors are L2-normalised).
  const squares = new Float64Array(vectors.length * k).fill(2);
  if (scale) {
    vectors.forEach(({ indices, values }, n) => {
      for (let c = 0; c < k; c++) {
        let sum = 1;
        for (let i = 0; i < indices.length; i++) sum += (values[i]! * scale[indices[i]! * k + c]!) ** 2;
        squares[n * k + c] = sum;
      }
    });
  }
  const weights = new Float32Array(features * k);
  const bias = new Float32Array(k);
  const alpha = new Float64Array(vectors.length * k);
  const scores = new Float64Array(k);
  const steps = new Float64Array(k);
  const order = Int32Array.from(vectors.keys());
  const random = seededRandom(settings.seed);
  const epochs = Math.max(settings.epochs, Math.ceil(settings.minUpdates / Math.max(1, vectors.length)));
  for (let epoch = 0; epoch < epochs; epoch++) {
    shuffleInPlace(order, random);
    for (const n of order) {
      const { indices, values } = vectors[n]!;
      scores.set(bias);
      for (let i = 0; i < indices.length; i++) {
        const row = indices[i]! * k;
        if (scale) for (let c = 0; c < k; c++) scores[c]! += values[i]! * scale[row + c]! * weights[row + c]!;
        else for (let c = 0; c < k; c++) scores[c]! += values[i]! * weights[row + c]!;
      }
      // Squared hinge: diagonal 1/(2C); ‖x‖² = 1 plus 1 for the bias feature.
      const diagonal = 0.5 / costs[n]!;
      let moved = false;
      for (let c = 0; c < k; c++) {
        const y = targets[n] === c ? 1 : -1;
        const a = alpha[n * k + c]!;
        const gradient = y * scores[c]! - 1 + diagonal * a;
        steps[c] = 0;
        if (a === 0 && gradient >= 0) continue;
        const next = Math.max(a - gradient / (squares[n * k + c]! + diagonal), 0);
        alpha[n * k + c] = next;
        steps[c] = (next - a) * y;
        if (next !== a) moved = true;
      }
      if (!moved) continue;
      for (let c = 0; c < k; c++) bias[c]! += steps[c]!;
      for (let i = 0; i < indices.length; i++) {
        const row = indices[i]! * k;
        if (scale) for (let c = 0; c < k; c++) weights[row + c]! += steps[c]! * values[i]! * scale[row + c]!;
        else for (let c = 0; c < k; c++) weights[row + c]! += steps[c]! * values[i]!;
      }
    }
  }
  if (scale) for (let i = 0; i < weights.length; i++) weights[i]! *= scale[i]!;
  return { weights, bias };
}
