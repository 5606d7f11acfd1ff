import type { TextExportSpec } from '../reports/export-query';
import { exportText, ReaderWorker, threadData } from './sqlite-reader';

/*
 * On Postgres the export's rows come over the wire: parsing a million of them and encoding them held
 * the main thread's event loop for most of the export (with its garbage collections), and a member's
 * POST /events waited behind it. So a text export runs in a worker thread here too, as on SQLite
 * (server/db/sqlite-reader.ts): the thread has a connection of its own per export, asks for rows as
 * arrays (no object per row), asks for the next page before it encodes this one, so Postgres works
 * while the thread encodes, and hands the main thread bytes.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const pg = require(workerData.driver);
let encoderModule;
const runs = new Map();
const abandoned = new Set();
const loadEncoder = async () => {
  const { tsImport } = await import(workerData.tsxApi);
  return tsImport(workerData.encoder, workerData.encoder);
};
const utf8 = new TextEncoder();
function query(run, after) {
  let parameters = run.spec.first.parameters;
  if (after) {
    parameters = run.spec.next.parameters.slice();
    for (const i of run.spec.slots.at) parameters[i] = after[0];
    for (const i of run.spec.slots.id) parameters[i] = after[1];
  }
  const sql = after ? run.spec.next.sql : run.spec.first.sql;
  return run.client.query({ text: sql, values: parameters, rowMode: 'array' }).then((r) => r.rows);
}
async function close(run) {
  runs.delete(run.exportId);
  await run.client.end().catch(() => {});
}
async function exportPage({ id, exportId, spec }) {
  let run = runs.get(exportId);
  if (!run) {
    const encoder = await (encoderModule ??= loadEncoder());
    const client = new pg.Client({
      connectionString: workerData.url,
      ...(workerData.schema ? { options: '-c search_path=' + workerData.schema } : {}),
    });
    await client.connect();
    run = { exportId, client, spec, encode: encoder.pageEncoder(spec.encoding), ahead: null };
    if (abandoned.delete(exportId)) {
      await client.end().catch(() => {});
      parentPort.postMessage({ id, rows: 0, done: true });
      return;
    }
    runs.set(exportId, run);
  }
  let rows;
  try {
    rows = await (run.ahead ?? query(run, null));
  } catch (err) {
    await close(run);
    throw err;
  }
  const last = rows[rows.length - 1];
  const done = !last || rows.length < run.spec.pageSize;
  run.ahead = done ? null : query(run, [last[run.spec.cursor.at], last[run.spec.cursor.id]]);
  // A failed page ahead is reported when it is asked for, not as an unhandled rejection now.
  run.ahead?.catch(() => {});
  if (done) await close(run);
  const bytes = utf8.encode(run.encode(rows));
  parentPort.postMessage({ id, bytes, rows: rows.length, done }, [bytes.buffer]);
}
parentPort.on('message', (m) => {
  if (m.kind === 'export-end') {
    const run = runs.get(m.exportId);
    if (run) close(run);
    else abandoned.add(m.exportId);
    return;
  }
  exportPage(m).catch((err) =>
    parentPort.postMessage({ id: m.id, error: { message: String((err && err.message) || err), code: err && err.code } }),
  );
});
`;

/** Text exports from Postgres, each paged and encoded in one worker thread with its own connection. */
export interface PostgresExports {
  exportText(spec: TextExportSpec): AsyncGenerator<Uint8Array>;
  close(): Promise<void>;
}

export function openPostgresExports(url: string, schema?: string): PostgresExports {
  const worker = new ReaderWorker(WORKER_SOURCE, () => ({ url, schema, ...threadData('pg') }));
  let nextExport = 1;
  return {
    exportText: (spec) => exportText(worker, nextExport++, spec),
    close: () => worker.close(),
  };
}
