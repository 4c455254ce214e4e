import { generateTrainingExamples } from '../demo/training-examples.ts';
import type { Classifier } from './classifier.ts';
import { loadModel, loadNewestModel, newModelVersion, saveModel } from './model-store.ts';
import { trainLinear } from './train-linear.ts';

/**
 * The newest model saved in modelDir. When there is none (a fresh install), a small default
 * model is trained from the generated demo examples and saved, so the next start loads it.
 * Unusable model files are reported through onWarning and skipped.
 */
export async function loadOrCreateClassifier(
  modelDir: string,
  onWarning?: (message: string) => void,
): Promise<Classifier> {
  const newest = await loadNewestModel(modelDir, onWarning);
  if (newest) return newest;
  const model = trainLinear(generateTrainingExamples({}), newModelVersion());
  // Loaded back from the file, so the version matches the file name even if it got a suffix.
  return loadModel(await saveModel(modelDir, model));
}
