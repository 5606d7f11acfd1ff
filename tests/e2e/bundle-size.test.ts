import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BUNDLE_BUDGETS_KB } from '../../lib/perf/bundle-budgets';
import { PRODUCTION_DIR } from './harness/extension';

/**
 * The scripts every x.com / YouTube page gets from us, held to their size budgets (issue 10) in the
 * built extension. A size, not a time: nothing here depends on how busy the machine is.
 */
describe('the scripts injected into every page', () => {
  it.each(BUNDLE_BUDGETS_KB.map((b) => [b.what, b] as const))('%s stays within its budget', (_, budget) => {
    const kb = statSync(join(PRODUCTION_DIR, budget.file)).size / 1024;
    expect(kb, `${budget.file} is ${kb.toFixed(1)} KB`).toBeLessThanOrEqual(budget.maxKB);
  });

  it('are exactly the ones the manifest injects: no other script rides along on every page', () => {
    const manifest = JSON.parse(readFileSync(join(PRODUCTION_DIR, 'manifest.json'), 'utf8')) as {
      content_scripts: { js?: string[] }[];
    };
    const injected = manifest.content_scripts.flatMap((c) => c.js ?? []).sort();
    expect(injected).toEqual(BUNDLE_BUDGETS_KB.map((b) => b.file).sort());
  });

  it('ship no schema library in the MAIN world, where the page pays for every byte', () => {
    for (const file of ['content-scripts/network.js']) {
      const code = readFileSync(join(PRODUCTION_DIR, file), 'utf8');
      // Zod's error messages are stable strings; their presence means Zod was bundled.
      expect(code, file).not.toContain('Invalid input');
    }
  });
});
