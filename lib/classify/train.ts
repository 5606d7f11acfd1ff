/**
 * Trains the linear model (model.ts) on labelled examples: multinomial logistic regression per head
 * (category, polarity) with AdaGrad, then int8 weights. Cross-validation gives held-out predictions, on
 * which the weights that combine the model with the rules are fit (that is the calibration: a softmax
 * temperature for each source), and the figures the model file carries. Pure and deterministic (seeded),
 * so the script, the server and tests train the same way.
 */
import { CATEGORY_IDS, type CategoryId } from '../schemas/categories';
import { type CompiledRules, classifyByRules } from './classifier';
import { slot } from './evaluate';
import { type FeatureOptions, featurize, normalizeForModel } from './features';
import {
  argmax,
  combine,
  encodeBase64,
  type LinearModel,
  loadModel,
  MODEL_FORMAT,
  type ModelEvaluation,
  type ModelFile,
  POLARITIES,
  type Polarity,
  scoreWithModel,
} from './model';

export interface TrainingExample {
  text: string;
  category: CategoryId;
  /** Unknown for older sets whose positive/neutral mentions were not split. */
  polarity?: Polarity;
  lang: string;
  /** How much this example counts (the team's corrections count more than seed data). */
  weight?: number;
  /** A correction made by the team, as opposed to shipped seed data. */
  team?: boolean;
}

export interface TrainOptions {
  buckets: number;
  minGram: number;
  maxGram: number;
  epochs: number;
  learningRate: number;
  l2: number;
  brand: string[];
  seed: number;
}

export const DEFAULT_TRAIN_OPTIONS: TrainOptions = {
  buckets: 1 << 15,
  minGram: 3,
  maxGram: 5,
  epochs: 12,
  learningRate: 0.25,
  l2: 1e-6,
  brand: ['kovra'],
  seed: 13,
};

/** A small seeded PRNG (mulberry32): the same data trains the same model. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Encoded {
  index: Int32Array;
  value: Float32Array;
  category: number;
  polarity: number;
  weight: number;
}

function encode(examples: readonly TrainingExample[], o: TrainOptions): Encoded[] {
  const fo: FeatureOptions = { buckets: o.buckets, minGram: o.minGram, maxGram: o.maxGram };
  return examples.map((e) => {
    const f = featurize(normalizeForModel(e.text, o.brand).words, fo);
    return {
      index: f.index.slice(0, f.size),
      value: f.value.slice(0, f.size),
      category: CATEGORY_IDS.indexOf(e.category),
      polarity: e.polarity ? POLARITIES.indexOf(e.polarity) : -1,
      weight: e.weight ?? 1,
    };
  });
}

/** One softmax head over `width` outputs starting at `offset` of a bucket-major weight matrix. */
function trainHead(
  data: readonly Encoded[],
  label: (e: Encoded) => number,
  W: Float32Array,
  bias: Float64Array,
  outputs: number,
  offset: number,
  width: number,
  o: TrainOptions,
): void {
  const G = new Float32Array(W.length).fill(1e-3);
  const Gb = new Float64Array(width).fill(1e-3);
  const rows = data.filter((e) => label(e) >= 0);
  const rnd = random(o.seed + offset);
  // An example that counts k times is visited k times an epoch (its gradient at its remaining share):
  // AdaGrad divides each step by the gradients seen so far, so a bigger gradient alone would barely count.
  const order: number[] = [];
  const share = rows.map((e) => e.weight / Math.max(1, Math.round(e.weight)));
  rows.forEach((e, i) => {
    for (let k = Math.max(1, Math.round(e.weight)); k > 0; k--) order.push(i);
  });
  const z = new Float64Array(width);
  for (let epoch = 0; epoch < o.epochs; epoch++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(rnd() * (i + 1));
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    for (const r of order) {
      const e = rows[r]!;
      for (let k = 0; k < width; k++) z[k] = bias[offset + k]!;
      for (let i = 0; i < e.index.length; i++) {
        const base = e.index[i]! * outputs + offset;
        const v = e.value[i]!;
        for (let k = 0; k < width; k++) z[k]! += W[base + k]! * v;
      }
      let max = Number.NEGATIVE_INFINITY;
      for (let k = 0; k < width; k++) max = Math.max(max, z[k]!);
      let sum = 0;
      for (let k = 0; k < width; k++) {
        z[k] = Math.exp(z[k]! - max);
        sum += z[k]!;
      }
      const y = label(e);
      for (let k = 0; k < width; k++) {
        const g = (z[k]! / sum - (k === y ? 1 : 0)) * share[r]!;
        Gb[k]! += g * g;
        bias[offset + k]! -= (o.learningRate * g) / Math.sqrt(Gb[k]!);
        if (g === 0) continue;
        for (let i = 0; i < e.index.length; i++) {
          const at = e.index[i]! * outputs + offset + k;
          const gw = g * e.value[i]! + o.l2 * W[at]!;
          G[at]! += gw * gw;
          W[at]! -= (o.learningRate * gw) / Math.sqrt(G[at]!);
        }
      }
    }
  }
}

export interface Calibration {
  combine: ModelFile['combine'];
  polarityCombine: ModelFile['polarityCombine'];
}

const NEUTRAL_CALIBRATION: Calibration = {
  combine: { model: 1, rules: 0.3 },
  polarityCombine: { model: 1, category: 1 },
};

/** Trains both heads and packs them into a model file (int8 weights). */
export function trainModel(
  examples: readonly TrainingExample[],
  opts: Partial<TrainOptions> & { version: string; calibration?: Calibration; evaluation?: ModelEvaluation },
): ModelFile {
  const o = { ...DEFAULT_TRAIN_OPTIONS, ...opts };
  const data = encode(examples, o);
  const nc = CATEGORY_IDS.length;
  const np = POLARITIES.length;
  const outputs = nc + np;
  const W = new Float32Array(o.buckets * outputs);
  const bias = new Float64Array(outputs);
  trainHead(data, (e) => e.category, W, bias, outputs, 0, nc, o);
  trainHead(data, (e) => e.polarity, W, bias, outputs, nc, np, o);

  const scale: number[] = [];
  for (let k = 0; k < outputs; k++) {
    let max = 0;
    for (let b = 0; b < o.buckets; b++) max = Math.max(max, Math.abs(W[b * outputs + k]!));
    scale.push(max > 0 ? max / 127 : 1);
  }
  const q = new Int8Array(W.length);
  for (let i = 0; i < W.length; i++) q[i] = Math.round(W[i]! / scale[i % outputs]!);

  // P(polarity | category), smoothed, from the examples that have a polarity.
  const counts = CATEGORY_IDS.map(() => POLARITIES.map(() => 1));
  for (const e of data) if (e.polarity >= 0) counts[e.category]![e.polarity]! += e.weight;
  const polarityPrior = counts.map((row) => {
    const s = row.reduce((a, b) => a + b, 0);
    return row.map((c) => Math.round((c / s) * 1e4) / 1e4);
  });

  const cal = opts.calibration ?? NEUTRAL_CALIBRATION;
  return {
    format: MODEL_FORMAT,
    version: opts.version,
    trainedAt: new Date().toISOString(),
    categories: [...CATEGORY_IDS],
    polarities: [...POLARITIES],
    features: { buckets: o.buckets, minGram: o.minGram, maxGram: o.maxGram, brand: o.brand },
    bias: [...bias].map((b) => Math.round(b * 1e5) / 1e5),
    scale: scale.map((s) => Number(s.toPrecision(6))),
    weights: encodeBase64(new Uint8Array(q.buffer)),
    combine: cal.combine,
    polarityCombine: cal.polarityCombine,
    polarityPrior,
    training: {
      examples: examples.length,
      teamExamples: examples.filter((e) => e.team).length,
      ...(opts.evaluation ? { evaluation: opts.evaluation } : {}),
    },
  };
}

/** A trained model's raw answer on one example, before it is combined with the rules. */
export interface HeldOut {
  example: TrainingExample;
  model: { category: Record<CategoryId, number>; polarity: Record<Polarity, number> };
  rules: Record<CategoryId, number>;
}

export function mustLoad(file: ModelFile): LinearModel {
  const r = loadModel(file);
  if (!r.ok) throw new Error(`the trainer wrote a model it cannot load: ${r.reason}`);
  return r.model;
}

export function predictRaw(
  model: LinearModel,
  rules: CompiledRules,
  examples: readonly TrainingExample[],
): HeldOut[] {
  return examples.map((example) => {
    const s = scoreWithModel(model, example.text);
    return {
      example,
      model: { category: s.category, polarity: s.polarity },
      rules: classifyByRules(example.text, rules).scores,
    };
  });
}

/** Stratified k folds (by category and language), deterministic. */
export function folds<T extends TrainingExample>(examples: readonly T[], k: number, seed: number): T[][] {
  const rnd = random(seed);
  const groups = new Map<string, T[]>();
  for (const e of examples) {
    const key = `${e.category}/${e.lang}`;
    const g = groups.get(key) ?? [];
    g.push(e);
    groups.set(key, g);
  }
  const out: T[][] = Array.from({ length: k }, () => []);
  let next = 0;
  for (const key of [...groups.keys()].sort()) {
    const g = groups.get(key)!;
    for (let i = g.length - 1; i > 0; i--) {
      const j = Math.floor(rnd() * (i + 1));
      [g[i], g[j]] = [g[j]!, g[i]!];
    }
    for (const e of g) out[next++ % k]!.push(e);
  }
  return out;
}

/** Held-out raw predictions for every example, from k models each trained without its fold. */
export function crossValidate(
  examples: readonly TrainingExample[],
  rules: CompiledRules,
  k = 5,
  opts: Partial<TrainOptions> = {},
): HeldOut[] {
  const parts = folds(examples, k, opts.seed ?? DEFAULT_TRAIN_OPTIONS.seed);
  const out: HeldOut[] = [];
  parts.forEach((test, i) => {
    const train = parts.filter((_, j) => j !== i).flat();
    const model = mustLoad(trainModel(train, { ...opts, version: `cv-${i}` }));
    out.push(...predictRaw(model, rules, test));
  });
  return out;
}

function logLoss(
  held: readonly HeldOut[],
  file: Pick<ModelFile, 'combine' | 'polarityCombine' | 'polarityPrior'>,
  polarity: boolean,
): number {
  let loss = 0;
  for (const h of held) {
    const c = combine(file, h.model, h.rules);
    const p = polarity ? c.polarity[h.example.polarity!] : c.category[h.example.category];
    loss -= Math.log(Math.max(p, 1e-12));
  }
  return loss;
}

/**
 * Fits how much the model and the rules count (which sets the confidence's temperature too) by a grid
 * search minimising held-out log-loss; then the same for polarity. `polarityPrior` is P(polarity |
 * category) of the model these predictions stand for.
 */
export function calibrate(held: readonly HeldOut[], polarityPrior: number[][]): Calibration {
  let best: Calibration = NEUTRAL_CALIBRATION;
  let bestLoss = Number.POSITIVE_INFINITY;
  for (let a = 0.2; a <= 4.001; a += 0.2) {
    for (let b = 0; b <= 1.501; b += 0.1) {
      const cal = { ...best, combine: { model: round(a), rules: round(b) } };
      const loss = logLoss(held, { ...cal, polarityPrior }, false);
      if (loss < bestLoss) [bestLoss, best] = [loss, cal];
    }
  }
  const withPolarity = held.filter((h) => h.example.polarity);
  bestLoss = Number.POSITIVE_INFINITY;
  for (let a = 0; a <= 4.001; a += 0.2) {
    for (let c = 0; c <= 2.001; c += 0.2) {
      const cal = { ...best, polarityCombine: { model: round(a), category: round(c) } };
      const loss = logLoss(withPolarity, { ...cal, polarityPrior }, true);
      if (loss < bestLoss) [bestLoss, best] = [loss, cal];
    }
  }
  return best;
}

const round = (n: number) => Math.round(n * 1000) / 1000;

export const LIKELY = 0.8;

type CombineWith = Pick<ModelFile, 'combine' | 'polarityCombine' | 'polarityPrior' | 'team'>;

/**
 * Figures for a set of held-out predictions combined as `file` says, or as each prediction's own file
 * says (cross-validated predictions each come from a model of their own).
 */
export function evaluateHeldOut(
  held: readonly HeldOut[],
  file: CombineWith | ((h: HeldOut, i: number) => CombineWith),
  method: string,
): ModelEvaluation {
  const perCategory: ModelEvaluation['perCategory'] = {};
  const perLang: ModelEvaluation['perLang'] = {};
  let correct = 0;
  let pol = 0;
  let polTotal = 0;
  let likely = 0;
  let likelyRight = 0;
  held.forEach((h, i) => {
    const c = combine(typeof file === 'function' ? file(h, i) : file, h.model, h.rules);
    const got = argmax(c.category);
    const ok = got === h.example.category;
    const cat = slot(perCategory, h.example.category, () => ({ total: 0, correct: 0 }));
    const lang = slot(perLang, h.example.lang, () => ({ total: 0, correct: 0 }));
    cat.total++;
    lang.total++;
    if (ok) {
      correct++;
      cat.correct++;
      lang.correct++;
    }
    if (c.category[got] >= LIKELY) {
      likely++;
      if (ok) likelyRight++;
    }
    if (h.example.polarity) {
      polTotal++;
      if (argmax(c.polarity) === h.example.polarity) pol++;
    }
  });
  const n = held.length;
  return {
    method,
    total: n,
    accuracy: n ? correct / n : 0,
    ...(polTotal ? { polarityAccuracy: pol / polTotal } : {}),
    perCategory,
    perLang,
    ...(likely ? { likelyPrecision: likelyRight / likely } : {}),
    likelyShare: n ? likely / n : 0,
  };
}

export interface TrainedModel {
  file: ModelFile;
  /** Held-out predictions from cross-validation, with the final calibration applied in `file`. */
  heldOut: HeldOut[];
}

/**
 * The whole recipe: k-fold cross-validation for held-out predictions, calibration on them (only on the
 * examples `calibrateOn` picks: those the rules were not tuned on, else the rules look better than they
 * are), then the final model on everything, carrying the cross-validated figures.
 */
export function trainCalibrated(
  examples: readonly TrainingExample[],
  rules: CompiledRules,
  opts: Partial<TrainOptions> & {
    version: string;
    folds?: number;
    calibrateOn?: (e: TrainingExample) => boolean;
  },
): TrainedModel {
  const k = opts.folds ?? 5;
  const heldOut = crossValidate(examples, rules, k, opts);
  const final = trainModel(examples, opts);
  const pick = opts.calibrateOn;
  const calibration = calibrate(pick ? heldOut.filter((h) => pick(h.example)) : heldOut, final.polarityPrior);
  const file: ModelFile = { ...final, ...calibration };
  file.training.evaluation = evaluateHeldOut(heldOut, file, `${k}-fold cross-validation`);
  return { file, heldOut };
}
