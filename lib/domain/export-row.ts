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

/** One event as a row, both times in the export's zone (`time`); absent fields stay absent. */
export function exportRow(e: ExportedEvent, time: (iso: string) => string): ExportRow {
  const row: Partial<Record<keyof ExportRow, string>> = {
    id: e.id,
    member: e.member,
    platform: e.platform,
    action: e.action,
    targetId: e.targetId,
    targetUrl: targetUrl(e),
    targetAuthor: e.targetAuthor,
    conversationId: e.conversationId,
    pageUrl: e.pageUrl,
    replyId: e.replyId,
    replyUrl: replyUrl(e),
    replyText: e.replyText,
    category: e.category,
    suggestedCategory: e.suggestedCategory,
    playbookId: e.playbookId,
    templateId: e.templateId,
    occurredAt: time(e.occurredAt),
    source: e.source,
    receivedAt: e.receivedAt ? time(e.receivedAt) : undefined,
  };
  // Absent rather than undefined, so every JSON line carries exactly the keys it has.
  for (const k of EXPORT_COLUMNS) if (row[k] === undefined) delete row[k];
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
