import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { findChromium } from './harness/chromium';
import { EXTENSION_DIR, PRODUCTION_DIR } from './harness/extension';

/** What the extension is built from: a change to any of these makes a build stale. */
const SOURCES = ['lib', 'components', 'entrypoints', 'public', 'assets', 'wxt.config.ts', 'package.json'];

function newestSource(path: string): number {
  if (!existsSync(path)) return 0;
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  return Math.max(st.mtimeMs, ...readdirSync(path).map((name) => newestSource(join(path, name))));
}

/**
 * The e2e run needs both builds: the e2e flavour the tests drive (`npm run build:e2e`, open sidebar
 * shadow root) and the production build whose size, manifest and closed shadow root are checked
 * (`npm run build`). `npm run test:e2e` makes both; a build that is missing or older than the sources
 * (say, only `npm run build` ran after an edit) is made here, so no test ever runs a stale extension.
 */
export default function setup(): void {
  findChromium();
  const newest = Math.max(...SOURCES.map((p) => newestSource(resolve(p))));
  for (const [dir, script] of [
    [PRODUCTION_DIR, 'build'],
    [EXTENSION_DIR, 'build:e2e'],
  ] as const) {
    const manifest = join(dir, 'manifest.json');
    if (existsSync(manifest) && statSync(manifest).mtimeMs >= newest) continue;
    console.log(
      `e2e setup: ${dir} is ${existsSync(manifest) ? 'older than the sources' : 'missing'}; npm run ${script}`,
    );
    // Vitest sets NODE_ENV=test; a build under it would bundle React's development JSX runtime wrongly.
    const { NODE_ENV: _, ...env } = process.env;
    const run = spawnSync('npm', ['run', script], { stdio: 'inherit', env });
    if (run.status !== 0) throw new Error(`npm run ${script} failed: the e2e tests need both builds.`);
  }
}
