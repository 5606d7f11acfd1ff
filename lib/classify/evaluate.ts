/** How well the classifier does on a labelled set, for tests and the benchmark. */
import { CATEGORY_IDS, type CategoryId } from '../schemas/categories';
import { type Classification, type CompiledRules, classify, LIKELY_CONFIDENCE } from './classifier';
import type { Polarity } from './model';
import type { ModelSource } from './seed-model';

export interface LabelledMention {
  text: string;
  category: CategoryId;
  lang: string;
  note?: string;
  polarity?: Polarity;
  /** "latin": Russian typed in Latin letters. */
  script?: 'latin';
}

export interface Miss {
  text: string;
  expected: CategoryId;
  got: Classification;
}

interface Tally {
  total: number;
  correct: number;
  accuracy: number;
}

export interface Evaluation {
  total: number;
  correct: number;
  accuracy: number;
  perCategory: Record<CategoryId, Tally>;
  /** By language; Russian in Latin letters is also counted under "ru-latin". */
  perLang: Record<string, Tally>;
  misses: Miss[];
  /** Accuracy by confidence band, to see whether confidence means anything. */
  calibration: { band: string; total: number; accuracy: number }[];
  /** Answers given as "likely" (confidence ≥ 0.8): how many, and the share that was right. */
  likely: Tally;
  /** Polarity on the mentions that carry one. */
  polarity: Tally;
  /** confusion[expected][got] = count. */
  confusion: Record<CategoryId, Record<CategoryId, number>>;
}

const BANDS: [number, number][] = [
  [0, 0.2],
  [0.2, 0.4],
  [0.4, 0.6],
  [0.6, 0.8],
  [0.8, 1.01],
];

/** The entry for `key`, made on first use. */
export function slot<V>(map: Record<string, V>, key: string, make: () => V): V {
  let v = map[key];
  if (v === undefined) {
    v = make();
    map[key] = v;
  }
  return v;
}

const tally = (): Tally => ({ total: 0, correct: 0, accuracy: 0 });
const count = (t: Tally, ok: boolean) => {
  t.total++;
  if (ok) t.correct++;
};

/** `model` as `classify` takes it: omitted for the shipped seed model, `null` for the rules alone. */
export function evaluate(
  samples: readonly LabelledMention[],
  rules: CompiledRules,
  model?: ModelSource,
): Evaluation {
  const perCategory = Object.fromEntries(
    CATEGORY_IDS.map((id) => [id, tally()]),
  ) as Evaluation['perCategory'];
  const confusion = Object.fromEntries(
    CATEGORY_IDS.map((id) => [id, Object.fromEntries(CATEGORY_IDS.map((g) => [g, 0]))]),
  ) as Evaluation['confusion'];
  const perLang: Evaluation['perLang'] = {};
  const bands = BANDS.map(() => tally());
  const likely = tally();
  const polarity = tally();
  const misses: Miss[] = [];
  let correct = 0;
  for (const s of samples) {
    const got = classify(s.text, rules, model);
    const ok = got.category === s.category;
    if (ok) correct++;
    else misses.push({ text: s.text, expected: s.category, got });
    count(perCategory[s.category], ok);
    count(slot(perLang, s.lang, tally), ok);
    if (s.script === 'latin') count(slot(perLang, `${s.lang}-latin`, tally), ok);
    count(bands[BANDS.findIndex(([lo, hi]) => got.confidence >= lo && got.confidence < hi)]!, ok);
    if (got.confidence >= LIKELY_CONFIDENCE) count(likely, ok);
    if (s.polarity) count(polarity, got.polarity === s.polarity);
    confusion[s.category][got.category]++;
  }
  for (const v of [...Object.values(perCategory), ...Object.values(perLang), ...bands, likely, polarity]) {
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
      accuracy: bands[i]!.accuracy,
    })),
    likely,
    polarity,
    confusion,
  };
}

const pct = (n: number) => `${(n * 100).toFixed(1)} %`;

/** A few lines a person can read: overall, per category, per language, polarity, "likely". */
export function formatEvaluation(name: string, e: Evaluation): string {
  const lines = [`${name}: top-1 accuracy ${pct(e.accuracy)} (${e.correct}/${e.total})`];
  for (const id of CATEGORY_IDS) {
    const c = e.perCategory[id];
    lines.push(`  ${id.padEnd(20)} ${pct(c.accuracy).padStart(7)}  (${c.correct}/${c.total})`);
  }
  for (const [lang, c] of Object.entries(e.perLang)) {
    lines.push(`  lang ${lang.padEnd(15)} ${pct(c.accuracy).padStart(7)}  (${c.correct}/${c.total})`);
  }
  if (e.polarity.total) {
    lines.push(
      `  polarity             ${pct(e.polarity.accuracy).padStart(7)}  (${e.polarity.correct}/${e.polarity.total})`,
    );
  }
  lines.push(
    `  "likely" (≥ ${LIKELY_CONFIDENCE}) right ${pct(e.likely.accuracy)} (${e.likely.correct}/${e.likely.total}, ${pct(e.total ? e.likely.total / e.total : 0)} of answers)`,
  );
  return lines.join('\n');
}

const SHORT: Record<CategoryId, string> = {
  technical_question: 'tech',
  support_needed: 'supp',
  trust_doubt: 'trust',
  rumor_narrative: 'rumor',
  incident_complaint: 'incid',
  trolling: 'troll',
  legal_security_risk: 'legal',
  positive_neutral: 'pos',
};

/** Rows: the expected category; columns: what the classifier said. */
export function formatConfusion(e: Evaluation): string {
  const head = `${'expected \\ got'.padEnd(20)}${CATEGORY_IDS.map((id) => SHORT[id].padStart(6)).join('')}`;
  const rows = CATEGORY_IDS.map(
    (id) =>
      `${id.padEnd(20)}${CATEGORY_IDS.map((g) => String(e.confusion[id][g] || '·').padStart(6)).join('')}`,
  );
  return [head, ...rows].join('\n');
}
