/**
 * `npm run -s classify [-- --rules FILE] [--model FILE | --rules-only]`: JSON lines {"text": "..."} on
 * stdin, one JSON line {"category", "confidence", "band", "polarity", "polarityConfidence", "matched"}
 * (and "note" when the answer deserves less trust) per input line on stdout. The shipped seed model is
 * used unless another model file is given; a model file that cannot be used falls back to the rules and
 * says so on stderr. A bad line gets {"error"} in its place and the run goes on; the exit code is 1 if
 * any line was bad, 2 if the rules file is invalid.
 */
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { compileRules } from '../lib/classify/classifier';
import { DEFAULT_RULES } from '../lib/classify/default-rules';
import { classifyJsonLine } from '../lib/classify/jsonl';
import { resolveModel } from '../lib/classify/seed-model';
import { type ClassifierRules, formatRulesErrors, validateRules } from '../lib/schemas/rules';

function loadRules(argv: string[]): ClassifierRules {
  const at = argv.indexOf('--rules');
  if (at === -1) return DEFAULT_RULES;
  const file = argv[at + 1];
  if (!file) fail('--rules needs a file');
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    fail(`${file}: ${(e as Error).message}`);
  }
  const checked = validateRules(json);
  if (!checked.ok) fail(`${file}: invalid rules\n${formatRulesErrors(checked.errors)}`);
  return checked.rules;
}

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(2);
}

function loadModelArg(argv: string[]): unknown {
  if (argv.includes('--rules-only')) return null;
  const at = argv.indexOf('--model');
  if (at === -1) return undefined;
  const file = argv[at + 1];
  if (!file) fail('--model needs a file');
  let data: unknown = 'unreadable';
  try {
    data = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    process.stderr.write(`${file}: ${(e as Error).message}\n`);
  }
  const r = resolveModel(data);
  if (!r.ok) process.stderr.write(`${file}: ${r.reason}\n`);
  return data;
}

const rules = compileRules(loadRules(process.argv.slice(2)));
const model = loadModelArg(process.argv.slice(2));
let bad = 0;
for await (const line of createInterface({ input: process.stdin, crlfDelay: Number.POSITIVE_INFINITY })) {
  const { output, ok } = classifyJsonLine(line, rules, model);
  if (!ok) bad++;
  process.stdout.write(`${output}\n`);
}
if (bad > 0) {
  process.stderr.write(`${bad} malformed line(s)\n`);
  process.exitCode = 1;
}
