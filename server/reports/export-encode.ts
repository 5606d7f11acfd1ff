/**
 * The events export's text encoding, straight from the stored columns: a page of rows as arrays in
 * EXPORT_SELECT order becomes CSV records or JSON lines through the shared export row
 * (`lib/domain/export-row.ts`), so the bytes are the ones the extension's local export writes.
 *
 * Pure and free of the database, because on SQLite it runs in the reader thread
 * (`server/db/sqlite-reader.ts` loads it there), which then hands the main thread bytes only.
 */
import { type ExportedEvent, encodeExportedEvent, type TextFormat } from '../../lib/domain/export-row';
import { zoneFormatter } from '../../lib/reports/time';

/** The columns an export reads, in this order: a page is an array of these values per event. */
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

export type ExportColumn = (typeof EXPORT_SELECT)[number];
export type StoredValues = readonly (string | null)[];

/** Where the keyset cursor (occurred_at, id) sits in a row of values. */
export const CURSOR_AT = EXPORT_SELECT.indexOf('occurred_at');
export const CURSOR_ID = EXPORT_SELECT.indexOf('id');

/** How a text export is written: its format, its zone, and member ids to names. */
export interface TextEncoding {
  format: TextFormat;
  tz: string;
  /** [member id, name] pairs: the page query reads the events table alone. */
  names: readonly (readonly [string, string])[];
}

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

/** Encodes page after page of one export; the zone's offset cache lives as long as the export. */
export function pageEncoder(o: TextEncoding): (rows: readonly StoredValues[]) => string {
  const names = new Map(o.names);
  const time = zoneFormatter(o.tz);
  return (rows) => {
    let text = '';
    for (const v of rows) text += encodeExportedEvent(exportedEvent(v, names), time, o.format);
    return text;
  };
}
