/**
 * `npx tsx scripts/train-classifier.ts`: trains the seed model from the labelled sets
 * (lib/classify/seed/load.ts) and writes lib/classify/model/seed-model.json, which the extension and the
 * server load. Prints the cross-validated figures; the blind set is for `npm run bench`, not for this.
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { compileRules } from '../lib/classify/classifier';
import { DEFAULT_RULES } from '../lib/classify/default-rules';
import { freshToRules } from '../lib/classify/retrain';
import { loadSeedExamples } from '../lib/classify/seed/load';
import { trainCalibrated } from '../lib/classify/train';

const out = fileURLToPath(new URL('../lib/classify/model/seed-model.json', import.meta.url));
const examples = loadSeedExamples();
const rules = compileRules(DEFAULT_RULES);
const t0 = performance.now();
const { file } = trainCalibrated(examples, rules, {
  version: `seed-${new Date().toISOString().slice(0, 10)}`,
  // The rules were tuned on the older sets; only train.jsonl is new to them.
  calibrateOn: freshToRules,
});
const json = JSON.stringify(file);
writeFileSync(out, `${json}\n`);
// The file is kept as the project's formatter writes it (npm run lint checks it).
execFileSync('npx', ['biome', 'format', '--write', out], { stdio: 'ignore' });
const e = file.training.evaluation!;
const pct = (n: number | undefined) => (n === undefined ? '–' : `${(n * 100).toFixed(1)} %`);
console.log(
  `trained ${file.version} on ${examples.length} examples in ${((performance.now() - t0) / 1000).toFixed(1)} s; ${(json.length / 1024).toFixed(0)} KB`,
);
console.log(`combine: ${JSON.stringify(file.combine)}, polarity: ${JSON.stringify(file.polarityCombine)}`);
console.log(
  `${e.method}: category ${pct(e.accuracy)}, polarity ${pct(e.polarityAccuracy)}, ≥ 0.8 right ${pct(e.likelyPrecision)} of ${pct(e.likelyShare)}`,
);
for (const [k, v] of [...Object.entries(e.perCategory), ...Object.entries(e.perLang)]) {
  console.log(`  ${k.padEnd(20)} ${pct(v.correct / v.total).padStart(7)} (${v.correct}/${v.total})`);
}
