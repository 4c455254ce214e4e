/**
 * Labelled examples for the 7 first-level categories, built from the demo vocabulary, so a
 * fresh clone can train a small default classifier without the shared real data. They use
 * their own seed and the other half of the place names than the demo demands.
 */
import { createRng } from './random.ts';
import {
  CATEGORIES, HOTLINE_CLOSINGS, HOTLINE_OPENERS, HOTLINE_REMARKS, LETTER_CLOSINGS, LETTER_OPENERS, LETTER_REMARKS,
  composeText, pickPlace, templatesOf, type Category,
} from './demo-vocabulary.ts';

export interface TrainingExample {
  text: string;
  label: Category;
}

const DEFAULT_SEED = 20_200_107;

export function generateTrainingExamples(opts: { seed?: number; perCategory?: number } = {}): TrainingExample[] {
  const rng = createRng(opts.seed ?? DEFAULT_SEED);
  const perCategory = opts.perCategory ?? 60;
  const examples: TrainingExample[] = [];
  for (const category of CATEGORIES) {
    const templates = templatesOf(category);
    for (let i = 0; i < perCategory; i++) {
      const template = templates[i % templates.length]!;
      const hotline = rng.chance(0.3);
      const { title, content } = composeText(template, pickPlace(rng, 'training'), {
        title: rng.int(0, 2),
        body: rng.int(0, 2),
        opener: rng.pick(hotline ? HOTLINE_OPENERS : LETTER_OPENERS),
        remark: rng.pick(hotline ? HOTLINE_REMARKS : LETTER_REMARKS),
        closing: rng.pick(hotline ? HOTLINE_CLOSINGS : LETTER_CLOSINGS),
      });
      examples.push({ text: hotline ? content : `${title}\n${content}`, label: category });
    }
  }
  return rng.shuffle(examples);
}
