import { performance } from 'node:perf_hooks';
import type { LabelledExample } from './labelled-file.ts';
import { readLabelledExamples } from './labelled-file.ts';
import { modelFileVersion, newModelVersion, saveModel } from './model-store.ts';
import { trainCalibrated } from './calibration.ts';

/**
 * How much one staff correction counts against one labelled message: a correction is a reviewed
 * label for a real demand, so a single one should be able to move the model on its text.
 */
export const CORRECTION_WEIGHT = 3;

export interface TrainResult {
  /** The saved model file. */
  path: string;
  version: string;
  /** Examples the model was trained on (those with a label). */
  examples: number;
  /** Examples per label. */
  labels: Record<string, number>;
  /** Wall-clock seconds (reading, training, calibration, saving). */
  seconds: number;
  /** CPU seconds of this process over the same span (the machine may be shared). */
  cpuSeconds: number;
}

/**
 * Trains a new linear model on the labelled JSONL files plus the extra examples (category
 * corrections made by staff, weighted by CORRECTION_WEIGHT), calibrates its confidence (see
 * calibration.ts), and saves it as the newest version in modelDir.
 */
export async function trainFromFiles(
  files: string[],
  opts: { modelDir: string; extra?: LabelledExample[] },
): Promise<TrainResult> {
  const started = performance.now();
  const cpuStarted = process.cpuUsage();
  const examples: LabelledExample[] = [];
  for (const file of files) {
    for await (const example of readLabelledExamples(file)) examples.push(example);
  }
  const corrections = (opts.extra ?? []).map((example) => ({ ...example, weight: CORRECTION_WEIGHT }));
  const model = trainCalibrated([...examples, ...corrections], newModelVersion());
  const path = await saveModel(opts.modelDir, model);
  return {
    path,
    version: modelFileVersion(path) ?? model.version,
    examples: model.exampleCount,
    labels: { ...model.labels },
    seconds: (performance.now() - started) / 1000,
    cpuSeconds: (({ user, system }) => (user + system) / 1e6)(process.cpuUsage(cpuStarted)),
  };
}
