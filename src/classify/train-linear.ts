import { FeatureHasher, type SparseVector } from './hash-features.ts';
import { LinearModel } from './linear-model.ts';
import { seededRandom, shuffleInPlace } from './random.ts';

/*
 * Training of the linear model: multinomial logistic regression (softmax cross-entropy with L2)
 * by per-coordinate Adagrad over a seeded shuffle, so the same examples and seed give the same
 * model bit for bit. Written here with typed arrays rather than taken from a library: natural's
 * LogisticRegressionClassifier builds dense vectors over the vocabulary like its Bayes one
 * (minutes for 1,500 messages, see bayes-classifier.ts), and ml-logistic-regression /
 * ml-matrix are dense too — 5,300 messages × ~300,000 n-gram features would be 12 GB as
 * Float64 — while this sparse loop trains on the 5,300 messages in a few seconds.
 */

export interface LinearSettings {
  /** Hash slots (a power of two). */
  buckets: number;
  epochs: number;
  learningRate: number;
  /** L2 penalty per update, applied to the weights a message touches. */
  l2: number;
  /** Buckets seen in fewer training messages than this are dropped (IDF 0). */
  minDf: number;
  /** Weigh each class by (mean class size / class size)^classBalance. 0 = no balancing. */
  classBalance: number;
  seed: number;
}

export const DEFAULT_LINEAR_SETTINGS: LinearSettings = {
  buckets: 2 ** 19,
  epochs: 12,
  learningRate: 0.5,
  l2: 1e-6,
  minDf: 2,
  classBalance: 0.5,
  seed: 20_200_107,
};

export interface WeightedExample {
  text: string;
  label: string;
  /** Sample weight, default 1 (e.g. staff corrections count more). */
  weight?: number;
}

/** Trains a linear model; examples with an empty label are skipped. */
export function trainLinear(
  examples: Iterable<WeightedExample>,
  version: string,
  overrides: Partial<LinearSettings> = {},
): LinearModel {
  const settings = { ...DEFAULT_LINEAR_SETTINGS, ...overrides };
  const rows = [...examples].filter((example) => example.label.trim() !== '');
  if (rows.length === 0) throw new Error('cannot train a classifier without labelled examples');
  const labels: Record<string, number> = {};
  for (const { label } of rows) labels[label.trim()] = (labels[label.trim()] ?? 0) + 1;
  const classes = Object.keys(labels).sort();
  const classIndex = new Map(classes.map((label, c) => [label, c]));
  const hasher = new FeatureHasher(settings.buckets);
  const vectors = rows.map((row) => hasher.vector(row.text));
  const idf = inverseDocumentFrequency(vectors, settings);
  for (const vector of vectors) reweight(vector, idf);

  const k = classes.length;
  const meanSize = rows.length / k;
  const classWeight = classes.map((label) => (meanSize / labels[label]!) ** settings.classBalance);
  const targets = rows.map((row) => classIndex.get(row.label.trim())!);
  const sampleWeights = rows.map((row, i) => (row.weight ?? 1) * classWeight[targets[i]!]!);
  const weights = new Float32Array(settings.buckets * k);
  const squares = new Float32Array(settings.buckets * k);
  const bias = new Float32Array(k);
  const biasSquares = new Float32Array(k);
  const probabilities = new Float64Array(k);
  const order = Int32Array.from(rows.keys());
  const random = seededRandom(settings.seed);
  const { learningRate: rate, l2 } = settings;
  for (let epoch = 0; epoch < settings.epochs; epoch++) {
    shuffleInPlace(order, random);
    for (const n of order) {
      const { indices, values } = vectors[n]!;
      softmax(indices, values, weights, bias, probabilities);
      for (let c = 0; c < k; c++) probabilities[c] = sampleWeights[n]! * (probabilities[c]! - (c === targets[n] ? 1 : 0));
      for (let i = 0; i < indices.length; i++) {
        const row = indices[i]! * k;
        const value = values[i]!;
        for (let c = 0; c < k; c++) {
          const at = row + c;
          const gradient = probabilities[c]! * value + l2 * weights[at]!;
          squares[at]! += gradient * gradient;
          if (squares[at]! > 0) weights[at]! -= (rate * gradient) / Math.sqrt(squares[at]!);
        }
      }
      for (let c = 0; c < k; c++) {
        biasSquares[c]! += probabilities[c]! ** 2;
        if (biasSquares[c]! > 0) bias[c]! -= (rate * probabilities[c]!) / Math.sqrt(biasSquares[c]!);
      }
    }
  }
  return new LinearModel({
    version,
    trainedAt: new Date().toISOString(),
    labels,
    exampleCount: rows.length,
    classes,
    settings: { ...settings },
    idf,
    weights,
    bias,
  });
}

function inverseDocumentFrequency(vectors: SparseVector[], settings: LinearSettings): Float32Array {
  const df = new Int32Array(settings.buckets);
  for (const { indices } of vectors) for (const bucket of indices) df[bucket]! += 1;
  const idf = new Float32Array(settings.buckets);
  for (let bucket = 0; bucket < settings.buckets; bucket++) {
    if (df[bucket]! >= settings.minDf) idf[bucket] = Math.log((vectors.length + 1) / (df[bucket]! + 1)) + 1;
  }
  return idf;
}

/** Multiplies an L2-normalised TF vector by the IDF and normalises it again, in place. */
function reweight(vector: SparseVector, idf: Float32Array): void {
  let norm = 0;
  vector.indices.forEach((bucket, i) => (norm += (vector.values[i]! *= idf[bucket]!) ** 2));
  const scale = norm > 0 ? 1 / Math.sqrt(norm) : 0;
  for (let i = 0; i < vector.values.length; i++) vector.values[i]! *= scale;
}

function softmax(
  indices: Int32Array,
  values: Float32Array,
  weights: Float32Array,
  bias: Float32Array,
  out: Float64Array,
): void {
  const k = out.length;
  for (let c = 0; c < k; c++) out[c] = bias[c]!;
  for (let i = 0; i < indices.length; i++) {
    const row = indices[i]! * k;
    for (let c = 0; c < k; c++) out[c]! += values[i]! * weights[row + c]!;
  }
  let max = -Infinity;
  for (let c = 0; c < k; c++) max = Math.max(max, out[c]!);
  let sum = 0;
  for (let c = 0; c < k; c++) sum += (out[c] = Math.exp(out[c]! - max));
  for (let c = 0; c < k; c++) out[c]! /= sum;
}
