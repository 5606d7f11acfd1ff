/**
 * The export as an Excel workbook, shared by the server (exceljs's streaming writer) and the
 * extension's local export (exceljs's in-memory workbook, loaded only on the options page). Only
 * types come from exceljs here, so importing this module loads nothing.
 */
import type { Workbook, Worksheet } from 'exceljs';
import { xlsxText } from '../domain/csv';
import { EXPORT_COLUMNS, type ExportRow } from '../schemas/api';

/** Excel's hard limit on rows in one sheet, header included. */
export const XLSX_MAX_ROWS = 1_048_576;
/**
 * Events per sheet: one row under Excel's limit goes to the header. A longer export continues on
 * another sheet ("Events 2", …) with the header repeated, rather than stopping or losing rows.
 */
export const XLSX_EVENTS_PER_SHEET = XLSX_MAX_ROWS - 1;

type Column = (typeof EXPORT_COLUMNS)[number];
const DATE_COLUMNS: ReadonlySet<Column> = new Set<Column>(['occurredAt', 'receivedAt']);
const WIDTHS: Partial<Record<Column, number>> = {
  id: 38,
  targetUrl: 44,
  pageUrl: 44,
  replyUrl: 44,
  replyText: 60,
  occurredAt: 20,
  receivedAt: 20,
};

/**
 * An export time (`2026-11-20T13:00:00.000+03:00`, already in the export's zone) as the date Excel
 * shows. A spreadsheet date has no zone, so it carries the wall-clock time, and the header names
 * the zone. exceljs turns a Date into Excel's serial from its UTC fields, hence the `Z`.
 */
export function wallClockDate(zoned: string): Date {
  return new Date(`${zoned.slice(0, 23)}Z`);
}

/**
 * One event's cells: text as plain strings (never a formula: a string cell is text to Excel however
 * it starts, so no apostrophe is needed; control characters, which XML cannot carry, go, and Excel's
 * `_xHHHH_` escape is itself escaped: `xlsxText`), the
 * two times as dates, absent values as empty cells.
 */
export function xlsxCells(row: ExportRow): (string | Date | null)[] {
  return EXPORT_COLUMNS.map((k) => {
    const v = row[k];
    if (v === undefined) return null;
    return DATE_COLUMNS.has(k) ? wallClockDate(v) : xlsxText(String(v));
  });
}

export function xlsxHeader(tz: string): string[] {
  return EXPORT_COLUMNS.map((k) => (DATE_COLUMNS.has(k) ? `${k} (${tz})` : k));
}

/** A cell as the workbook takes it. */
export type XlsxCell = string | number | Date | null;

/** What one kind of export looks like as sheets: their name, columns, header and each row's cells. */
export interface XlsxTable<R> {
  /** The first sheet's name; later ones add " 2", " 3"… */
  sheetName: string;
  columns: readonly string[];
  widths: Partial<Record<string, number>>;
  dateColumns: ReadonlySet<string>;
  header(tz: string): string[];
  cells(row: R): XlsxCell[];
}

/** The events export (server and local). */
export const EVENTS_XLSX: XlsxTable<ExportRow> = {
  sheetName: 'Events',
  columns: EXPORT_COLUMNS,
  widths: WIDTHS,
  dateColumns: DATE_COLUMNS as ReadonlySet<string>,
  header: xlsxHeader,
  cells: xlsxCells,
};

export interface XlsxWriterOptions {
  /** The zone the rows' times are written in, named in the header. */
  tz: string;
  /** Injectable so tests can cross a sheet boundary without a million rows. */
  eventsPerSheet?: number;
  /**
   * exceljs's streaming writer: each row and each finished sheet is committed, so it is written out
   * and dropped from memory (a sheet must be finished before the next, as the zip is sequential).
   */
  streaming: boolean;
}

/** Rows into sheets of a workbook, starting a new sheet at the limit. */
export class XlsxExportWriter<R = ExportRow> {
  private sheet: Worksheet | undefined;
  private inSheet = 0;
  sheets = 0;
  rows = 0;
  private readonly perSheet: number;

  constructor(
    private readonly book: Pick<Workbook, 'addWorksheet'>,
    private readonly options: XlsxWriterOptions,
    private readonly table: XlsxTable<R>,
  ) {
    this.perSheet = options.eventsPerSheet ?? XLSX_EVENTS_PER_SHEET;
    if (!(this.perSheet >= 1)) throw new RangeError('eventsPerSheet must be at least 1');
  }

  private openSheet(): Worksheet {
    this.closeSheet();
    this.sheets++;
    const { table } = this;
    const name = this.sheets === 1 ? table.sheetName : `${table.sheetName} ${this.sheets}`;
    const sheet = this.book.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
    sheet.columns = table.columns.map((k) => ({
      key: k,
      width: table.widths[k] ?? 16,
      ...(table.dateColumns.has(k) ? { style: { numFmt: 'yyyy-mm-dd hh:mm:ss' } } : {}),
    }));
    const header = sheet.addRow(table.header(this.options.tz));
    header.font = { bold: true };
    header.commit();
    this.sheet = sheet;
    this.inSheet = 0;
    return sheet;
  }

  private closeSheet(): void {
    if (this.sheet && this.options.streaming) this.sheet.commit();
    this.sheet = undefined;
  }

  /** The sheet rows go to now; the server's stream watches its backlog. */
  get current(): Worksheet | undefined {
    return this.sheet;
  }

  add(row: R): void {
    const sheet = !this.sheet || this.inSheet >= this.perSheet ? this.openSheet() : this.sheet;
    sheet.addRow(this.table.cells(row)).commit();
    this.inSheet++;
    this.rows++;
  }

  /** Ends the last sheet; an export with no rows still gets its header. */
  finish(): void {
    if (!this.sheet && this.sheets === 0) this.openSheet();
    this.closeSheet();
  }
}
