import { parseArgs } from 'node:util';
import { crossValidate, evaluate, type ModelKind } from '../classify/evaluate.ts';
import { groupedSplit } from '../classify/grouped-split.ts';
import { type LabelledExample, readLabelledExamples } from '../classify/labelled-file.ts';
import { formatReliability } from '../classify/calibration.ts';
import { formatScoreTable } from '../classify/metrics.ts';
import { DEFAULT_LINEAR_SETTINGS } from '../classify/train-linear.ts';

const USAGE = `usage: lianxin eval classify --train FILE [--test FILE] [--seed N] [--kind linear|bayes] [--cv K]
  Trains on --train and scores --test; without --test, scores a seeded, stratified 80/20 split
  of --train that keeps duplicates and near-verbatim reposts on one side. --cv K also prints a
  K-fold grouped cross-validation inside the training part. The last line is a JSON summary.
`;

async function readAll(path: string): Promise<LabelledExample[]> {
  const examples: LabelledExample[] = [];
  for await (const example of readLabelledExamples(path)) examples.push(example);
  return examples;
}

/** `lianxin eval classify …` (argv starts after `eval`). Returns the exit code. */
export async function evalClassifyCommand(argv: string[]): Promise<number> {
  let values;
  let positionals;
  try {
    ({ values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        train: { type: 'string' },
        test: { type: 'string' },
        seed: { type: 'string' },
        kind: { type: 'string' },
        cv: { type: 'string' },
      },
    }));
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  const seed = values.seed === undefined ? DEFAULT_LINEAR_SETTINGS.seed : Number(values.seed);
  const kind = (values.kind ?? 'linear') as ModelKind;
  const folds = values.cv === undefined ? 0 : Number(values.cv);
  if (
    positionals.join(' ') !== 'classify' ||
    !values.train ||
    !Number.isInteger(seed) ||
    !['linear', 'bayes'].includes(kind) ||
    !(Number.isInteger(folds) && folds !== 1 && folds >= 0)
  ) {
    process.stderr.write(USAGE);
    return 2;
  }
  let train = await readAll(values.train);
  let test: LabelledExample[];
  let split: string;
  if (values.test) {
    test = await readAll(values.test);
    split = `trained on ${values.train}, tested on ${values.test}`;
  } else {
    const parts = groupedSplit(train, seed);
    test = parts.test.map((i) => train[i]!);
    train = parts.train.map((i) => train[i]!);
    split = `seeded (${seed}) stratified 80/20 split of ${values.train}, duplicate groups kept on one side`;
  }
  const out = (line: string) => process.stdout.write(`${line}\n`);
  if (folds > 0) {
    const cv = crossValidate(kind, train, folds, seed, { seed });
    out(`${folds}-fold grouped cross-validation on the training part: macro-F1 ${cv.macroF1.toFixed(4)}, accuracy ${cv.accuracy.toFixed(4)}`);
  }
  const result = evaluate(kind, train, test, { seed });
  out(`${kind} model, ${split}: ${train.length} training / ${test.length} test messages`);
  out(formatScoreTable(result.scores));
  out(`training: ${result.trainSeconds.toFixed(1)} CPU s on one thread (${result.trainWallSeconds.toFixed(1)} s wall clock), calibration included`);
  out(
    `speed on one core: ${Math.round(result.docsPerSec)} classifications per CPU second of this process (passes over the test texts for ≥ 2 CPU s after a warm-up); ` +
      `longest message (${result.longest.chars} characters): ${(result.longest.microseconds / 1000).toFixed(3)} ms CPU`,
  );
  out('calibration on the test messages (reliability table):');
  out(formatReliability(result.reliability));
  const round = (value: number, digits: number) => Number(value.toFixed(digits));
  out(
    JSON.stringify({
      macroF1: round(result.scores.macroF1, 4),
      accuracy: round(result.scores.accuracy, 4),
      n: result.scores.n,
      docsPerSec: Math.round(result.docsPerSec),
      trainSeconds: round(result.trainSeconds, 2),
    }),
  );
  return 0;
}
