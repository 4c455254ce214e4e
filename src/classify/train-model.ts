import { performance } from 'node:perf_hooks';
import { trainBayes } from './bayes-classifier.ts';
import type { LabelledExample } from './labelled-file.ts';
import { readLabelledExamples } from './labelled-file.ts';
import { modelFileVersion, newModelVersion, saveModel } from './model-store.ts';

export interface TrainResult {
  /** The saved model file. */
  path: string;
  version: string;
  /** Examples the model was trained on (those with at least one usable token). */
  examples: number;
  /** Examples per label. */
  labels: Record<string, number>;
  seconds: number;
}

/**
 * Trains a new Bayes model on the labelled JSONL files plus the extra examples (e.g. category
 * corrections made by staff) and saves it as the newest version in modelDir.
 */
export async function trainFromFiles(
  files: string[],
  opts: { modelDir: string; extra?: LabelledExample[] },
): Promise<TrainResult> {
  const started = performance.now();
  const examples: LabelledExample[] = [];
  for (const file of files) {
    for await (const example of readLabelledExamples(file)) examples.push(example);
  }
  const model = trainBayes(examples.concat(opts.extra ?? []), newModelVersion());
  const path = await saveModel(opts.modelDir, model);
  return {
    path,
    version: modelFileVersion(path) ?? model.version,
    examples: model.exampleCount,
    labels: { ...model.labels },
    seconds: (performance.now() - started) / 1000,
  };
}
