import { randomBytes } from 'node:crypto';
import { link, mkdir, open, readdir, readFile, unlink } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { type BayesModel, restoreBayes } from './bayes-classifier.ts';
import { type LinearModel, restoreLinear } from './linear-model.ts';

/*
 * Models live in one directory as classifier-<version>.json. A version is a UTC timestamp to
 * the second (20261122T081500Z), plus -01, -02… when that name is taken, so versions sort by
 * string comparison in the order they were saved. The file's `kind` field says which model family
 * it holds ("bayes" or "linear"); both load.
 */

/** A model that can be saved in the store. */
export type StoredModel = BayesModel | LinearModel;

const MODEL_FILE = /^classifier-(\d{8}T\d{6}Z(?:-\d{2})?)\.json$/;
const MAX_SAME_SECOND = 99;

/** A new model version for the given time, e.g. "20261122T081500Z". */
export function newModelVersion(date = new Date()): string {
  return date.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}Z$/, 'Z');
}

/** The version in a model file's name, or undefined when the name is not a model file's. */
export function modelFileVersion(path: string): string | undefined {
  return MODEL_FILE.exec(basename(path))?.[1];
}

/**
 * Writes the model to dir/classifier-<version>.json and returns the path. The file appears
 * atomically and is never overwritten: the content is written and synced to a temporary file,
 * which is then hard-linked under the final name (link fails if the name exists, unlike rename)
 * and removed. If the model's version is taken, the next free -NN suffix is used and recorded
 * as the version inside the file.
 */
export async function saveModel(dir: string, model: StoredModel): Promise<string> {
  await mkdir(dir, { recursive: true });
  const json = model.toJSON();
  const temp = join(dir, `.classifier-${json.version}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    for (let n = 0; n <= MAX_SAME_SECOND; n++) {
      const version = n === 0 ? json.version : `${json.version}-${String(n).padStart(2, '0')}`;
      await writeSynced(temp, JSON.stringify({ ...json, version }));
      const path = join(dir, `classifier-${version}.json`);
      try {
        await link(temp, path);
        return path;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
    }
    throw new Error(`more than ${MAX_SAME_SECOND} models of version ${json.version} in ${dir}`);
  } finally {
    await unlink(temp).catch(() => undefined);
  }
}

async function writeSynced(path: string, data: string): Promise<void> {
  const file = await open(path, 'w');
  try {
    await file.writeFile(data, 'utf8');
    await file.sync();
  } finally {
    await file.close();
  }
}

/** Loads one model file; throws if it cannot be read or is not a valid model. */
export async function loadModel(path: string): Promise<StoredModel> {
  return restoreModel(JSON.parse(await readFile(path, 'utf8')));
}

/** Rebuilds a model of either kind from its parsed JSON, by its `kind` field. */
export function restoreModel(json: unknown): StoredModel {
  const kind = (json as { kind?: unknown } | null)?.kind;
  if (kind === 'linear') return restoreLinear(json);
  if (kind === 'bayes') return restoreBayes(json);
  throw new Error(`unknown model kind ${JSON.stringify(kind)}`);
}

/**
 * Loads the newest model in dir. A file that cannot be read or is not a valid model is
 * reported through onWarning and skipped in favour of the next older one. Returns undefined
 * when the directory holds no loadable model (or does not exist).
 */
export async function loadNewestModel(
  dir: string,
  onWarning: (message: string) => void = () => undefined,
): Promise<StoredModel | undefined> {
  const names = await readdir(dir).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return [];
    throw error;
  });
  const versions = names.flatMap((name) => modelFileVersion(name) ?? []).sort().reverse();
  for (const version of versions) {
    const path = join(dir, `classifier-${version}.json`);
    try {
      return await loadModel(path);
    } catch (error) {
      onWarning(`skipping unusable model file ${path}: ${(error as Error).message.slice(0, 300)}`);
    }
  }
  return undefined;
}
