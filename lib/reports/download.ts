import { errorMessage } from '../errors';

/** Reading an export as it streams: counting rows, reporting progress, writing somewhere. */

/** Where an export stands: one set of states for every export (server, mentions, local). */
export type ExportStatus = 'idle' | 'running' | 'done' | 'cancelled' | 'failed';

export type ExportFormat = 'csv' | 'json' | 'xlsx';
/** The formats written as text, a row at a time. */
export type TextExportFormat = Exclude<ExportFormat, 'xlsx'>;

/** Each format's file name extension and media type, for the save dialog and the server's answer. */
export const EXPORT_FILE: Record<ExportFormat, { ext: string; mime: string }> = {
  csv: { ext: 'csv', mime: 'text/csv' },
  json: { ext: 'jsonl', mime: 'application/x-ndjson' },
  xlsx: { ext: 'xlsx', mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' },
};

/** Whether rows can be counted in the bytes as they arrive: not in a zipped workbook. */
export const countsRows = (format: ExportFormat) => format !== 'xlsx';

/**
 * Counts complete records in a stream of chunks. JSON Lines: one per newline (JSON escapes newlines in
 * strings). CSV: newlines outside quotes, minus the header; a doubled quote inside a quoted cell flips
 * the state twice, so it needs no special case. An .xlsx is zipped: it stays at 0 (see countsRows).
 */
export function createRowCounter(format: ExportFormat): (chunk: Uint8Array) => number {
  if (!countsRows(format)) return () => 0;
  let quoted = false;
  let headerSeen = format === 'json';
  let rows = 0;
  const NL = 0x0a;
  const QUOTE = 0x22;
  return (chunk) => {
    for (let i = 0; i < chunk.length; i++) {
      const b = chunk[i]!;
      if (format === 'csv' && b === QUOTE) quoted = !quoted;
      else if (b === NL && !quoted) {
        if (headerSeen) rows++;
        else headerSeen = true;
      }
    }
    return rows;
  };
}

/** Where the bytes go: a file the user picked, or memory turned into a download at the end. */
export interface ExportSink {
  write(chunk: Uint8Array): Promise<void>;
  close(): Promise<void>;
  abort(): Promise<void>;
}

/**
 * Holds chunks as Blob parts (the browser may keep large blobs on disk) and hands the finished Blob
 * to `save`. Used when the File System Access API is not there, e.g. Firefox.
 */
export function blobSink(type: string, save: (blob: Blob) => void): ExportSink {
  let parts: BlobPart[] = [];
  return {
    async write(chunk) {
      parts.push(chunk as Uint8Array<ArrayBuffer>);
    },
    async close() {
      save(new Blob(parts, { type }));
      parts = [];
    },
    async abort() {
      parts = [];
    },
  };
}

/** The writable of a file picked with `showSaveFilePicker`: bytes go straight to disk. */
export interface WritableFile {
  write(data: Uint8Array): Promise<void>;
  close(): Promise<void>;
  abort(reason?: unknown): Promise<void>;
}

export function fileSink(file: WritableFile): ExportSink {
  return {
    write: (chunk) => file.write(chunk),
    close: () => file.close(),
    abort: () => file.abort().catch(() => undefined),
  };
}

export interface ExportProgress {
  bytes: number;
  rows: number;
}

/** Copies the response body into the sink, reporting after every chunk; aborting the fetch ends it. */
export async function pipeExport(
  body: ReadableStream<Uint8Array>,
  format: ExportFormat,
  sink: ExportSink,
  onProgress: (p: ExportProgress) => void,
): Promise<ExportProgress> {
  const count = createRowCounter(format);
  const reader = body.getReader();
  const progress: ExportProgress = { bytes: 0, rows: 0 };
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      await sink.write(value);
      progress.bytes += value.byteLength;
      progress.rows = count(value);
      onProgress({ ...progress });
    }
  } catch (err) {
    await sink.abort();
    throw err;
  }
  await sink.close();
  return progress;
}

/** An export run as a screen shows it. */
export interface ExportRun {
  status: ExportStatus;
  progress: ExportProgress;
  error: string | undefined;
}

export const IDLE_EXPORT: ExportRun = { status: 'idle', progress: { bytes: 0, rows: 0 }, error: undefined };

/**
 * Runs one server export at a time into a sink (the dashboard's events and mentions exports): a new
 * start cancels the running one (which then reports nothing more), `cancel` aborts its fetch, and every
 * change of the current run goes to `report` whole. `open` asks the server for the body; a failure
 * before or while streaming ends as 'failed' with its message, an abort as 'cancelled', and either way
 * the sink is dropped.
 */
export function createExportRunner(report: (run: ExportRun) => void) {
  let controller: AbortController | undefined;
  let run = IDLE_EXPORT;
  const update = (patch: Partial<ExportRun>) => {
    run = { ...run, ...patch };
    report(run);
  };
  return {
    async start(
      sink: ExportSink,
      format: ExportFormat,
      open: (signal: AbortSignal) => Promise<ReadableStream<Uint8Array>>,
    ): Promise<void> {
      controller?.abort();
      const mine = new AbortController();
      controller = mine;
      // A run replaced by a newer one says nothing more: its late "cancelled" would stand over the newer
      // run's progress, and the dashboard would read "cancelled" while the newer export streams.
      const mineOnly = (patch: Partial<ExportRun>) => {
        if (controller === mine) update(patch);
      };
      update({ status: 'running', progress: { bytes: 0, rows: 0 }, error: undefined });
      try {
        const body = await open(mine.signal);
        const done = await pipeExport(body, format, sink, (progress) => mineOnly({ progress }));
        mineOnly({ status: 'done', progress: done });
      } catch (err) {
        await sink.abort();
        if (mine.signal.aborted) mineOnly({ status: 'cancelled' });
        else mineOnly({ status: 'failed', error: errorMessage(err) });
      } finally {
        if (controller === mine) controller = undefined;
      }
    },
    cancel(): void {
      controller?.abort();
    },
  };
}
