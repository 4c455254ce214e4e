import { z } from 'zod';
import type { Classification, Classifier } from './classifier.ts';
import { FeatureHasher, type SparseVector } from './hash-features.ts';

/*
 * A multinomial logistic regression over hashed TF-IDF features (see hash-features.ts and
 * train-linear.ts). Weights are a dense Float32Array of buckets × classes, row-major by bucket,
 * so scoring a message is one pass over its non-zero features. The softmax of the scores is the
 * confidence, a probability estimate good enough to send low-confidence demands to review.
 * In the model file the arrays are base64 of their little-endian bytes.
 */

const linearModelJson = z.object({
  kind: z.literal('linear'),
  version: z.string().min(1),
  trainedAt: z.string(),
  labels: z.record(z.string(), z.number()),
  exampleCount: z.number().int().nonnegative(),
  classes: z.array(z.string()).min(1),
  buckets: z.number().int().positive(),
  /** Training settings, kept for the record. */
  settings: z.record(z.string(), z.union([z.number(), z.string(), z.boolean()])),
  bias: z.array(z.number()),
  idf: z.string(),
  weights: z.string(),
});
export type LinearModelJson = z.infer<typeof linearModelJson>;

export interface LinearModelParts {
  version: string;
  trainedAt: string;
  labels: Record<string, number>;
  exampleCount: number;
  classes: string[];
  settings: Record<string, number | string | boolean>;
  idf: Float32Array;
  weights: Float32Array;
  bias: Float32Array;
}

export class LinearModel implements Classifier {
  readonly kind = 'linear';
  readonly version: string;
  readonly trainedAt: string;
  readonly labels: Readonly<Record<string, number>>;
  readonly exampleCount: number;
  readonly classes: readonly string[];
  private readonly parts: LinearModelParts;
  private readonly hasher: FeatureHasher;
  private readonly scratch: Float64Array;

  constructor(parts: LinearModelParts) {
    this.parts = parts;
    ({ version: this.version, trainedAt: this.trainedAt, labels: this.labels, exampleCount: this.exampleCount } = parts);
    this.classes = parts.classes;
    if (parts.weights.length !== parts.idf.length * parts.classes.length || parts.bias.length !== parts.classes.length) {
      throw new Error('linear model arrays do not match its buckets and classes');
    }
    this.hasher = new FeatureHasher(parts.idf.length, parts.idf);
    this.scratch = new Float64Array(parts.classes.length);
  }

  /** The features the model sees for a text (exposed for tests of the bounded feature count). */
  features(text: string): SparseVector {
    return this.hasher.vector(text);
  }

  classify(text: string): Classification {
    const { indices, values } = this.hasher.vector(text);
    const { weights, bias } = this.parts;
    const k = this.classes.length;
    const scores = this.scratch;
    for (let c = 0; c < k; c++) scores[c] = bias[c]!;
    for (let i = 0; i < indices.length; i++) {
      const row = indices[i]! * k;
      const value = values[i]!;
      for (let c = 0; c < k; c++) scores[c]! += value * weights[row + c]!;
    }
    let best = 0;
    for (let c = 1; c < k; c++) if (scores[c]! > scores[best]!) best = c;
    let sum = 0;
    for (let c = 0; c < k; c++) sum += (scores[c] = Math.exp(scores[c]! - scores[best]!));
    const probabilities: Record<string, number> = {};
    for (let c = 0; c < k; c++) probabilities[this.classes[c]!] = scores[c]! / sum;
    const category = this.classes[best]!;
    // Without a single known feature the answer is the bias alone: no confidence.
    return { category, confidence: indices.length > 0 ? probabilities[category]! : 0, scores: probabilities };
  }

  toJSON(): LinearModelJson {
    const { version, trainedAt, labels, exampleCount, classes, settings, idf, weights, bias } = this.parts;
    return {
      kind: this.kind,
      version,
      trainedAt,
      labels: { ...labels },
      exampleCount,
      classes: [...classes],
      buckets: idf.length,
      settings: { ...settings },
      bias: Array.from(bias),
      idf: toBase64(idf),
      weights: toBase64(weights),
    };
  }
}

function toBase64(array: Float32Array): string {
  return Buffer.from(array.buffer, array.byteOffset, array.byteLength).toString('base64');
}

function fromBase64(text: string, length: number, what: string): Float32Array {
  const bytes = Buffer.from(text, 'base64');
  if (bytes.length !== length * 4) throw new Error(`linear model ${what}: expected ${length} floats`);
  const array = new Float32Array(length);
  new Uint8Array(array.buffer).set(bytes);
  return array;
}

/** Rebuilds a model from the object toJSON() produced (e.g. parsed from a model file). */
export function restoreLinear(json: unknown): LinearModel {
  const parsed = linearModelJson.parse(json);
  const k = parsed.classes.length;
  return new LinearModel({
    ...parsed,
    idf: fromBase64(parsed.idf, parsed.buckets, 'idf'),
    weights: fromBase64(parsed.weights, parsed.buckets * k, 'weights'),
    bias: Float32Array.from(parsed.bias),
  });
}
