/**
 * `npm run bench`: the figures the issues hold us to, measured rather than asserted in timed tests.
 * Each section runs in a process of its own, so one section's memory (a jsdom page, a million rows)
 * does not show up in the next one's figures. Sections report through bench/record.ts; this prints
 * one table (figure, budget, ratio to the paired baseline) and writes bench/results.json.
 *
 *   npm run bench                      every section
 *   npm run bench -- --only=export     sections whose file name contains "export"; their figures
 *                                      replace the same figures in bench/results.json, the rest stay
 *   npm run bench -- --check           exit 1 when any budget is missed
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import {
  type CheckedFigure,
  checkFigure,
  type Figure,
  formatTable,
  mergeResults,
  readResults,
} from './record';

const SECTIONS = [
  'bench/x-page.ts',
  'bench/classify.ts',
  'bench/export.ts',
  'bench/browser.ts',
  'bench/server.ts',
  'bench/mentions.ts',
  'bench/extension.ts',
];

const args = process.argv.slice(2);
const check = args.includes('--check');
const only = args.find((a) => a.startsWith('--only='))?.slice('--only='.length);

// Read first: a damaged results file stops the run before it spends minutes measuring.
const previous = readResults('bench/results.json');
const dir = mkdtempSync(join(tmpdir(), 'rt-bench-'));
const figuresFile = join(dir, 'figures.jsonl');
writeFileSync(figuresFile, '');

let failed = 0;
for (const file of SECTIONS.filter((f) => !only || f.includes(only))) {
  console.log(`\n== ${file}`);
  const run = spawnSync(process.execPath, ['--import', 'tsx', file], {
    stdio: 'inherit',
    env: { ...process.env, BENCH_FIGURES: figuresFile },
  });
  if (run.status !== 0) {
    failed++;
    console.error(`bench: ${file} stopped with ${run.signal ?? `exit code ${run.status}`}`);
  }
}

const figures: CheckedFigure[] = readFileSync(figuresFile, 'utf8')
  .split('\n')
  .filter(Boolean)
  .map((l) => checkFigure(JSON.parse(l) as Figure));
rmSync(dir, { recursive: true, force: true });

console.log(`\n${formatTable(figures)}`);
const missed = figures.filter((f) => f.ok === false);
const machine = {
  cpus: cpus().length,
  cpu: cpus()[0]?.model,
  memoryGiB: Math.round(totalmem() / 2 ** 30),
  node: process.version,
};
const measuredAt = new Date().toISOString();
const results = mergeResults(
  previous,
  figures.map((f) => ({ ...f, measuredAt, machine })),
);
writeFileSync(
  'bench/results.json',
  `${JSON.stringify({ measuredAt, machine, figures: results }, null, 2)}\n`,
);
console.log(`\n${figures.length} figures, ${missed.length} over budget; written to bench/results.json`);
if (failed > 0) process.exitCode = 1;
if (check && missed.length > 0) {
  console.error(`bench --check: missed ${missed.map((f) => `${f.section}/${f.name}`).join('; ')}`);
  process.exitCode = 1;
}
