// @vitest-environment node
import { readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BUNDLE_BUDGETS_KB } from '@/lib/perf/bundle-budgets';

/*
 * The size budgets of what every x.com / YouTube page loads from us (lib/perf/bundle-budgets.ts; the
 * build is measured against them by tests/e2e/bundle-size.test.ts and npm run bench). A content script
 * added without a budget would grow unwatched, and a budget for one that is gone checks nothing.
 */
const ENTRYPOINTS = resolve(__dirname, '../../../entrypoints');

/** WXT's content scripts: `name.content.ts` or a `name.content/` folder, shipped as content-scripts/name.js. */
const contentScripts = readdirSync(ENTRYPOINTS)
  .filter((name) => /\.content(\.ts)?$/.test(name))
  .map((name) => `content-scripts/${name.replace(/\.content(\.ts)?$/, '')}.js`);

describe('bundle budgets', () => {
  it('name every content script the extension ships, and only those', () => {
    expect(contentScripts.length).toBeGreaterThan(0);
    expect(BUNDLE_BUDGETS_KB.map((b) => b.file).sort()).toEqual([...contentScripts].sort());
  });
});
