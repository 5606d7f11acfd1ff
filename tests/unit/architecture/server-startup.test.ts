// @vitest-environment node
/**
 * What the server loads when it starts (issue 10, the export's memory budget): the classifier and the
 * seed model (~20 MB of RSS once loaded) and exceljs come in through dynamic imports only, when
 * a mention is triaged or a workbook exported. This reads the server's static import graph from
 * esbuild's metafile, as scripts/build-server.mjs bundles it.
 */
import { build, type Metafile } from 'esbuild';
import { describe, expect, it } from 'vitest';

/** Every input reached from `entry` through static imports alone. */
function staticallyReached(meta: Metafile, entry: string): Set<string> {
  const seen = new Set<string>();
  const walk = (path: string) => {
    if (seen.has(path)) return;
    seen.add(path);
    for (const i of meta.inputs[path]?.imports ?? []) {
      if (i.kind === 'import-statement' && !i.external) walk(i.path);
    }
  };
  walk(entry);
  return seen;
}

describe('the server at start', () => {
  it('does not load the classifier, the seed model or exceljs until they are needed', async () => {
    const { metafile } = await build({
      entryPoints: ['server/main.ts'],
      bundle: true,
      write: false,
      metafile: true,
      format: 'esm',
      platform: 'node',
      // exceljs bundled too, so its static reach is seen; the other packages are not the point here.
      external: ['better-sqlite3', 'pg', 'pg-native', 'kysely', 'hono', '@hono/node-server', 'zod'],
      logLevel: 'silent',
    });
    const reached = [...staticallyReached(metafile, 'server/main.ts')];
    expect(reached.length).toBeGreaterThan(50);
    // The rules' schema and defaults (small, the playbooks need them) may load; the classifier may not.
    const lazy =
      /^lib\/classify\/(classifier|seed-model|team-model|index)\.ts$|seed-model\.json$|node_modules\/exceljs\//;
    expect(reached.filter((p) => lazy.test(p))).toEqual([]);
    // Dynamically imported, so still part of the server.
    expect(Object.keys(metafile.inputs)).toContain('lib/classify/model/seed-model.json');
  });
});
