import { CompiledQuery, sql } from 'kysely';
import type { ExportQuery } from '../../lib/schemas/api';
import { isoUtc } from '../core/time';
import { isSqlite } from '../db/connect';
import type { Db } from '../db/types';
import { CURSOR_AT, CURSOR_ID, EXPORT_SELECT, type TextEncoding } from './export-encode';

// Big enough that per-query overhead is small, small enough that a page is a few hundred KB.
export const EXPORT_PAGE_SIZE = 1000;
/**
 * Postgres's text export pages by half as much: its rows are parsed and encoded on the main thread as
 * they come off the socket, so a page is what /health and members' POST /events may wait behind, and
 * what is alive across a young-generation GC. Measured with 1,000,000 rows (issue 10): 1,000 rows
 * gave POST /events p99 ~100 ms and RSS 156-168 MB, 500 gave 65 ms and 127 MB at 155-160 k rows/s,
 * 250 gave 124 MB but 95-115 k rows/s (a round trip per page, one page ahead).
 */
export const POSTGRES_EXPORT_PAGE_SIZE = 500;

export interface ExportCursor {
  at: string;
  id: string;
}

export type ExportFilters = Pick<ExportQuery, 'from' | 'to' | 'platform' | 'action' | 'category'> & {
  /** Member ids (the route maps names to ids once, from the small members table). */
  memberIds?: readonly string[];
};

/**
 * One page of the export, after `after`, in (occurred_at, id) order.
 *
 * The plan must not depend on statistics: with a join to members, SQLite's ANALYZE once made the
 * planner start from members and sort a million rows per page (200x slower). So the query reads the
 * events table alone, and every filter other than time is written `+column` — SQLite's way to keep a
 * term from choosing an index — so the only index that fits is events_occurred (occurred_at, id),
 * which also yields the order. Postgres has no unary plus for text (and its planner does not
 * flip this way), so there the columns are written plainly.
 */
export function exportPage(
  db: Db,
  f: ExportFilters,
  after: ExportCursor | null,
  pageSize = EXPORT_PAGE_SIZE,
) {
  const sqlite = isSqlite(db);
  const col = (name: 'member_id' | 'platform' | 'action' | 'category') =>
    sqlite ? sql<string>`+${sql.ref(`events.${name}`)}` : sql<string>`${sql.ref(`events.${name}`)}`;
  const categories = f.category?.filter((x) => x !== 'none');
  const uncategorised = f.category?.includes('none') ?? false;
  let query = db.selectFrom('events').select(EXPORT_SELECT.map((c) => `events.${c}` as const));
  if (f.from) query = query.where('events.occurred_at', '>=', isoUtc(f.from));
  if (f.to) query = query.where('events.occurred_at', '<', isoUtc(f.to));
  if (f.memberIds) query = query.where(col('member_id'), 'in', f.memberIds.length > 0 ? f.memberIds : ['']);
  if (f.platform) query = query.where(col('platform'), 'in', f.platform);
  if (f.action) query = query.where(col('action'), 'in', f.action);
  if (f.category) {
    query = query.where((eb) =>
      eb.or([
        ...(categories && categories.length > 0 ? [eb(col('category'), 'in', categories)] : []),
        ...(uncategorised ? [eb(col('category'), 'is', null)] : []),
      ]),
    );
  }
  // Keyset paging: memory stays flat however many events there are, and no OFFSET rescans. The
  // plain `>=` lets either database start the index range scan right at the last page's end.
  if (after) {
    query = query
      .where('events.occurred_at', '>=', after.at)
      .where((eb) => eb(eb.refTuple('events.occurred_at', 'events.id'), '>', eb.tuple(after.at, after.id)));
  }
  return query.orderBy('events.occurred_at').orderBy('events.id').limit(pageSize);
}

/** A compiled statement: its SQL and parameters. */
export interface Statement {
  sql: string;
  parameters: readonly unknown[];
}

/**
 * A whole text export for a reader that pages by itself (server/db/export-text.ts): the first page's
 * statement, the next pages' statement, and which of its parameters take the last row's cursor.
 */
export interface TextExportSpec {
  first: Statement;
  next: Statement;
  /** Parameter positions of `next` that take the last row's occurred_at, and its id. */
  slots: { at: number[]; id: number[] };
  /** Positions of occurred_at and id in a row of values (EXPORT_SELECT order). */
  cursor: { at: number; id: number };
  pageSize: number;
  encoding: TextEncoding;
}

// Values no stored event can hold (timestamps are ISO text, ids have no control characters).
const AT_SLOT = '\u0000cursor-at';
const ID_SLOT = '\u0000cursor-id';

/** The export's page statements, compiled once, with the cursor's parameter positions marked. */
export function textExportSpec(db: Db, f: ExportFilters, encoding: TextEncoding): TextExportSpec {
  const pageSize = isSqlite(db) ? EXPORT_PAGE_SIZE : POSTGRES_EXPORT_PAGE_SIZE;
  const first = exportPage(db, f, null, pageSize).compile();
  const next = exportPage(db, f, { at: AT_SLOT, id: ID_SLOT }, pageSize).compile();
  const slots = { at: [] as number[], id: [] as number[] };
  next.parameters.forEach((p, i) => {
    if (p === AT_SLOT) slots.at.push(i);
    if (p === ID_SLOT) slots.id.push(i);
  });
  return {
    first: { sql: first.sql, parameters: [...first.parameters] },
    next: { sql: next.sql, parameters: [...next.parameters] },
    slots,
    cursor: { at: CURSOR_AT, id: CURSOR_ID },
    pageSize,
    encoding,
  };
}

/** The page query's plan for "everything after (at, id)", one line: what the bench and the plan test compare. */
export async function explainExport(db: Db): Promise<string> {
  const sqlite = isSqlite(db);
  const q = exportPage(db, {}, { at: '2026-05-01T00:00:00.000Z', id: '' }).compile();
  const plan = await db.executeQuery<Record<string, string>>(
    CompiledQuery.raw(`${sqlite ? 'explain query plan' : 'explain'} ${q.sql}`, [...q.parameters]),
  );
  return plan.rows
    .map((r) => (sqlite ? r.detail! : r['QUERY PLAN']!.trim().replace(/\s+\(cost=.*$/, '')))
    .join(' | ');
}

/**
 * A plan with its seek constraints left out: which tables and indexes, in which order, and whether a
 * sort is needed. Statistics may tighten the seek on the same index (ANALYZE lets SQLite seek on
 * `(occurred_at, id) > (?, ?)` instead of `occurred_at > ?`); only a change of shape is a new plan.
 */
export const planShape = (plan: string) => plan.replace(/\s*\((?:[^()]|\([^()]*\))*\)/g, '');
