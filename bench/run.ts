/**
 * `npm run bench`: the figures the issues hold us to, measured rather than asserted in timed tests.
 * Each section runs in a process of its own, so one section's memory (a jsdom page, a million rows)
 * does not show up in the next one's figures. Nothing here fails a build.
 */
import { spawnSync } from 'node:child_process';

const SECTIONS = ['bench/x-page.ts', 'bench/classify.ts', 'bench/export.ts'];

let failed = 0;
for (const file of SECTIONS) {
  const run = spawnSync(process.execPath, ['--import', 'tsx', file], { stdio: 'inherit' });
  if (run.status !== 0) {
    failed++;
    console.error(`bench: ${file} stopped with ${run.signal ?? `exit code ${run.status}`}`);
  }
}
process.exitCode = failed > 0 ? 1 : 0;
