import type { EventEmitter } from 'node:events';
import { PassThrough, Readable } from 'node:stream';
import { setImmediate as nextTurn } from 'node:timers/promises';
import type ExcelJS from 'exceljs';
import { XlsxExportWriter, type XlsxTable } from '../../lib/reports/xlsx';

export interface XlsxStreamOptions {
  tz: string;
  eventsPerSheet?: number;
}

/** A writable stream of Node's or of the `readable-stream` package (archiver's), which predates `writableNeedDrain`. */
type AnyWritable = EventEmitter & { writableNeedDrain?: boolean; _writableState?: { needDrain?: boolean } };

const needsDrain = (s: AnyWritable) => s.writableNeedDrain ?? s._writableState?.needDrain ?? false;

/** Resolves on `event` from `stream`, or once `out` closes (the client went away). */
function untilEvent(stream: AnyWritable, event: 'drain', out: PassThrough): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      stream.off(event, done);
      out.off('close', done);
      resolve();
    };
    stream.on(event, done);
    out.on('close', done);
  });
}

/**
 * What a sheet has written that the zip has not taken yet. exceljs hands each sheet to archiver
 * through a PassThrough piped from the sheet's buffer (its public `pipes` list) and writes into it
 * without waiting, so nothing would stop the sheet from running ahead of the compressor. Undefined
 * if a future exceljs changes this; the bench's peak memory would show it.
 */
function zipInput(sheet: ExcelJS.Worksheet | undefined): AnyWritable | undefined {
  const pipes = (sheet as { stream?: { pipes?: unknown[] } } | undefined)?.stream?.pipes;
  const first = pipes?.[0] as Partial<AnyWritable> | undefined;
  return typeof first?.on === 'function' && first._writableState ? (first as AnyWritable) : undefined;
}

/**
 * Pages of rows as an .xlsx, written while it is read. exceljs's streaming writer zips each committed
 * row into `out`; shared strings are off (their table would hold every distinct text until the end).
 * After each page the producer waits until the compressor has taken the sheet's bytes and the client
 * has read `out`, so a slow reader slows the queries down and memory stays flat.
 */
export function xlsxStream<R>(
  pages: AsyncIterable<readonly R[]>,
  options: XlsxStreamOptions,
  table: XlsxTable<R>,
): ReadableStream<Uint8Array> {
  const out = new PassThrough();
  const produce = async () => {
    // exceljs (about 30 MB resident) loads with the first workbook asked for, not with every server.
    const { default: Excel } = await import('exceljs');
    const book = new Excel.stream.xlsx.WorkbookWriter({
      stream: out,
      useStyles: true,
      useSharedStrings: false,
      // Building the XML, not compressing it, sets the pace: zlib's default level makes the file a fifth
      // smaller than archiver's default at the same speed.
      zip: { zlib: { level: 6 } },
    });
    const writer = new XlsxExportWriter(book, { ...options, streaming: true }, table);
    const settle = async () => {
      // SQLite answers without leaving the microtask queue: give zlib's callbacks and the socket a turn.
      await nextTurn();
      for (;;) {
        if (out.destroyed) return;
        const input = zipInput(writer.current);
        if (input && needsDrain(input)) await untilEvent(input, 'drain', out);
        else if (needsDrain(out)) await untilEvent(out, 'drain', out);
        else return;
      }
    };
    for await (const rows of pages) {
      if (out.destroyed) return;
      for (const row of rows) writer.add(row);
      await settle();
    }
    if (out.destroyed) return;
    writer.finish();
    await book.commit();
  };
  produce().catch((err: unknown) => {
    console.error('xlsx export failed mid-stream', err);
    // The reader sees an error rather than a truncated file that looks finished.
    out.destroy(err instanceof Error ? err : new Error(String(err)));
  });
  return Readable.toWeb(out) as ReadableStream<Uint8Array>;
}
