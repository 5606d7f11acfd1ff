/**
 * The statistical half of the classifier: a linear model over hashed features (features.ts) with two
 * heads, category and polarity, shipped as data (int8 weights in base64, one scale per output). The
 * model file also carries how to combine its answer with the rules and its measured figures.
 */
import { z } from 'zod';
import { CATEGORY_IDS, type CategoryId } from '../schemas/categories';
import {
  type ModelEvaluation,
  ModelEvaluationSchema,
  POLARITIES,
  type Polarity,
  PolaritySchema,
} from '../schemas/classifier';
import { type FeatureOptions, type Features, featurize, normalizeForModel } from './features';

export { type ModelEvaluation, ModelEvaluationSchema, POLARITIES, type Polarity, PolaritySchema };

/**
 * v2 may carry the team's adjustment (`team`), which changes the answer: code that only knows v1 would
 * ignore it, so it refuses a v2 file (and falls back to the rules, saying so). v1 files still load.
 */
export const MODEL_FORMAT = 'reply-tracker/linear-v2';
export const MODEL_FORMATS = ['reply-tracker/linear-v1', MODEL_FORMAT] as const;

/**
 * What the team's corrections taught the combination (fit by retrain.ts on the team's held-out
 * predictions): how much the rules' evidence for each category still counts for this team (0..1; a
 * category the team's examples never contradicted stays at 1), and a bias per category. Categories left
 * out count as 1 and 0.
 */
export const TeamAdjustmentSchema = z.object({
  rules: z.record(z.string(), z.number().min(0).max(1)),
  bias: z.record(z.string(), z.number().min(-10).max(10)),
  /** How many of the team's examples it was fit on. */
  examples: z.number().int().nonnegative(),
});
export type TeamAdjustment = z.infer<typeof TeamAdjustmentSchema>;

export const ModelFileSchema = z.object({
  format: z.enum(MODEL_FORMATS),
  /** Changes with every training: "seed-2026-11-26" or "team-<timestamp>". */
  version: z.string().min(1).max(80),
  trainedAt: z.string(),
  categories: z.array(z.string()),
  polarities: z.array(z.string()),
  features: z.object({
    buckets: z.number().int().positive(),
    minGram: z.number().int().min(1).max(8),
    maxGram: z.number().int().min(1).max(8),
    brand: z.array(z.string()),
  }),
  /** Per output (categories then polarities): a bias and the scale of its int8 weights. */
  bias: z.array(z.number()),
  scale: z.array(z.number().positive()),
  /** int8, bucket-major: buckets × outputs bytes. */
  weights: z.string(),
  /**
   * z = model·logit + rules·score, per category, then a softmax; fit on held-out predictions. With a
   * team adjustment: z = model·logit + rules·team.rules[c]·score + team.bias[c].
   */
  combine: z.object({ model: z.number(), rules: z.number() }),
  team: TeamAdjustmentSchema.optional(),
  /** Polarity: z = model·logit + category·log P(polarity | category mix). */
  polarityCombine: z.object({ model: z.number(), category: z.number() }),
  /** P(polarity | category), rows in `categories` order. */
  polarityPrior: z.array(z.array(z.number())),
  training: z.object({
    examples: z.number().int().nonnegative(),
    teamExamples: z.number().int().nonnegative(),
    /**
     * Which of the team's texts it was trained on (`teamKey` of each, retrain.ts), so a later retraining
     * does not judge it on examples it has learnt by heart. Absent in files trained before it was kept.
     */
    teamSeen: z.array(z.number().int().nonnegative()).optional(),
    evaluation: ModelEvaluationSchema.optional(),
  }),
});
export type ModelFile = z.infer<typeof ModelFileSchema>;

/** A model ready to score texts. */
export interface LinearModel {
  readonly file: ModelFile;
  readonly options: FeatureOptions;
  readonly brand: readonly string[];
  readonly weights: Int8Array;
  readonly outputs: number;
  readonly buckets: number;
  /** Indexes of CATEGORY_IDS / POLARITIES in the file's output order. */
  readonly categoryOut: number[];
  readonly polarityOut: number[];
  readonly scratch: Features;
  readonly logits: Float64Array;
}

export type LoadResult = { ok: true; model: LinearModel } | { ok: false; reason: string };

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const B64_INDEX = new Int16Array(128).fill(-1);
for (let i = 0; i < B64.length; i++) B64_INDEX[B64.charCodeAt(i)] = i;

/** Plain base64 to bytes; null when it is not base64. (jsdom's atob takes seconds on 500 KB.) */
export function decodeBase64(b64: string): Uint8Array | null {
  const clean = b64.replace(/=+$/, '');
  if (clean.length % 4 === 1) return null;
  const out = new Uint8Array(Math.floor((clean.length * 3) / 4));
  let bits = 0;
  let acc = 0;
  let o = 0;
  for (let i = 0; i < clean.length; i++) {
    const code = clean.charCodeAt(i);
    const v = code < 128 ? B64_INDEX[code]! : -1;
    if (v < 0) return null;
    acc = (acc << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (acc >> bits) & 0xff;
    }
  }
  return out;
}

export function encodeBase64(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    out += B64[(n >> 18) & 63]! + B64[(n >> 12) & 63]!;
    out += i + 1 < bytes.length ? B64[(n >> 6) & 63]! : '=';
    out += i + 2 < bytes.length ? B64[n & 63]! : '=';
  }
  return out;
}

/** Checks a model file against this code (format, categories, sizes); never throws. */
export function loadModel(data: unknown): LoadResult {
  const parsed = ModelFileSchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { ok: false, reason: `not a model file (${issue?.path.join('.') || 'root'}: ${issue?.message})` };
  }
  const file = parsed.data;
  const categoryOut = CATEGORY_IDS.map((id) => file.categories.indexOf(id));
  if (file.categories.length !== CATEGORY_IDS.length || categoryOut.some((i) => i < 0)) {
    return { ok: false, reason: `model ${file.version} was trained for other categories` };
  }
  const polarityOut = POLARITIES.map((p) => file.polarities.indexOf(p));
  if (file.polarities.length !== POLARITIES.length || polarityOut.some((i) => i < 0)) {
    return { ok: false, reason: `model ${file.version} was trained for other polarities` };
  }
  const { buckets } = file.features;
  if ((buckets & (buckets - 1)) !== 0) return { ok: false, reason: 'bucket count is not a power of two' };
  const outputs = file.categories.length + file.polarities.length;
  if (file.bias.length !== outputs || file.scale.length !== outputs) {
    return { ok: false, reason: `model ${file.version}: bias or scale has the wrong length` };
  }
  if (file.polarityPrior.length !== file.categories.length) {
    return { ok: false, reason: `model ${file.version}: polarity prior has the wrong shape` };
  }
  const unknown = Object.keys({ ...file.team?.rules, ...file.team?.bias }).find(
    (k) => !(CATEGORY_IDS as readonly string[]).includes(k),
  );
  if (unknown)
    return { ok: false, reason: `model ${file.version}: team adjustment for unknown category ${unknown}` };
  const bytes = decodeBase64(file.weights);
  if (!bytes) return { ok: false, reason: `model ${file.version}: weights are not base64` };
  if (bytes.length !== buckets * outputs) {
    return {
      ok: false,
      reason: `model ${file.version}: ${bytes.length} weight bytes, expected ${buckets * outputs}`,
    };
  }
  const options: FeatureOptions = {
    buckets,
    minGram: file.features.minGram,
    maxGram: file.features.maxGram,
  };
  return {
    ok: true,
    model: {
      file,
      options,
      brand: file.features.brand,
      weights: new Int8Array(bytes.buffer, bytes.byteOffset, bytes.length),
      outputs,
      buckets,
      categoryOut,
      polarityOut: polarityOut.map((i) => i + file.categories.length),
      scratch: { index: new Int32Array(8192), value: new Float32Array(8192), size: 0 },
      logits: new Float64Array(outputs),
    },
  };
}

export interface ModelScores {
  /** Raw logits per category (CATEGORY_IDS order) and per polarity (POLARITIES order). */
  category: Record<CategoryId, number>;
  polarity: Record<Polarity, number>;
  /** Why the model's answer deserves less trust: nothing to read, cut short, an unfamiliar script. */
  caveat: string | undefined;
}

/** The caveat when a text holds no words and no emoji: the model has nothing to say. */
export const NOTHING_TO_READ = 'nothing to read';

export function scoreWithModel(m: LinearModel, text: string): ModelScores {
  const t = normalizeForModel(text, m.brand);
  const f = featurize(t.words, m.options, m.scratch);
  const { logits, weights, outputs, file } = m;
  logits.fill(0);
  for (let i = 0; i < f.size; i++) {
    const base = f.index[i]! * outputs;
    const v = f.value[i]!;
    for (let o = 0; o < outputs; o++) logits[o]! += weights[base + o]! * v;
  }
  for (let o = 0; o < outputs; o++) logits[o] = logits[o]! * file.scale[o]! + file.bias[o]!;
  const category = {} as Record<CategoryId, number>;
  CATEGORY_IDS.forEach((id, i) => {
    category[id] = logits[m.categoryOut[i]!]!;
  });
  const polarity = {} as Record<Polarity, number>;
  POLARITIES.forEach((p, i) => {
    polarity[p] = logits[m.polarityOut[i]!]!;
  });
  const wordCount = t.words.filter((w) => /\p{L}/u.test(w)).length;
  const caveat =
    t.words.length === 0
      ? NOTHING_TO_READ
      : wordCount === 0
        ? 'only emoji to go on'
        : t.truncated
          ? 'very long text: only its opening was read'
          : t.letters > 0 && t.foreignLetters / t.letters > 0.3
            ? 'mostly in a script the model was not trained on'
            : undefined;
  return { category, polarity, caveat };
}

export interface Combined {
  /** Calibrated probability per category and per polarity. */
  category: Record<CategoryId, number>;
  polarity: Record<Polarity, number>;
}

/** In-place softmax of `z`. */
function softmaxInPlace(z: Float64Array): void {
  let max = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < z.length; i++) max = Math.max(max, z[i]!);
  let sum = 0;
  for (let i = 0; i < z.length; i++) {
    z[i] = Math.exp(z[i]! - max);
    sum += z[i]!;
  }
  for (let i = 0; i < z.length; i++) z[i]! /= sum;
}

/**
 * The final answer: the model's logits and the rules' scores weighed as the file says (weights fit on
 * held-out predictions, which also calibrates the confidence), then polarity given the category mix.
 */
export function combine(
  file: Pick<ModelFile, 'combine' | 'polarityCombine' | 'polarityPrior' | 'team'>,
  model: Pick<ModelScores, 'category' | 'polarity'>,
  rules: Record<CategoryId, number>,
): Combined {
  const { combine: c, polarityCombine: pc, polarityPrior, team } = file;
  const pcat = new Float64Array(CATEGORY_IDS.length);
  CATEGORY_IDS.forEach((id, i) => {
    pcat[i] =
      c.model * model.category[id] + c.rules * (team?.rules[id] ?? 1) * rules[id] + (team?.bias[id] ?? 0);
  });
  softmaxInPlace(pcat);
  const ppol = new Float64Array(POLARITIES.length);
  POLARITIES.forEach((p, pi) => {
    let prior = 0;
    for (let ci = 0; ci < pcat.length; ci++)
      prior += pcat[ci]! * (polarityPrior[ci]?.[pi] ?? 1 / POLARITIES.length);
    ppol[pi] = pc.model * model.polarity[p] + pc.category * Math.log(prior + 1e-9);
  });
  softmaxInPlace(ppol);
  const category = {} as Record<CategoryId, number>;
  CATEGORY_IDS.forEach((id, i) => {
    category[id] = pcat[i]!;
  });
  const polarity = {} as Record<Polarity, number>;
  POLARITIES.forEach((p, i) => {
    polarity[p] = ppol[i]!;
  });
  return { category, polarity };
}

export const argmax = <K extends string>(p: Record<K, number>): K =>
  (Object.keys(p) as K[]).reduce((a, b) => (p[b] > p[a] ? b : a));
