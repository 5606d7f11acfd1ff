/**
 * The export row and its encoding, once for both exports: the team server's (`GET /export`) and the
 * ambassador's own log (the options page), so a lead can put the two files side by side.
 */
import { EXPORT_COLUMNS, type ExportRow } from '../schemas/api';
import type { ActivityEvent } from '../schemas/event';
import { csvRow, UTF8_BOM } from './csv';
import { replyUrl, targetUrl } from './links';

/** An event as an export sees it: the shared record, whose it is, and when the server had it. */
export type ExportedEvent = ActivityEvent & {
  member: string;
  /** Absent while the server has not confirmed it (a local row not yet synced). */
  receivedAt?: string | undefined;
};

/** The text formats: CSV (with a header row) and JSON Lines. */
export type TextFormat = 'csv' | 'json';

/**
 * One event's cells in EXPORT_COLUMNS order, both times in the export's zone (`time`); an absent field
 * is undefined. The one mapping from an event to the export: the JSON row and the CSV record are both
 * read off it, so the server can encode a CSV record without building a row object per event.
 */
export function exportCells(e: ExportedEvent, time: (iso: string) => string): (string | undefined)[] {
  return [
    e.id,
    e.member,
    e.platform,
    e.action,
    e.targetId,
    targetUrl(e),
    e.targetAuthor,
    e.conversationId,
    e.pageUrl,
    e.replyId,
    replyUrl(e),
    e.replyText,
    e.category,
    e.suggestedCategory,
    e.playbookId,
    e.templateId,
    time(e.occurredAt),
    e.source,
    e.receivedAt ? time(e.receivedAt) : undefined,
  ];
}

/** One event as a row, both times in the export's zone (`time`); absent fields stay absent. */
export function exportRow(e: ExportedEvent, time: (iso: string) => string): ExportRow {
  const cells = exportCells(e, time);
  const row: Partial<Record<keyof ExportRow, string>> = {};
  // Absent rather than undefined, so every JSON line carries exactly the keys it has.
  for (let i = 0; i < EXPORT_COLUMNS.length; i++) {
    const value = cells[i];
    if (value !== undefined) row[EXPORT_COLUMNS[i]!] = value;
  }
  // Built from a validated record; receivedAt is the one column a local row may lack.
  return row as ExportRow;
}

/** What a text export starts with: the CSV's header row (after the byte-order mark if asked), else nothing. */
export function exportHeader(format: TextFormat, bom: boolean): string {
  return format === 'csv' ? (bom ? UTF8_BOM : '') + csvRow(EXPORT_COLUMNS) : '';
}

/** One row as a CSV record in EXPORT_COLUMNS order, or one JSON line. */
export function encodeExportRow(row: ExportRow, format: TextFormat): string {
  return format === 'csv' ? csvRow(EXPORT_COLUMNS.map((k) => row[k])) : `${JSON.stringify(row)}\n`;
}

/** One event as a CSV record or a JSON line: `encodeExportRow(exportRow(e, time), format)`, with no row object for CSV. */
export function encodeExportedEvent(
  e: ExportedEvent,
  time: (iso: string) => string,
  format: TextFormat,
): string {
  return format === 'csv' ? csvRow(exportCells(e, time)) : `${JSON.stringify(exportRow(e, time))}\n`;
}
