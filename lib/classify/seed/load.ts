/**
 * The seed training data (Node only: the training script, the server's retraining, tests): the labelled
 * sets in tests/fixtures/mentions plus lib/classify/seed/train.jsonl, written for training. The blind
 * sets (blind2.jsonl) are never part of it.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { CategoryIdSchema } from '../../schemas/categories';
import { PolaritySchema } from '../model';
import type { TrainingExample } from '../train';

const LineSchema = z.object({
  text: z.string().min(1),
  category: CategoryIdSchema,
  lang: z.string().regex(/^[a-z]{2}$/),
  polarity: PolaritySchema.optional(),
});

/**
 * Where SEED_FILES are relative to: this file's folder; the server bundle (scripts/build-server.mjs)
 * runs from elsewhere and defines the folder relative to itself.
 */
declare const RT_SEED_BASE: string | undefined;
const seedBase = (): URL => new URL(typeof RT_SEED_BASE === 'string' ? RT_SEED_BASE : './', import.meta.url);

/** The labelled sets used for training, relative to this file. */
export const SEED_FILES = [
  '../../../tests/fixtures/mentions/labelled.jsonl',
  '../../../tests/fixtures/mentions/dev.jsonl',
  '../../../tests/fixtures/mentions/unseen.jsonl',
  '../../../tests/fixtures/mentions/fresh.jsonl',
  './train.jsonl',
  './train2.jsonl',
  './train3.jsonl',
  './train4.jsonl',
] as const;

export function readExamples(path: string): TrainingExample[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l, i) => {
      const parsed = LineSchema.safeParse(JSON.parse(l));
      if (!parsed.success) throw new Error(`${path} line ${i + 1}: ${parsed.error.message}`);
      return parsed.data;
    });
}

/**
 * The older sets label category only. Their polarity follows the category where it is unambiguous
 * (a question is neutral, a complaint negative); positive/neutral mentions stay unlabelled.
 */
function withPolarity(e: TrainingExample): TrainingExample {
  if (e.polarity || e.category === 'positive_neutral') return e;
  return { ...e, polarity: e.category === 'technical_question' ? 'neutral' : 'negative' };
}

/** Every seed example, with where it came from. */
export function loadSeedExamples(): (TrainingExample & { file: string })[] {
  return SEED_FILES.flatMap((rel) => {
    const path = fileURLToPath(new URL(rel, seedBase()));
    return readExamples(path).map((e) => ({ ...withPolarity(e), file: rel.split('/').pop()! }));
  });
}
