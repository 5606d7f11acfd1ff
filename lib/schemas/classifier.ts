import { z } from 'zod';
import { ModelEvaluationSchema, PolaritySchema } from '../classify/model';
import { CategoryIdSchema } from './categories';
import { IsoDateTimeSchema, TextSchema } from './common';

/** Where a person told the classifier what a text really is. */
export const CorrectionSourceSchema = z.enum(['track_form', 'sidebar', 'inbox', 'dashboard']);

/** A labelled example from the team: a text and the category (and polarity) a person gave it. */
export const ClassifierExampleSchema = z.object({
  /** Client-generated: the same correction sent twice is stored once. */
  id: z.uuid(),
  text: TextSchema.trim().min(1).max(2000),
  category: CategoryIdSchema,
  polarity: PolaritySchema.optional(),
  /** What the classifier had suggested, when the person changed it. */
  suggestedCategory: CategoryIdSchema.optional(),
  source: CorrectionSourceSchema,
  at: IsoDateTimeSchema,
});
export type ClassifierExample = z.infer<typeof ClassifierExampleSchema>;

export const MAX_EXAMPLES_PER_BATCH = 200;
export const ExamplesPostRequestSchema = z.object({
  examples: z.array(ClassifierExampleSchema).min(1).max(MAX_EXAMPLES_PER_BATCH),
});
export const ExamplesPostResponseSchema = z.object({
  stored: z.number().int(),
  duplicates: z.number().int(),
});

/** One training run, published or not, as the dashboard lists it. */
export const ModelRunSchema = z.object({
  version: z.string(),
  createdAt: IsoDateTimeSchema,
  createdBy: z.string(),
  published: z.boolean(),
  reason: z.string(),
  examples: z.number().int(),
  teamExamples: z.number().int(),
  evaluation: ModelEvaluationSchema,
  /** The model in use before, on the same held-back slice. */
  baseline: ModelEvaluationSchema,
});
export type ModelRun = z.infer<typeof ModelRunSchema>;

export const ModelRunsResponseSchema = z.object({
  /** The published team model's version; null while the shipped seed model is in use. */
  current: z.string().nullable(),
  /** The team's examples stored so far. */
  teamExamples: z.number().int(),
  runs: z.array(ModelRunSchema),
  /** A retraining under way: when it started and who asked. */
  running: z.object({ since: IsoDateTimeSchema, by: z.string() }).nullable().optional(),
});
export type ModelRunsResponse = z.infer<typeof ModelRunsResponseSchema>;
