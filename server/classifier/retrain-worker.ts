/**
 * Retraining takes tens of seconds of CPU. Run on the main thread it held /health, every sync and every
 * page for that long, so it runs in a worker thread. The worker is a few lines of JavaScript evaluated
 * from a string (as the SQLite reader's is). From source (`tsx`, vitest, the scripts) it loads
 * retrain-job.ts through tsx's API; from the server bundle (scripts/build-server.mjs, what `npm start`
 * runs) it imports the job's own bundle beside it, with no TypeScript loader in the thread.
 */
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { RetrainResult } from '../../lib/classify/retrain';
import type { RetrainJob } from './retrain-job';

const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
(async () => {
  const job = workerData.tsxApi
    ? await (await import(workerData.tsxApi)).tsImport(workerData.entry, workerData.entry)
    : await import(workerData.entry);
  parentPort.postMessage({ ok: true, result: job.runRetrainJob(workerData.job) });
})().catch((err) => {
  parentPort.postMessage({ ok: false, message: String((err && err.stack) || err) });
});
`;

/** Defined (true) by scripts/build-server.mjs in the server bundle; undeclared when run from source. */
declare const RT_SERVER_BUNDLE: boolean | undefined;

/** Where the job is, and tsx's API to load it with when it is TypeScript. */
function jobEntry(): { entry: string; tsxApi?: string } {
  if (typeof RT_SERVER_BUNDLE !== 'undefined') {
    return { entry: new URL('./retrain-job.mjs', import.meta.url).href };
  }
  // require.resolve finds the CommonJS build of tsx's API, which cannot register its loader from an
  // eval'd worker; the ES module build beside it can.
  const cjs = createRequire(import.meta.url).resolve('tsx/esm/api');
  return {
    entry: new URL('./retrain-job.ts', import.meta.url).href,
    tsxApi: pathToFileURL(cjs.replace(/\.cjs$/, '.mjs')).href,
  };
}

type Reply = { ok: true; result: RetrainResult } | { ok: false; message: string };

/** Runs one retraining in a fresh worker thread; rejects with the worker's error, never hangs on a crash. */
export function retrainInWorker(job: RetrainJob): Promise<RetrainResult> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { ...jobEntry(), job } });
    let settled = false;
    worker.once('message', (m: Reply) => {
      settled = true;
      if (m.ok) resolve(m.result);
      else reject(new Error(`retraining failed in its worker: ${m.message}`));
      void worker.terminate();
    });
    worker.once('error', (err) => {
      if (settled) return;
      settled = true;
      reject(new Error(`retraining worker crashed: ${err.message}`));
    });
    worker.once('exit', (code) => {
      if (settled) return;
      settled = true;
      reject(new Error(`retraining worker stopped (exit code ${code}) before it answered`));
    });
  });
}
