/**
 * The one mapping between a stored events row and the shared event record, used by ingest
 * (`POST /events`), the team activity (`GET /activity`) and the export (`GET /export`, whose pages are
 * rows of values in EXPORT_SELECT order, read page by page on the event loop: server/db/export-text.ts).
 */

import { CompiledQuery, sql } from 'kysely';
import type { ExportedEvent } from '../../lib/domain/export-row';
import { countedAt } from '../../lib/reports/clock';
import type { ActivityEvent } from '../../lib/schemas/event';
import { isSqlite } from '../db/connect';
import type { Db, EventsTable } from '../db/types';
import { conversationKey } from '../reports/conversation';
import { isoUtc } from './time';

/** The row for an accepted event: the record's fields, plus what the server derives from them. */
export function toEventRow(e: ActivityEvent, memberId: string, receivedAt: string): EventsTable {
  const occurredAt = isoUtc(e.occurredAt, 'occurredAt');
  return {
    id: e.id,
    member_id: memberId,
    platform: e.platform,
    action: e.action,
    target_id: e.targetId,
    target_author: e.targetAuthor ?? null,
    conversation_id: e.conversationId ?? null,
    page_url: e.pageUrl,
    reply_id: e.replyId ?? null,
    reply_text: e.replyText ?? null,
    category: e.category ?? null,
    suggested_category: e.suggestedCategory ?? null,
    playbook_id: e.playbookId ?? null,
    template_id: e.templateId ?? null,
    occurred_at: occurredAt,
    source: e.source,
    received_at: receivedAt,
    conversation_key: conversationKey(e.platform, e.conversationId, e.targetId),
    counted_at: countedAt(occurredAt, receivedAt),
  };
}

/** The stored columns of an event record, in this order: an export page is an array of these values per event. */
export const EXPORT_SELECT = [
  'id',
  'member_id',
  'platform',
  'action',
  'target_id',
  'target_author',
  'conversation_id',
  'page_url',
  'reply_id',
  'reply_text',
  'category',
  'suggested_category',
  'playbook_id',
  'template_id',
  'occurred_at',
  'source',
  'received_at',
] as const;

/**
 * Every column of an events row, as toEventRow fills it: what an insert writes (the stored record's
 * columns, then what the server derives from them).
 */
export const EVENT_COLUMNS = [
  ...EXPORT_SELECT,
  'conversation_key',
  'counted_at',
] as const satisfies readonly (keyof EventsTable)[];

// 500 rows x 19 columns stays well under SQLite's bound-parameter limit (32,766).
const SQLITE_INSERT_CHUNK = 500;

const sqliteInsertText = new Map<number, string>();

/**
 * The SQLite insert of `n` events, the text Kysely's builder made for it (quoted columns, one VALUES
 * tuple per row, dedupe on id, the stored ids back), built once per row count. The same string
 * object each batch also keeps the prepared-statement cache's lookup cheap (server/db/connect.ts).
 */
export function sqliteInsertSql(n: number): string {
  let text = sqliteInsertText.get(n);
  if (!text) {
    const tuple = `(${EVENT_COLUMNS.map(() => '?').join(', ')})`;
    text = `insert into "events" (${EVENT_COLUMNS.map((c) => `"${c}"`).join(', ')}) values ${Array(n)
      .fill(tuple)
      .join(', ')} on conflict ("id") do nothing returning "id"`;
    sqliteInsertText.set(n, text);
  }
  return text;
}

/**
 * Stores the rows whose id is not stored yet (the others are left as they are) and answers the ids it
 * stored. On Postgres the batch goes as one array per column through unnest: a statement of 19
 * parameters that Postgres parses and plans in no time, where a 500-row VALUES list has 9,500 to bind,
 * and Kysely no longer builds and compiles 9,500 value nodes per batch on the server's event loop
 * (issue 10). SQLite keeps a multi-row VALUES statement, prepared once (server/db/connect.ts), whose
 * text is built once per row count and whose parameters are the rows' values in column order: no
 * Kysely tree of 9,500 value nodes to build and compile per batch either (~8 % of the SQLite
 * server's busy time under the ingest bench).
 */
export async function insertNewEvents(db: Db, rows: readonly EventsTable[]): Promise<string[]> {
  if (rows.length === 0) return [];
  const stored: string[] = [];
  if (isSqlite(db)) {
    for (let i = 0; i < rows.length; i += SQLITE_INSERT_CHUNK) {
      const chunk = rows.slice(i, i + SQLITE_INSERT_CHUNK);
      const params: (string | null)[] = [];
      for (const r of chunk) for (const c of EVENT_COLUMNS) params.push(r[c]);
      const { rows: inserted } = await db.executeQuery<{ id: string }>(
        CompiledQuery.raw(sqliteInsertSql(chunk.length), params),
      );
      for (const r of inserted) stored.push(r.id);
    }
    return stored;
  }
  const arrays = EVENT_COLUMNS.map((c) => sql`${rows.map((r) => r[c])}::text[]`);
  const { rows: inserted } = await sql<{ id: string }>`
    insert into events (${sql.join(EVENT_COLUMNS.map((c) => sql.ref(c)))})
    select * from unnest(${sql.join(arrays)})
    on conflict (id) do nothing
    returning id`.execute(db);
  for (const r of inserted) stored.push(r.id);
  return stored;
}

export type ExportColumn = (typeof EXPORT_SELECT)[number];
export type StoredValues = readonly (string | null)[];

const opt = (v: string | null | undefined) => (v === null ? undefined : v);

/** A stored row's values as the shared event record of the export; null columns are absent. */
export function exportedEvent(v: StoredValues, names: ReadonlyMap<string, string>): ExportedEvent {
  const memberId = v[1]!;
  // One object literal, always the same shape: no per-field deletes, no spread of a second object.
  return {
    id: v[0]!,
    member: names.get(memberId) ?? memberId,
    platform: v[2] as ExportedEvent['platform'],
    action: v[3] as ExportedEvent['action'],
    targetId: v[4]!,
    targetAuthor: opt(v[5]),
    conversationId: opt(v[6]),
    pageUrl: v[7]!,
    replyId: opt(v[8]),
    replyText: opt(v[9]),
    category: opt(v[10]) as ExportedEvent['category'],
    suggestedCategory: opt(v[11]) as ExportedEvent['suggestedCategory'],
    playbookId: opt(v[12]),
    templateId: opt(v[13]),
    occurredAt: v[14]!,
    source: v[15] as ExportedEvent['source'],
    receivedAt: v[16]!,
  };
}

/** A stored row as a keyed object (Kysely's shape) turned into values in EXPORT_SELECT order. */
export function storedValues(row: Readonly<Record<ExportColumn, string | null>>): (string | null)[] {
  return EXPORT_SELECT.map((c) => row[c]);
}

const NO_NAMES: ReadonlyMap<string, string> = new Map();

/** A stored event as the shared record, absent fields left out, with when the server received it. */
export function fromEventRow(r: EventsTable): ActivityEvent & { receivedAt: string } {
  const { member: _member, ...record } = exportedEvent(storedValues(r), NO_NAMES);
  const e = record as Record<string, unknown>;
  for (const k of Object.keys(e)) if (e[k] === undefined) delete e[k];
  // Rows were validated on the way in; callers that answer with them parse again where it matters.
  return e as unknown as ActivityEvent & { receivedAt: string };
}
