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
 * bundle, with better-sqlite3 resolved from here. Text exports do not come here: they page on the main
 * thread (server/db/export-text.ts), which costs less memory than a second isolate.
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
const fail = (id, err) =>
  parentPort.postMessage({ id, error: { message: String(err && err.message || err), code: err && err.code } });
parentPort.on('message', (m) => {
  try {
    parentPort.postMessage({ id: m.id, rows: prepared(m.sql).all(...m.parameters) });
  } catch (err) {
    fail(m.id, err);
  }
});
`;

type Reply = {
  id: number;
  rows?: unknown[];
  error?: { message: string; code?: string };
};

interface Pending {
  resolve(reply: Reply): void;
  reject(err: Error): void;
}

/** One worker thread answering numbered queries; started on first use, restarted if it dies. */
class ReaderWorker {
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

/** A read-only Kysely over the SQLite file at `path` whose queries run off the main thread. */
export function openSqliteReader(path: string, threads = 1): Db {
  const driver = createRequire(import.meta.url).resolve('better-sqlite3');
  const workers = Array.from(
    { length: Math.max(1, threads) },
    () => new ReaderWorker(WORKER_SOURCE, () => ({ path, driver })),
  );
  return new Kysely<Database>({ dialect: new ReaderDialect(workers) });
}
