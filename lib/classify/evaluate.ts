/** Top-1 accuracy of the classifier on a labelled set, for tests and the benchmark. */
import { CATEGORY_IDS, type CategoryId } from '../schemas/categories';
import { type Classification, type CompiledRules, classify } from './classifier';

export interface LabelledMention {
  text: string;
  category: CategoryId;
  lang: string;
  note?: string;
}

export interface Miss {
  text: string;
  expected: CategoryId;
  got: Classification;
}

export interface Evaluation {
  total: number;
  correct: number;
  accuracy: number;
  perCategory: Record<CategoryId, { total: number; correct: number; accuracy: number }>;
  perLang: Record<string, { total: number; correct: number; accuracy: number }>;
  misses: Miss[];
  /** Accuracy by confidence band, to see whether confidence means anything. */
  calibration: { band: string; total: number; accuracy: number }[];
}

const BANDS: [number, number][] = [
  [0, 0.2],
  [0.2, 0.4],
  [0.4, 0.6],
  [0.6, 0.8],
  [0.8, 1.01],
];

export function evaluate(samples: readonly LabelledMention[], rules: CompiledRules): Evaluation {
  const perCategory = Object.fromEntries(
    CATEGORY_IDS.map((id) => [id, { total: 0, correct: 0, accuracy: 0 }]),
  ) as Evaluation['perCategory'];
  const perLang: Evaluation['perLang'] = {};
  const bands = BANDS.map(() => ({ total: 0, correct: 0 }));
  const misses: Miss[] = [];
  let correct = 0;
  for (const s of samples) {
    const got = classify(s.text, rules);
    const ok = got.category === s.category;
    const cat = perCategory[s.category];
    perLang[s.lang] ??= { total: 0, correct: 0, accuracy: 0 };
    const lang = perLang[s.lang]!;
    cat.total++;
    lang.total++;
    const band = bands[BANDS.findIndex(([lo, hi]) => got.confidence >= lo && got.confidence < hi)]!;
    band.total++;
    if (ok) {
      correct++;
      cat.correct++;
      lang.correct++;
      band.correct++;
    } else misses.push({ text: s.text, expected: s.category, got });
  }
  for (const v of [...Object.values(perCategory), ...Object.values(perLang)]) {
    v.accuracy = v.total ? v.correct / v.total : 0;
  }
  return {
    total: samples.length,
    correct,
    accuracy: samples.length ? correct / samples.length : 0,
    perCategory,
    perLang,
    misses,
    calibration: BANDS.map(([lo, hi], i) => ({
      band: `${lo.toFixed(1)}–${Math.min(hi, 1).toFixed(1)}`,
      total: bands[i]!.total,
      accuracy: bands[i]!.total ? bands[i]!.correct / bands[i]!.total : 0,
    })),
  };
}

const pct = (n: number) => `${(n * 100).toFixed(1)} %`;

/** A few lines a person can read: overall, per category, per language. */
export function formatEvaluation(name: string, e: Evaluation): string {
  const lines = [`${name}: top-1 accuracy ${pct(e.accuracy)} (${e.correct}/${e.total})`];
  for (const id of CATEGORY_IDS) {
    const c = e.perCategory[id];
    lines.push(`  ${id.padEnd(20)} ${pct(c.accuracy).padStart(7)}  (${c.correct}/${c.total})`);
  }
  for (const [lang, c] of Object.entries(e.perLang)) {
    lines.push(`  lang ${lang.padEnd(15)} ${pct(c.accuracy).padStart(7)}  (${c.correct}/${c.total})`);
  }
  return lines.join('\n');
}
