import { createRequire } from 'node:module';
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
import type { Database, Db } from './types';

/*
 * better-sqlite3 answers synchronously: a report that reads a million rows holds the event loop for
 * as long as it runs, and every member's sync waits behind it. Long reads (reports, the export) go
 * through this dialect instead: a read-only connection in a worker thread, so the main thread keeps
 * answering /health and POST /events. WAL mode lets the worker read while the main connection writes;
 * each query sees what was committed when it started.
 *
 * The worker is plain JavaScript evaluated from a string, so it runs the same under tsx, vitest and a
 * bundle, with better-sqlite3 resolved from here.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.path, { readonly: true, fileMustExist: true });
db.pragma('busy_timeout = 5000');
const statements = new Map();
parentPort.on('message', ({ id, sql, parameters }) => {
  try {
    let stmt = statements.get(sql);
    if (!stmt) {
      stmt = db.prepare(sql);
      if (statements.size > 500) statements.clear();
      statements.set(sql, stmt);
    }
    if (!stmt.reader) throw new Error('the report reader is read-only: ' + sql.slice(0, 60));
    parentPort.postMessage({ id, rows: stmt.all(...parameters) });
  } catch (err) {
    parentPort.postMessage({ id, error: { message: String(err && err.message || err), code: err && err.code } });
  }
});
`;

interface Pending {
  resolve(rows: unknown[]): void;
  reject(err: Error): void;
}

/** One worker thread with its own read-only connection; restarted if it dies. */
class ReaderWorker {
  private worker: Worker | undefined;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;

  constructor(private readonly path: string) {}

  private start(): Worker {
    const driver = createRequire(import.meta.url).resolve('better-sqlite3');
    const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { path: this.path, driver } });
    worker.on(
      'message',
      (m: { id: number; rows?: unknown[]; error?: { message: string; code?: string } }) => {
        const p = this.pending.get(m.id);
        if (!p) return;
        this.pending.delete(m.id);
        if (m.error) p.reject(Object.assign(new Error(m.error.message), { code: m.error.code }));
        else p.resolve(m.rows ?? []);
      },
    );
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

  run(sql: string, parameters: readonly unknown[]): Promise<unknown[]> {
    this.worker ??= this.start();
    const id = this.nextId++;
    const worker = this.worker;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      worker.postMessage({ id, sql, parameters });
    });
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
    const worker = this.workers.reduce((a, b) => (b.load < a.load ? b : a));
    return { rows: (await worker.run(q.sql, q.parameters)) as R[] };
  }

  // biome-ignore lint/correctness/useYield: streaming is not offered; the export pages with keysets instead
  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error('the report reader does not stream; page with a keyset');
  }
}

class ReaderDriver implements Driver {
  private readonly workers: ReaderWorker[];
  private readonly connection: ReaderConnection;

  constructor(path: string, threads: number) {
    this.workers = Array.from({ length: Math.max(1, threads) }, () => new ReaderWorker(path));
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
  constructor(
    private readonly path: string,
    private readonly threads: number,
  ) {}
  createAdapter(): DialectAdapter {
    return new SqliteAdapter();
  }
  createDriver(): Driver {
    return new ReaderDriver(this.path, this.threads);
  }
  createQueryCompiler(): QueryCompiler {
    return new SqliteQueryCompiler();
  }
  createIntrospector(db: Kysely<unknown>): DatabaseIntrospector {
    return new SqliteIntrospector(db);
  }
}

/** A read-only Kysely over the SQLite file at `path` whose queries run off the main thread. */
export function openSqliteReader(path: string, threads = 1): Db {
  return new Kysely<Database>({ dialect: new ReaderDialect(path, threads) });
}
