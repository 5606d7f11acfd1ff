import SQLite from 'better-sqlite3';
import pg from 'pg';
import { pageEncoder, type StoredValues } from '../reports/export-encode';
import type { TextExportSpec } from '../reports/export-query';

/*
 * A text export (CSV, JSON lines) on the main thread, a bounded page at a time: one keyset page of
 * rows as arrays (no object per row), encoded with the shared export encoding, handed to the socket as
 * bytes, then the event loop gets a turn before the next page.
 *
 * Why not a worker thread (as until issue 10's export-RSS pass): the thread was a second V8 isolate
 * that loaded tsx and the encoder's modules, with a heap of its own and each page's bytes allocated in
 * one thread and freed in another. With 1,000,000 rows the server's RSS went from ~100 MB idle to
 * ~230–250 MB (bundled; ~290 MB under tsx), against ~145 MB for the same export read here. A page costs
 * a few milliseconds here, so /health and members' POST /events wait at most one page.
 *
 * Memory stays flat because nothing is read ahead of the client: the route's stream pulls the next
 * page only when the socket took the last one (see server/routes/export.ts).
 */

/** A page's rows as arrays in EXPORT_SELECT order. */
type PageQuery = (sql: string, parameters: readonly unknown[]) => Promise<StoredValues[]> | StoredValues[];

/** Lets timers and other requests run between pages: a synchronous SQLite page never yields by itself. */
const yieldToLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/** The statement and parameters for the page after the row `after` (or the first page). */
function pageStatement(spec: TextExportSpec, after: StoredValues | undefined) {
  if (!after) return spec.first;
  const parameters = spec.next.parameters.slice();
  for (const i of spec.slots.at) parameters[i] = after[spec.cursor.at];
  for (const i of spec.slots.id) parameters[i] = after[spec.cursor.id];
  return { sql: spec.next.sql, parameters };
}

/**
 * Every page of one export as bytes. The next page's query is sent before this page is encoded, so a
 * database on the other side of a socket (Postgres) works while this thread encodes; at most one page
 * is read ahead, and a client that stops reading stops the queries.
 */
export async function* pagedText(spec: TextExportSpec, query: PageQuery): AsyncGenerator<Uint8Array> {
  const encode = pageEncoder(spec.encoding);
  const utf8 = new TextEncoder();
  let ahead: Promise<StoredValues[]> | undefined = Promise.resolve(
    query(spec.first.sql, spec.first.parameters),
  );
  try {
    while (ahead) {
      await yieldToLoop();
      const rows: StoredValues[] = await ahead;
      const last = rows.at(-1);
      ahead = undefined;
      if (last && rows.length >= spec.pageSize) {
        const next = pageStatement(spec, last);
        ahead = Promise.resolve(query(next.sql, next.parameters));
      }
      if (rows.length > 0) yield utf8.encode(encode(rows));
    }
  } finally {
    // The client went away with a page on its way: nobody will read its answer or its error.
    ahead?.catch(() => {});
  }
}

/**
 * Text exports from the SQLite file at `path`, each on a read-only connection of its own (WAL: it
 * reads what was committed when each page started, while the main connection writes).
 */
export function sqliteExportText(path: string): (spec: TextExportSpec) => AsyncGenerator<Uint8Array> {
  return async function* exportText(spec) {
    const db = new SQLite(path, { readonly: true, fileMustExist: true });
    try {
      db.pragma('busy_timeout = 5000');
      const statements = new Map<string, SQLite.Statement>();
      const prepared = (sql: string) => {
        let stmt = statements.get(sql);
        if (!stmt) {
          stmt = db.prepare(sql).raw(true);
          statements.set(sql, stmt);
        }
        return stmt;
      };
      yield* pagedText(spec, (sql, parameters) => prepared(sql).all(...parameters) as StoredValues[]);
    } finally {
      db.close();
    }
  };
}

/**
 * Text exports from Postgres, each on a connection of its own (not one of the pool's: a million-row
 * export must not hold a connection members' syncs wait for), with rows as arrays.
 */
export function postgresExportText(
  url: string,
  schema?: string,
): (spec: TextExportSpec) => AsyncGenerator<Uint8Array> {
  return async function* exportText(spec) {
    const client = new pg.Client({
      connectionString: url,
      ...(schema ? { options: `-c search_path=${schema}` } : {}),
    });
    // A connection lost between queries is also said by the query that fails; this keeps it from crashing the process.
    client.on('error', (err) => console.error('export: the Postgres connection failed', err));
    await client.connect();
    try {
      yield* pagedText(spec, (sql, parameters) =>
        client
          .query<(string | null)[]>({ text: sql, values: [...parameters], rowMode: 'array' })
          .then((r) => r.rows),
      );
    } finally {
      await client.end().catch(() => {});
    }
  };
}
