/** The result of classifying one demand text into a first-level category. */
export interface Classification {
  category: string;
  /** Probability-like confidence in [0, 1]; 0 when the text carried no usable evidence. */
  confidence: number;
  /** Per-category scores (posterior probabilities for the Bayes model), when available. */
  scores?: Record<string, number>;
}

/** A trained first-level classifier. */
export interface Classifier {
  /** Model version, e.g. "20261122T081500Z". */
  readonly version: string;
  /** Model family, e.g. "bayes". */
  readonly kind: string;
  classify(text: string): Classification;
}
