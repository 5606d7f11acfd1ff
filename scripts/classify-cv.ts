/**
 * `npx tsx scripts/classify-cv.ts [--folds 5] [--misses en|ru|all] [--train-only FILES] [--opts JSON] [--json]`: k-fold cross-validation of
 * the whole recipe (features, training, the calibration fit on held-out predictions) over the labelled
 * training data only (lib/classify/seed/load.ts). The blind set is never read here: judge changes to the
 * features, the recipe or the seed data by these figures, and leave the blind set to `npm run bench`.
 *
 * Unlike the bench's CV, which combines the held-out predictions with the shipped model's weights, this
 * calibrates on the held-out predictions themselves, so a change to the recipe is judged as it would ship.
 */
import { compileRules } from '../lib/classify/classifier';
import { DEFAULT_RULES } from '../lib/classify/default-rules';
import { slot } from '../lib/classify/evaluate';
import { argmax, combine } from '../lib/classify/model';
import { freshToRules } from '../lib/classify/retrain';
import { loadSeedExamples } from '../lib/classify/seed/load';
import {
  calibrate,
  crossValidate,
  DEFAULT_TRAIN_OPTIONS,
  evaluateHeldOut,
  folds,
  mustLoad,
  predictRaw,
  type TrainOptions,
  trainModel,
} from '../lib/classify/train';
import { CATEGORY_IDS } from '../lib/schemas/categories';

const argv = process.argv.slice(2);
const arg = (name: string) => {
  const at = argv.indexOf(name);
  return at === -1 ? undefined : argv[at + 1];
};
const k = Number(arg('--folds') ?? 5);
const missesOf = arg('--misses');
// Training options to try (`--opts '{"epochs": 16, "scheme": {"contractions": true}}'`).
const opts = JSON.parse(arg('--opts') ?? '{}') as Partial<TrainOptions>;

// `--train-only train4.jsonl,…`: those seed files are in every fold's training and never judged, so a
// new file's effect is measured on the same examples as before it.
const trainOnly = new Set((arg('--train-only') ?? '').split(',').filter(Boolean));
const all = loadSeedExamples();
const extra = all.filter((e) => trainOnly.has(e.file));
const examples = all.filter((e) => !trainOnly.has(e.file));
const rules = compileRules(DEFAULT_RULES);
const t0 = performance.now();
const held = extra.length
  ? folds(examples, k, opts.seed ?? DEFAULT_TRAIN_OPTIONS.seed).flatMap((test, i, parts) => {
      const train = [...parts.filter((_, j) => j !== i).flat(), ...extra];
      return predictRaw(mustLoad(trainModel(train, { ...opts, version: `cv-${i}` })), rules, test);
    })
  : crossValidate(examples, rules, k, opts);
// The polarity prior as the final model would carry it (counts only, no weights: cheap to train with 0 epochs).
const prior = trainModel([...examples, ...extra], { ...opts, version: 'prior', epochs: 0 }).polarityPrior;
const cal = calibrate(
  held.filter((h) => freshToRules(h.example as (typeof examples)[number])),
  prior,
);
const file = { ...cal, polarityPrior: prior };
const e = evaluateHeldOut(held, file, `${k}-fold cross-validation`);

// Polarity per language, and the confusion on each language.
const polLang: Record<string, { total: number; correct: number }> = {};
const confusion: Record<string, Record<string, Record<string, number>>> = {};
const row = (lang: string, id: string): Record<string, number> =>
  slot(
    slot(confusion, lang, () => ({})),
    id,
    () => ({}),
  );
const misses: string[] = [];
const perFile: Record<string, { total: number; correct: number }> = {};
for (const h of held) {
  const c = combine(file, h.model, h.rules);
  const got = argmax(c.category);
  const lang = h.example.lang;
  const byFile = slot(perFile, (h.example as (typeof examples)[number]).file, () => ({
    total: 0,
    correct: 0,
  }));
  byFile.total++;
  if (got === h.example.category) byFile.correct++;
  if (h.example.polarity) {
    const t = slot(polLang, lang, () => ({ total: 0, correct: 0 }));
    t.total++;
    if (argmax(c.polarity) === h.example.polarity) t.correct++;
  }
  const r = row(lang, h.example.category);
  r[got] = (r[got] ?? 0) + 1;
  if (got !== h.example.category && (missesOf === 'all' || missesOf === lang)) {
    misses.push(
      `  ${h.example.category} → ${got} (${c.category[got].toFixed(2)}): ${h.example.text.replace(/\s+/g, ' ')}`,
    );
  }
}

const pct = (n: number) => `${(n * 100).toFixed(2)} %`;
if (argv.includes('--json')) {
  console.log(JSON.stringify({ ...e, polarityPerLang: polLang, perFile, calibration: cal }));
} else {
  console.log(
    `${k}-fold CV over ${examples.length} examples in ${((performance.now() - t0) / 1000).toFixed(1)} s; calibration ${JSON.stringify(cal)}`,
  );
  console.log(
    `category ${pct(e.accuracy)}, polarity ${pct(e.polarityAccuracy ?? 0)}, ≥ 0.8 right ${pct(e.likelyPrecision ?? 0)} of ${pct(e.likelyShare ?? 0)}`,
  );
  for (const [name, v] of [...Object.entries(e.perCategory), ...Object.entries(e.perLang)]) {
    console.log(`  ${name.padEnd(20)} ${pct(v.correct / v.total).padStart(8)} (${v.correct}/${v.total})`);
  }
  for (const [file, v] of Object.entries(perFile)) {
    console.log(
      `  file ${file.padEnd(15)} ${pct(v.correct / v.total).padStart(8)} (${v.correct}/${v.total})`,
    );
  }
  for (const [lang, v] of Object.entries(polLang)) {
    console.log(
      `  polarity ${lang.padEnd(11)} ${pct(v.correct / v.total).padStart(8)} (${v.correct}/${v.total})`,
    );
  }
  const short = (id: string) => id.slice(0, 5);
  for (const [lang, m] of Object.entries(confusion)) {
    console.log(`confusion, ${lang} (rows expected, columns got):`);
    console.log(`${''.padEnd(20)}${CATEGORY_IDS.map((id) => short(id).padStart(7)).join('')}`);
    for (const id of CATEGORY_IDS) {
      console.log(
        `${id.padEnd(20)}${CATEGORY_IDS.map((g) => String(m[id]?.[g] || '·').padStart(7)).join('')}`,
      );
    }
  }
  if (missesOf) console.log(`misses (${missesOf}):\n${misses.join('\n')}`);
}
