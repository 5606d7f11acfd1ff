import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/*
 * In WAL mode a commit appends the changed pages to the WAL, and once the WAL is over
 * `wal_autocheckpoint` pages the committing connection copies them back into the database file and
 * syncs it, before its transaction call returns. A 500-event batch changes ~1,300 pages (the id
 * index alone ~650: random UUIDs land on random leaves, which split), so with SQLite's default of
 * 1,000 pages every ingest batch paid a whole checkpoint: measured on a copy of the 1M-event bench
 * file, 500-row transactions took a median 86 ms with it against 37 ms without (issue 10).
 *
 * Here a thread of its own checkpoints (PASSIVE: it never blocks the writer nor a reader) every few
 * milliseconds, so the copy and the file sync run beside the writes instead of inside them. The
 * writer keeps a much higher autocheckpoint as a bound: if this thread stops or falls behind, the
 * WAL still cannot grow past it. `journal_size_limit` trims the WAL file once it is reset.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.path, { fileMustExist: true });
// Never wait: a busy checkpoint is simply tried again on the next tick.
db.pragma('busy_timeout = 0');
db.pragma('wal_autocheckpoint = 0');
const timer = setInterval(() => {
  try {
    const [done] = db.pragma('wal_checkpoint(PASSIVE)');
    // A passive checkpoint never lets the WAL start over while batches keep coming: the writer only
    // restarts it when every frame is copied at the moment it begins a transaction. Once the WAL is
    // long and copied, RESTART makes the next writer start from the beginning. It holds the write lock
    // while it waits for readers, so it does not wait at all (busy_timeout 0): a report reading an
    // older snapshot, or a batch being written, makes it give up until the next tick, rather than
    // stall the writer (the server's event loop) behind a long read.
    if (done.log >= workerData.restartAt && done.checkpointed === done.log) {
      db.pragma('wal_checkpoint(RESTART)');
    }
  } catch (err) {
    if (err && err.code === 'SQLITE_BUSY') return;
    clearInterval(timer);
    db.close();
    throw err;
  }
}, workerData.everyMs);
parentPort.on('message', () => {
  clearInterval(timer);
  db.close();
  parentPort.close();
});
`;

/** Pages the writer lets the WAL hold before it checkpoints by itself (~64 MB at 4 KiB pages). */
export const WRITER_AUTOCHECKPOINT_PAGES = 16_384;
/** How often the thread checkpoints: a batch or two of pages each time. */
const EVERY_MS = 20;
/** WAL pages after which the thread makes the WAL start over (~16 MB, about a dozen ingest batches). */
const RESTART_AT_PAGES = 4_096;

export interface Checkpointer {
  close(): Promise<void>;
}

/**
 * Starts the checkpointing thread for the SQLite file at `path` (already in WAL mode). A failure in
 * the thread is said through `onError` (the writer's own autocheckpoint keeps the WAL bounded then).
 */
export function startCheckpointer(path: string, onError: (err: Error) => void): Checkpointer {
  const require = createRequire(import.meta.url);
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: {
      driver: require.resolve('better-sqlite3'),
      path,
      everyMs: EVERY_MS,
      restartAt: RESTART_AT_PAGES,
    },
  });
  // It must not keep a CLI run or a test process alive; close() ends it when the database closes.
  worker.unref();
  worker.on('error', onError);
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  return {
    close: async () => {
      worker.postMessage('close');
      await exited;
    },
  };
}
