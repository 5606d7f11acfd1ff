import { z } from 'zod';
import { type CategoryId, CategoryIdSchema } from './categories';
import { IsoDateTimeSchema, TextSchema } from './common';

export const POLARITIES = ['negative', 'neutral', 'positive'] as const;
export const PolaritySchema = z.enum(POLARITIES);
export type Polarity = z.infer<typeof PolaritySchema>;

const PerClassSchema = z.record(z.string(), z.object({ total: z.number(), correct: z.number() }));

/** Figures measured when the model was trained, shown on the dashboard. */
export const ModelEvaluationSchema = z.object({
  /** What the figures were measured on, e.g. "5-fold cross-validation" or "held-back 20 %". */
  method: z.string(),
  total: z.number().int().nonnegative(),
  accuracy: z.number().min(0).max(1),
  polarityAccuracy: z.number().min(0).max(1).optional(),
  perCategory: PerClassSchema,
  perLang: PerClassSchema,
  /** Of the answers given with confidence ≥ 0.8 ("likely"), the share that was right. */
  likelyPrecision: z.number().min(0).max(1).optional(),
  likelyShare: z.number().min(0).max(1).optional(),
});
export type ModelEvaluation = z.infer<typeof ModelEvaluationSchema>;

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

const PairedCountSchema = z.object({
  total: z.number().int().nonnegative(),
  /** Right answers of the new model and of the model in use. */
  candidate: z.number().int().nonnegative(),
  reference: z.number().int().nonnegative(),
  /** Examples only the model in use got right, and only the new one. */
  worse: z.number().int().nonnegative(),
  better: z.number().int().nonnegative(),
});

/** The figures a run was published or refused on (lib/classify/retrain.ts `verdict`). */
export const ModelVerdictSchema = z.object({
  /** The model in use it was judged against ("seed-reference" while none was published). */
  reference: z.string(),
  /**
   * The team's examples, each answered by a model trained without it; the new model must get at least as
   * many right. `seenByReference`: examples left out because the model in use was trained on them.
   */
  team: PairedCountSchema.extend({ seenByReference: z.number().int().nonnegative() }),
  /** The seed's held-back slice: the new model may get at most `band` fewer right (its sampling noise). */
  seed: PairedCountSchema.extend({ band: z.number().nonnegative() }),
});
export type ModelVerdict = z.infer<typeof ModelVerdictSchema>;

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
  /** The verdict's figures; null for runs stored before they were kept (absent from older servers). */
  verdict: ModelVerdictSchema.nullish(),
});
export type ModelRun = z.infer<typeof ModelRunSchema>;

export const ModelRunsResponseSchema = z.object({
  /** The published team model's version; null while the shipped seed model is in use. */
  current: z.string().nullable(),
  /** What the next retraining would learn from the team: corrections, inbox categories and tracked threads' categories, one per text. */
  teamExamples: z.number().int(),
  runs: z.array(ModelRunSchema),
  /** A retraining under way: when it started and who asked. */
  running: z.object({ since: IsoDateTimeSchema, by: z.string() }).nullable().optional(),
});
export type ModelRunsResponse = z.infer<typeof ModelRunsResponseSchema>;
export type ExamplesPostRequest = z.infer<typeof ExamplesPostRequestSchema>;

/** A correction in the extension's outbox until the server has it. */
export interface QueuedCorrection extends ClassifierExample {
  queuedAt: string;
  /** Set when the server refused this one example as invalid: kept for a person to see, not resent. */
  held?: string;
}
export type CorrectionSource = z.infer<typeof CorrectionSourceSchema>;

/** A correction as a screen reports it (lib/messaging/report-correction.ts). */
export interface CorrectionInput {
  /** The text a person read (a post, a thread's excerpt). */
  text: string;
  /** The category the person gave it. */
  category: CategoryId;
  /** What the classifier had suggested; a correction equal to it teaches nothing and is not kept. */
  suggestedCategory?: CategoryId;
  polarity?: Polarity;
  source: CorrectionSource;
}

export type CorrectionResult = { queued: true; id: string } | { queued: false; reason: string };
