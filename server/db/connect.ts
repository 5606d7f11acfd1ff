import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
// The timers module's own: a test faking the global timers must not stall every query.
import { setImmediate } from 'node:timers';
import SQLite from 'better-sqlite3';
import {
  type DatabaseConnection,
  type Driver,
  Kysely,
  PostgresDialect,
  SqliteAdapter,
  type SqliteDatabase,
  SqliteDialect,
  SqliteDriver,
} from 'kysely';
import pg from 'pg';
import { startCheckpointer, WRITER_AUTOCHECKPOINT_PAGES } from './sqlite-checkpoint';
import type { Database, Db } from './types';

export const DEFAULT_SQLITE_PATH = 'data/reply-tracker.sqlite';

export type DatabaseTarget = { kind: 'sqlite'; path: string } | { kind: 'postgres'; url: string };

/** `DATABASE_URL`: absent -> the default file; `postgres://…` -> Postgres; `file:path` or a path -> SQLite. */
export function parseDatabaseUrl(url: string | undefined): DatabaseTarget {
  const value = url?.trim();
  if (!value) return { kind: 'sqlite', path: DEFAULT_SQLITE_PATH };
  if (/^postgres(ql)?:\/\//i.test(value)) return { kind: 'postgres', url: value };
  if (value.startsWith('file://')) return { kind: 'sqlite', path: new URL(value).pathname };
  if (value.startsWith('file:')) return { kind: 'sqlite', path: value.slice('file:'.length) };
  return { kind: 'sqlite', path: value };
}

export interface OpenOptions {
  /** Postgres only: put every table in this schema (tests isolate runs this way). */
  schema?: string;
  /** Postgres only: connections in the pool (10 unless said). */
  poolSize?: number;
  /**
   * SQLite file only: checkpoint the WAL from a thread of its own instead of inside the commits
   * (server/db/sqlite-checkpoint.ts). The server's connection and the ingest bench's bare insert use it.
   */
  checkpointThread?: boolean;
}

export function openDatabase(target: DatabaseTarget, options: OpenOptions = {}): Db {
  if (target.kind === 'postgres') {
    const pool = new pg.Pool({
      connectionString: target.url,
      max: options.poolSize ?? 10,
      ...(options.schema ? { options: `-c search_path=${options.schema}` } : {}),
    });
    return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  }
  const path = target.path === ':memory:' ? target.path : resolve(target.path);
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const sqlite = new SQLite(path);
  // WAL lets the export read while a batch is written; busy_timeout covers the CLI writing at the same time.
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  const checkpointer =
    options.checkpointThread && path !== ':memory:'
      ? startCheckpointer(path, (err) =>
          console.error(
            `SQLite checkpoint thread stopped, commits checkpoint by themselves again: ${err.message}`,
          ),
        )
      : undefined;
  if (checkpointer) {
    sqlite.pragma(`wal_autocheckpoint = ${WRITER_AUTOCHECKPOINT_PAGES}`);
    sqlite.pragma(`journal_size_limit = ${WRITER_AUTOCHECKPOINT_PAGES * 4096}`);
  }
  const database = preparedOnce(sqlite);
  return new Kysely<Database>({
    dialect: new TurnTakingSqliteDialect({
      database: {
        prepare: (sql) => database.prepare(sql),
        close: () => {
          database.close();
          void checkpointer?.close();
        },
      },
    }),
  });
}

/**
 * The one SQLite connection, handed from one holder to the next in arrival order and through a turn
 * of the event loop. better-sqlite3 answers synchronously, so with Kysely's own lock a queue of
 * waiting transactions ran one after the other on microtasks alone: requests that arrived meanwhile
 * were not read (nor answers written, on some sockets) until the whole queue had drained, and then
 * waited for the next queue. Under 8 clients posting 500-event batches that made the latency
 * bimodal, most batches ~95 ms and a quarter ~200 ms (issue 10, ingest p99). A turn between holders
 * lets the server read what has arrived, so each request waits only for those ahead of it.
 */
export class TurnTaker {
  #held = false;
  readonly #waiting: (() => void)[] = [];

  lock(): Promise<void> {
    if (!this.#held) {
      this.#held = true;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.#waiting.push(resolve));
  }

  /** The next holder gets the connection on the event loop's next turn, after it has read what arrived. */
  unlock(): void {
    // Still held until then, so a request read in this turn queues behind those already waiting.
    setImmediate(() => {
      const next = this.#waiting.shift();
      if (next) next();
      else this.#held = false;
    });
  }
}

class TurnTakingSqliteDialect extends SqliteDialect {
  readonly #options: ConstructorParameters<typeof SqliteDialect>[0];
  constructor(options: ConstructorParameters<typeof SqliteDialect>[0]) {
    super(options);
    this.#options = options;
  }
  override createDriver(): Driver {
    const turns = new TurnTaker();
    return new (class extends SqliteDriver {
      override async acquireConnection(): Promise<DatabaseConnection> {
        await turns.lock();
        return super.acquireConnection();
      }
      override async releaseConnection(): Promise<void> {
        await super.releaseConnection();
        turns.unlock();
      }
    })(this.#options);
  }
}

/** How many distinct statements the SQLite connection keeps prepared (the app issues a few hundred). */
export const STATEMENT_CACHE_SIZE = 256;

/**
 * Kysely's SQLite driver prepares every statement it runs, and a 500-row insert of events is a long
 * statement to compile (~4 % of the server's time under ingest). The same SQL text is the same
 * statement, so keep the most recently used ones prepared. better-sqlite3 re-prepares a statement by
 * itself when the schema changes; a statement still being iterated is never handed out twice.
 */
export function preparedOnce(db: SQLite.Database, size = STATEMENT_CACHE_SIZE): SqliteDatabase {
  const cache = new Map<string, SQLite.Statement>();
  return {
    close: () => db.close(),
    prepare(sql) {
      const cached = cache.get(sql);
      if (cached && !cached.busy) {
        // Most recently used last, so the first key is the one to evict.
        cache.delete(sql);
        cache.set(sql, cached);
        return cached;
      }
      const stmt = db.prepare(sql);
      cache.set(sql, stmt);
      if (cache.size > size) cache.delete(cache.keys().next().value as string);
      return stmt;
    },
  };
}

/** Whether `db` speaks SQLite (the main connection or the report reader), for the few dialect-specific spots. */
export function isSqlite(db: Db): boolean {
  return db.getExecutor().adapter instanceof SqliteAdapter;
}
