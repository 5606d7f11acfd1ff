import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import {
  type CompiledQuery,
  type DatabaseConnection,
  type DatabaseIntrospector,
  type Dialect,
  type DialectAdapter,
  type Driver,
  Kysely,
  type QueryCompiler,
  type QueryResult,
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
} from 'kysely';
import type { TextExportSpec } from '../reports/export-query';
import type { Database, Db } from './types';

/*
 * better-sqlite3 answers synchronously: a report that reads a million rows holds the event loop for
 * as long as it runs, and every member's sync waits behind it. Long reads (reports, the export) go
 * through this dialect instead: a read-only connection in a worker thread, so the main thread keeps
 * answering /health and POST /events. WAL mode lets the worker read while the main connection writes;
 * each query sees what was committed when it started.
 *
 * A text export runs there whole: the thread pages through the events with its own statements (rows
 * as arrays), encodes each page with the shared export encoding (server/reports/export-encode.ts) and
 * hands the main thread bytes, so the main thread only writes them to the socket.
 *
 * The worker is plain JavaScript evaluated from a string, so it runs the same under tsx, vitest and a
 * bundle, with better-sqlite3 resolved from here; the export encoder is loaded through tsx's API, as
 * server/classifier/retrain-worker.ts loads its job.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.path, { readonly: true, fileMustExist: true });
db.pragma('busy_timeout = 5000');
const statements = new Map();
const prepared = (sql) => {
  let stmt = statements.get(sql);
  if (!stmt) {
    stmt = db.prepare(sql);
    if (statements.size > 500) statements.clear();
    statements.set(sql, stmt);
  }
  if (!stmt.reader) throw new Error('the report reader is read-only: ' + sql.slice(0, 60));
  return stmt;
};
// Exports: each keeps its statements (in raw mode: rows as arrays), its cursor and its encoder here,
// so the main thread receives each page as bytes, ready for the socket.
let encoderModule;
const exportRuns = new Map();
const abandoned = new Set();
const loadEncoder = async () => {
  const { tsImport } = await import(workerData.tsxApi);
  return tsImport(workerData.encoder, workerData.encoder);
};
const utf8 = new TextEncoder();
async function exportPage({ id, exportId, spec }) {
  let run = exportRuns.get(exportId);
  if (!run) {
    const encoder = await (encoderModule ??= loadEncoder());
    run = {
      spec,
      first: db.prepare(spec.first.sql).raw(true),
      next: db.prepare(spec.next.sql).raw(true),
      encode: encoder.pageEncoder(spec.encoding),
      after: null,
    };
    if (abandoned.delete(exportId)) {
      parentPort.postMessage({ id, rows: 0, done: true });
      return;
    }
    exportRuns.set(exportId, run);
  }
  let parameters = run.spec.first.parameters;
  if (run.after) {
    parameters = run.spec.next.parameters.slice();
    for (const i of run.spec.slots.at) parameters[i] = run.after[0];
    for (const i of run.spec.slots.id) parameters[i] = run.after[1];
  }
  const rows = (run.after ? run.next : run.first).all(...parameters);
  const last = rows[rows.length - 1];
  const done = !last || rows.length < run.spec.pageSize;
  run.after = last ? [last[run.spec.cursor.at], last[run.spec.cursor.id]] : null;
  if (done) exportRuns.delete(exportId);
  // A fresh buffer of its own, so it moves to the main thread without a copy.
  const bytes = utf8.encode(run.encode(rows));
  parentPort.postMessage({ id, bytes, rows: rows.length, done }, [bytes.buffer]);
}
const fail = (id, err) =>
  parentPort.postMessage({ id, error: { message: String(err && err.message || err), code: err && err.code } });
parentPort.on('message', (m) => {
  if (m.kind === 'export-end') {
    // Ended while its first page was still loading the encoder: remember not to keep it.
    if (!exportRuns.delete(m.exportId)) abandoned.add(m.exportId);
    return;
  }
  if (m.kind === 'export-page') {
    exportPage(m).catch((err) => {
      exportRuns.delete(m.exportId);
      fail(m.id, err);
    });
    return;
  }
  try {
    parentPort.postMessage({ id: m.id, rows: prepared(m.sql).all(...m.parameters) });
  } catch (err) {
    fail(m.id, err);
  }
});
`;

/** One page of an export as the reader thread encoded it. */
export interface EncodedPage {
  bytes: Uint8Array;
  rows: number;
  done: boolean;
}

type Reply = {
  id: number;
  rows?: unknown[] | number;
  bytes?: Uint8Array;
  done?: boolean;
  error?: { message: string; code?: string };
};

interface Pending {
  resolve(reply: Reply): void;
  reject(err: Error): void;
}

/**
 * What every reading thread is given: a driver module resolved from here, and where the export encoder
 * is. As in server/classifier/retrain-worker.ts, tsx's ES module API loads that TypeScript file.
 */
export function threadData(driverModule: string): { driver: string; tsxApi: string; encoder: string } {
  const require = createRequire(import.meta.url);
  return {
    driver: require.resolve(driverModule),
    tsxApi: pathToFileURL(require.resolve('tsx/esm/api').replace(/\.cjs$/, '.mjs')).href,
    encoder: new URL('../reports/export-encode.ts', import.meta.url).href,
  };
}

/**
 * One worker thread answering numbered requests (a query, an export's next page); started on first
 * use, restarted if it dies. `source` is its JavaScript, `data` its workerData.
 */
export class ReaderWorker {
  private worker: Worker | undefined;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;

  constructor(
    private readonly source: string,
    private readonly data: () => Record<string, unknown>,
  ) {}

  private start(): Worker {
    const worker = new Worker(this.source, { eval: true, workerData: this.data() });
    worker.on('message', (m: Reply) => {
      const p = this.pending.get(m.id);
      if (!p) return;
      this.pending.delete(m.id);
      if (m.error) p.reject(Object.assign(new Error(m.error.message), { code: m.error.code }));
      else p.resolve(m);
    });
    const fail = (err: Error) => {
      if (this.worker === worker) this.worker = undefined;
      for (const p of this.pending.values()) p.reject(err);
      this.pending.clear();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`the report reader stopped (exit code ${code})`)));
    // An idle reader must not keep the process alive.
    worker.unref();
    return worker;
  }

  get load(): number {
    return this.pending.size;
  }

  private send(message: Record<string, unknown>): Promise<Reply> {
    this.worker ??= this.start();
    const id = this.nextId++;
    const worker = this.worker;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      worker.postMessage({ ...message, id });
    });
  }

  async run(sql: string, parameters: readonly unknown[]): Promise<unknown[]> {
    const reply = await this.send({ sql, parameters });
    return Array.isArray(reply.rows) ? reply.rows : [];
  }

  /** The next page of export `exportId`; the first call carries its spec. */
  async exportPage(exportId: number, spec: TextExportSpec | undefined): Promise<EncodedPage> {
    const reply = await this.send({ kind: 'export-page', exportId, spec });
    return {
      bytes: reply.bytes ?? new Uint8Array(0),
      rows: Number(reply.rows ?? 0),
      done: Boolean(reply.done),
    };
  }

  /** Forgets an export the client abandoned. */
  endExport(exportId: number): void {
    this.worker?.postMessage({ kind: 'export-end', exportId });
  }

  async close(): Promise<void> {
    const w = this.worker;
    this.worker = undefined;
    if (w) await w.terminate();
  }
}

class ReaderConnection implements DatabaseConnection {
  constructor(private readonly workers: readonly ReaderWorker[]) {}

  async executeQuery<R>(q: CompiledQuery): Promise<QueryResult<R>> {
    // The least busy worker takes it; with one worker, queries queue in order.
    const worker = leastBusy(this.workers);
    return { rows: (await worker.run(q.sql, q.parameters)) as R[] };
  }

  // biome-ignore lint/correctness/useYield: streaming is not offered; the export pages with keysets instead
  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error('the report reader does not stream; page with a keyset');
  }
}

class ReaderDriver implements Driver {
  private readonly connection: ReaderConnection;

  constructor(private readonly workers: readonly ReaderWorker[]) {
    this.connection = new ReaderConnection(this.workers);
  }

  async init(): Promise<void> {}
  async acquireConnection(): Promise<DatabaseConnection> {
    return this.connection;
  }
  async beginTransaction(): Promise<void> {
    throw new Error('the report reader is read-only: no transactions');
  }
  async commitTransaction(): Promise<void> {}
  async rollbackTransaction(): Promise<void> {}
  async releaseConnection(): Promise<void> {}
  async destroy(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.close()));
  }
}

class ReaderDialect implements Dialect {
  constructor(private readonly workers: readonly ReaderWorker[]) {}
  createAdapter(): DialectAdapter {
    return new SqliteAdapter();
  }
  createDriver(): Driver {
    return new ReaderDriver(this.workers);
  }
  createQueryCompiler(): QueryCompiler {
    return new SqliteQueryCompiler();
  }
  createIntrospector(db: Kysely<unknown>): DatabaseIntrospector {
    return new SqliteIntrospector(db);
  }
}

const leastBusy = (workers: readonly ReaderWorker[]) => workers.reduce((a, b) => (b.load < a.load ? b : a));

/**
 * Every page of one text export as bytes, queried and encoded in `worker`. The next page is asked for
 * as soon as one arrives, so the thread encodes it while the main thread writes this one; at most two
 * pages are held, and a client that stops reading stops the queries.
 */
export async function* exportText(worker: ReaderWorker, exportId: number, spec: TextExportSpec) {
  let ahead: Promise<EncodedPage> | undefined = worker.exportPage(exportId, spec);
  let finished = false;
  try {
    while (ahead) {
      const page: EncodedPage = await ahead.catch((err: unknown) => {
        finished = true; // the thread dropped the export when the page failed
        throw err;
      });
      finished = page.done;
      ahead = page.done ? undefined : worker.exportPage(exportId, undefined);
      if (page.bytes.byteLength > 0) yield page.bytes;
    }
  } finally {
    if (!finished) {
      // The client went away (or a page failed): the thread forgets the export's cursor.
      ahead?.catch(() => {});
      worker.endExport(exportId);
    }
  }
}

/** The SQLite reader: a read-only Kysely whose queries run in worker threads, and exports encoded there. */
export interface SqliteReads {
  db: Db;
  /** A text export's pages as bytes, ready for the socket: the main thread neither queries nor encodes. */
  exportText(spec: TextExportSpec): AsyncGenerator<Uint8Array>;
}

/** The reader over the SQLite file at `path`, with `threads` worker threads (started on first use). */
export function openSqliteReads(path: string, threads = 1): SqliteReads {
  const workers = Array.from(
    { length: Math.max(1, threads) },
    () => new ReaderWorker(WORKER_SOURCE, () => ({ path, ...threadData('better-sqlite3') })),
  );
  const db = new Kysely<Database>({ dialect: new ReaderDialect(workers) });
  let nextExport = 1;
  return { db, exportText: (spec) => exportText(leastBusy(workers), nextExport++, spec) };
}

/** A read-only Kysely over the SQLite file at `path` whose queries run off the main thread. */
export function openSqliteReader(path: string, threads = 1): Db {
  return openSqliteReads(path, threads).db;
}
