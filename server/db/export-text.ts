import SQLite from 'better-sqlite3';
import pg from 'pg';
import { encodePage, rowEncoder, type StoredValues } from '../reports/export-encode';
import type { Statement, TextExportSpec } from '../reports/export-query';

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
 * On Postgres each row is encoded as pg parses it off the socket and dropped, and pages are half the
 * size (POSTGRES_EXPORT_PAGE_SIZE): a page of row arrays kept until it was whole survived young-
 * generation GCs (1.0-1.3 s of scavenges per million rows, heap 119 MB, RSS 185 MB), and parsing then
 * encoding 1,000 rows held the event loop long enough that a member's POST /events, a few round trips
 * to Postgres, waited behind it at each one (p99 100-270 ms). Measured in the README's issue 10 table.
 *
 * Memory stays flat because nothing is read ahead of the client: the route's stream pulls the next
 * page only when the socket took the last one (see server/routes/export.ts).
 */

/**
 * One page read: its text (encoded when asked for: SQLite's page is encoded after the next page was
 * read, as before), how many rows it had, and its last row (the next page's cursor).
 */
export interface EncodedPage {
  text(): string;
  rows: number;
  last: StoredValues | undefined;
}

/** Reads the page `statement` asks for, each row (an array in EXPORT_SELECT order) through `encode`. */
export type PageReader = (
  statement: Statement,
  encode: (row: StoredValues) => string,
) => Promise<EncodedPage> | EncodedPage;

/** A page of rows already read (SQLite answers a page at once), encoded when its text is asked for. */
export function encodeRows(
  rows: readonly StoredValues[],
  encode: (row: StoredValues) => string,
): EncodedPage {
  return {
    text: () => encodePage(rows, encode),
    rows: rows.length,
    last: rows.at(-1),
  };
}

/** Lets timers and other requests run between pages: a synchronous SQLite page never yields by itself. */
const yieldToLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/** The statement and parameters for the page after the row `after` (or the first page). */
function pageStatement(spec: TextExportSpec, after: StoredValues | undefined): Statement {
  if (!after) return spec.first;
  const parameters = spec.next.parameters.slice();
  for (const i of spec.slots.at) parameters[i] = after[spec.cursor.at];
  for (const i of spec.slots.id) parameters[i] = after[spec.cursor.id];
  return { sql: spec.next.sql, parameters };
}

/**
 * Every page of one export as bytes. The next page is asked for before this one is handed on, so a
 * database on the other side of a socket (Postgres) works while this one travels; at most one page
 * is read ahead, and a client that stops reading stops the queries.
 */
export async function* pagedText(spec: TextExportSpec, read: PageReader): AsyncGenerator<Uint8Array> {
  const encode = rowEncoder(spec.encoding);
  const utf8 = new TextEncoder();
  let ahead: Promise<EncodedPage> | undefined = Promise.resolve(read(spec.first, encode));
  try {
    while (ahead) {
      await yieldToLoop();
      const page: EncodedPage = await ahead;
      ahead = undefined;
      if (page.last && page.rows >= spec.pageSize)
        ahead = Promise.resolve(read(pageStatement(spec, page.last), encode));
      if (page.rows > 0) yield utf8.encode(page.text());
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
      yield* pagedText(spec, (statement, encode) =>
        encodeRows(prepared(statement.sql).all(...statement.parameters) as StoredValues[], encode),
      );
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
      yield* pagedText(spec, (statement, encode) => postgresPage(client, statement, encode));
    } finally {
      await client.end().catch(() => {});
    }
  };
}

/**
 * One page from Postgres, each row encoded as pg parses it from the socket and then dropped: no page
 * of row arrays is kept (see the note at the top of the file).
 */
export function postgresPage(
  client: pg.Client,
  statement: Statement,
  encode: (row: StoredValues) => string,
): Promise<EncodedPage> {
  return new Promise((resolve, reject) => {
    const config: pg.QueryArrayConfig = {
      text: statement.sql,
      values: [...statement.parameters],
      rowMode: 'array',
    };
    const query = new pg.Query(config);
    let text = '';
    let rows = 0;
    let last: StoredValues | undefined;
    let failed: unknown;
    // With a 'row' listener and no callback, pg keeps no rows of its own.
    query.on('row', (row: StoredValues) => {
      if (failed) return;
      try {
        text += encode(row);
      } catch (err) {
        // Thrown here it would be thrown inside pg's socket handler.
        failed = err;
      }
      rows++;
      last = row;
    });
    query.on('error', reject);
    query.on('end', () => (failed ? reject(failed) : resolve({ text: () => text, rows, last })));
    client.query(query);
  });
}
