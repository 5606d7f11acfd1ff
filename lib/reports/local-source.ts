/**
 * Reads the ambassador's log from the extension's own IndexedDB for the local export. Extension pages
 * may open it directly, like the dashboard does: a runtime message could not stream a big log, and
 * paging it through the background would only add a hop.
 */
import type { StoredEvent } from '../schemas/event';
import { connectionItem } from '../settings/store';
import type { ReplyTrackerDB } from '../storage/db';
import type { ExportProgress, ExportSink } from './download';
import {
  encodePage,
  eventMatcher,
  exportHeader,
  type LocalExportFilters,
  type LocalExportOptions,
  localExportRow,
  periodBounds,
  UNCONNECTED_MEMBER,
} from './local-export';
import { zoneFormatter } from './time';
import { EVENTS_XLSX, XlsxExportWriter } from './xlsx';

// A few hundred KB of text per page: small next to the page, few enough transactions.
export const LOCAL_PAGE_SIZE = 500;

/**
 * Events with `start <= occurredAt < end`, oldest first, a page at a time. Keyset on the occurredAt
 * index, each page in its own short transaction so logging goes on meanwhile; events sharing the
 * last timestamp are skipped by count, which works because IndexedDB orders equal index keys by
 * primary key.
 */
export async function* eventPages(
  db: ReplyTrackerDB,
  range: { start: string; end: string },
  pageSize = LOCAL_PAGE_SIZE,
): AsyncGenerator<StoredEvent[]> {
  let at = range.start;
  let skip = 0;
  for (;;) {
    const page = await db.events
      .where('occurredAt')
      .between(at, range.end, true, false)
      .offset(skip)
      .limit(pageSize)
      .toArray();
    if (page.length > 0) yield page;
    if (page.length < pageSize) return;
    const last = page.at(-1)!.occurredAt;
    let ties = 0;
    for (let i = page.length - 1; i >= 0 && page[i]!.occurredAt === last; i--) ties++;
    skip = last === at ? skip + ties : ties;
    at = last;
  }
}

export async function countEvents(db: ReplyTrackerDB, filters: LocalExportFilters): Promise<number> {
  const { start, end } = periodBounds(filters);
  const inPeriod = db.events.where('occurredAt').between(start, end, true, false);
  // Without other filters the index alone answers; with them Dexie walks a cursor, never an array.
  return filters.platform || filters.action
    ? inPeriod.filter(eventMatcher(filters)).count()
    : inPeriod.count();
}

export interface LocalExportRun {
  filters: LocalExportFilters;
  options: LocalExportOptions;
  member: string;
  sink: ExportSink;
  signal: AbortSignal;
  onProgress(p: ExportProgress): void;
  /** .xlsx only: events per sheet, Excel's limit unless a test crosses a sheet boundary cheaply. */
  xlsxEventsPerSheet?: number;
}

/**
 * exceljs is about 1 MB: it is fetched only when someone exports a workbook, and only this extension
 * page's code asks for it, so content scripts never carry it. Its browser build has no streaming
 * writer, which is why the local workbook is built in memory (see runLocalXlsx).
 */
async function loadExcelJS() {
  const mod = await import('exceljs');
  // A CommonJS package: a bundler hands it over as `default`, some loaders as the namespace itself.
  return (mod.default ?? mod) as typeof mod.default;
}

/**
 * The matching events as one .xlsx. Built in memory and written at the end: this browser's own log
 * (one person's replies and likes, a few thousand a year) is small next to the team export, which the
 * server streams. Progress counts rows as they are added; the bytes come at the end.
 */
async function runLocalXlsx(db: ReplyTrackerDB, run: LocalExportRun): Promise<ExportProgress> {
  const { filters, sink, signal } = run;
  try {
    const ExcelJS = await loadExcelJS();
    const book = new ExcelJS.Workbook();
    const writer = new XlsxExportWriter(
      book,
      {
        tz: filters.tz,
        streaming: false,
        ...(run.xlsxEventsPerSheet ? { eventsPerSheet: run.xlsxEventsPerSheet } : {}),
      },
      EVENTS_XLSX,
    );
    const time = zoneFormatter(filters.tz);
    const keep = eventMatcher(filters);
    for await (const page of eventPages(db, periodBounds(filters))) {
      signal.throwIfAborted();
      for (const e of page) if (keep(e)) writer.add(localExportRow(e, run.member, time));
      run.onProgress({ bytes: 0, rows: writer.rows });
    }
    signal.throwIfAborted();
    writer.finish();
    const bytes = new Uint8Array(await book.xlsx.writeBuffer());
    signal.throwIfAborted();
    await sink.write(bytes);
    const done = { bytes: bytes.byteLength, rows: writer.rows };
    run.onProgress(done);
    await sink.close();
    return done;
  } catch (err) {
    await sink.abort();
    throw err;
  }
}

/** Streams the matching events into the sink; aborting the signal stops it between pages. */
export async function runLocalExport(db: ReplyTrackerDB, run: LocalExportRun): Promise<ExportProgress> {
  const { filters, options, sink, signal } = run;
  const { format } = options;
  if (format === 'xlsx') return runLocalXlsx(db, run);
  const encoder = new TextEncoder();
  const time = zoneFormatter(filters.tz);
  const keep = eventMatcher(filters);
  const progress: ExportProgress = { bytes: 0, rows: 0 };
  const write = async (text: string) => {
    if (!text) return;
    const bytes = encoder.encode(text);
    await sink.write(bytes);
    progress.bytes += bytes.byteLength;
  };
  try {
    await write(exportHeader(options));
    for await (const page of eventPages(db, periodBounds(filters))) {
      signal.throwIfAborted();
      const { text, rows } = encodePage(page, run.member, format, time, keep);
      await write(text);
      progress.rows += rows;
      run.onProgress({ ...progress });
    }
    signal.throwIfAborted();
  } catch (err) {
    await sink.abort();
    throw err;
  }
  await sink.close();
  return progress;
}

/** What the options page's export needs from the outside; tests pass fakes or a fake-indexeddb. */
export interface LocalExportServices {
  /** The connected member's name, else "me". */
  member(): Promise<string>;
  count(filters: LocalExportFilters): Promise<number>;
  exportTo(run: LocalExportRun): Promise<ExportProgress>;
}

export function dexieLocalExportServices(db: () => ReplyTrackerDB): LocalExportServices {
  return {
    // A stopped connection still names the same person; only a disconnect forgets the name.
    member: async () => (await connectionItem.get(db()))?.name ?? UNCONNECTED_MEMBER,
    count: (filters) => countEvents(db(), filters),
    exportTo: (run) => runLocalExport(db(), run),
  };
}
