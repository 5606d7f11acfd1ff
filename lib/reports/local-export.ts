/**
 * The ambassador's own log as an export file, with the server export's columns so the two can be
 * combined. Pure: the Dexie reading lives in local-source.ts.
 */
import { encodeExportRow, exportRow, exportHeader as sharedHeader } from '../domain/export-row';
import type { ExportRow } from '../schemas/api';
import type { Action, StoredEvent } from '../schemas/event';
import { EXPORT_FILE, type ExportFormat, type TextExportFormat } from './download';
import { addDays, addMonths, formatLocalDate, localDateOf, parseLocalDate, startOfLocalDay } from './time';

/** Who the rows are attributed to before the extension knows the member's name on a server. */
export const UNCONNECTED_MEMBER = 'me';

export type PlatformFilter = '' | 'x' | 'youtube';
/** The dashboard's choices: replies and comments count together, as in the KPIs. */
export type ActionFilter = '' | 'reply,comment' | 'like' | 'unlike';

export interface LocalExportFilters {
  /** Local calendar days in `tz`, both inclusive (YYYY-MM-DD). */
  from: string;
  to: string;
  tz: string;
  platform: PlatformFilter;
  action: ActionFilter;
}

export interface LocalExportOptions {
  format: ExportFormat;
  /** CSV only. */
  bom: boolean;
}

/** UTC instants of the period: `start` inclusive, `end` (midnight after `to`) exclusive. */
export function periodBounds(f: Pick<LocalExportFilters, 'from' | 'to' | 'tz'>): {
  start: string;
  end: string;
} {
  const start = startOfLocalDay(f.tz, parseLocalDate(f.from));
  const end = startOfLocalDay(f.tz, addDays(parseLocalDate(f.to), 1));
  return { start: new Date(start).toISOString(), end: new Date(end).toISOString() };
}

/** The month `now` falls in where `tz` is, first to last day. */
export function monthOf(now: Date, tz: string): { from: string; to: string } {
  const today = localDateOf(tz, now.getTime());
  const first = { ...today, day: 1 };
  return { from: formatLocalDate(first), to: formatLocalDate(addDays(addMonths(first, 1), -1)) };
}

export function defaultFilters(now: Date, tz: string): LocalExportFilters {
  return { ...monthOf(now, tz), tz, platform: '', action: '' };
}

/** Why the filters cannot be exported as they are, or undefined. */
export function filtersProblem(f: LocalExportFilters): string | undefined {
  const date = /^\d{4}-\d{2}-\d{2}$/;
  if (!date.test(f.from) || !date.test(f.to)) return 'Pick both days of the period.';
  if (f.from > f.to) return 'The period ends before it starts.';
  return undefined;
}

const ACTIONS: Record<Exclude<ActionFilter, ''>, readonly Action[]> = {
  'reply,comment': ['reply', 'comment'],
  like: ['like'],
  unlike: ['unlike'],
};

/** Platform and action; the period is the index range the events were read from. */
export function eventMatcher(
  f: Pick<LocalExportFilters, 'platform' | 'action'>,
): (e: StoredEvent) => boolean {
  const actions = f.action ? ACTIONS[f.action] : undefined;
  return (e) => (!f.platform || e.platform === f.platform) && (!actions || actions.includes(e.action));
}

/**
 * One event as the server would export it (`lib/domain/export-row.ts`). `receivedAt` is when this
 * browser heard the server had the event (the server's own stamp never comes back); empty while it has not.
 */
export function localExportRow(e: StoredEvent, member: string, time: (iso: string) => string): ExportRow {
  return exportRow(
    { ...e, member, receivedAt: e.syncState === 'synced' && e.syncedAt ? e.syncedAt : undefined },
    time,
  );
}

/** The text formats' header (CSV only); .xlsx is written by runLocalXlsx, not through these. */
export function exportHeader(o: LocalExportOptions): string {
  return o.format === 'csv' ? sharedHeader('csv', o.bom) : '';
}

export const encodeRow = (row: ExportRow, format: TextExportFormat): string => encodeExportRow(row, format);

/** Maps and encodes a page of events; `time` is shared across pages so its offset cache keeps. */
export function encodePage(
  events: readonly StoredEvent[],
  member: string,
  format: TextExportFormat,
  time: (iso: string) => string,
  keep: (e: StoredEvent) => boolean,
): { text: string; rows: number } {
  let text = '';
  let rows = 0;
  for (const e of events) {
    if (!keep(e)) continue;
    text += encodeRow(localExportRow(e, member, time), format);
    rows++;
  }
  return { text, rows };
}

export function exportFilename(f: LocalExportFilters, format: ExportFormat): string {
  return `reply-tracker-my-log-${f.from}_${f.to}.${EXPORT_FILE[format].ext}`;
}

export const exportMime = (format: ExportFormat) => EXPORT_FILE[format].mime;
