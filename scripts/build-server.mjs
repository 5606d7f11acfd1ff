// `npm run build:server`: the team server as plain JavaScript in dist/server/, what `npm run server`
// (and so `npm start`) runs and what the bench measures. Under tsx the server idled at ~160 MB of RSS:
// tsx's loader thread, its transforms and source maps; the bundle idles ~60 MB lower (issue 10).
//
// Packages stay in node_modules (better-sqlite3 is native; pg, exceljs load from there). The
// classifier's retraining job is an entry of its own, loaded by its worker thread beside the bundle, and
// dynamic imports (the classifier, exceljs's workbook) become chunks loaded when first used.
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
const outdir = `${root}dist/server`;
rmSync(outdir, { recursive: true, force: true });
await build({
  absWorkingDir: root,
  entryPoints: {
    main: 'server/main.ts',
    'retrain-job': 'server/classifier/retrain-job.ts',
    // The bench's server process: the same server, started with the bench's options.
    'bench-child': 'bench/server-child.ts',
  },
  outdir,
  outExtension: { '.js': '.mjs' },
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  packages: 'external',
  sourcemap: 'linked',
  logLevel: 'warning',
  define: {
    // server/bundle.ts and lib/classify/seed/load.ts: where the bundle is, against the source tree.
    RT_SERVER_BUNDLE: 'true',
    RT_SEED_BASE: JSON.stringify('../../lib/classify/seed/'),
  },
});
