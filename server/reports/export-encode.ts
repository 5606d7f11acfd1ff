/**
 * The events export's text encoding, straight from the stored columns: a page of rows as arrays in
 * EXPORT_SELECT order becomes CSV records or JSON lines through the shared export row
 * (`lib/domain/export-row.ts`), so the bytes are the ones the extension's local export writes.
 *
 * Pure and free of the database: the route's pages of objects and the export connection's pages of
 * arrays (`server/db/export-text.ts`) both come through here.
 */
import { encodeExportedEvent, type TextFormat } from '../../lib/domain/export-row';
import { zoneFormatter } from '../../lib/reports/time';
import { EXPORT_SELECT, exportedEvent, type StoredValues } from '../core/events';

// The stored columns and their one mapping to the event record live with ingest's (server/core/events.ts).
export {
  EXPORT_SELECT,
  type ExportColumn,
  exportedEvent,
  type StoredValues,
  storedValues,
} from '../core/events';

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

/** Encodes row after row of one export; the zone's offset cache lives as long as the export. */
export function rowEncoder(o: TextEncoding): (row: StoredValues) => string {
  const names = new Map(o.names);
  const time = zoneFormatter(o.tz);
  return (v) => encodeExportedEvent(exportedEvent(v, names), time, o.format);
}

/** One page's text: each row through `encode`, in order. */
export function encodePage(rows: readonly StoredValues[], encode: (row: StoredValues) => string): string {
  let text = '';
  for (const v of rows) text += encode(v);
  return text;
}

/** Encodes page after page of one export (see rowEncoder). */
export function pageEncoder(o: TextEncoding): (rows: readonly StoredValues[]) => string {
  const encode = rowEncoder(o);
  return (rows) => encodePage(rows, encode);
}
