import type { Worker } from 'playwright-core';
import type { StoredEvent } from '@/lib/schemas/event';
import type { TrackedThread } from '@/lib/schemas/thread';

/** Reads a table of the extension's own IndexedDB straight from its service worker. */
export async function readTable<T>(sw: Worker, table: 'events' | 'threads'): Promise<T[]> {
  return sw.evaluate(
    async (name) =>
      // Never create the database from the test: that would race the extension's own upgrade.
      !(await indexedDB.databases()).some((d) => d.name === 'reply-tracker')
        ? []
        : new Promise<T[]>((resolveRows, reject) => {
            const open = indexedDB.open('reply-tracker');
            open.onerror = () => reject(open.error);
            open.onsuccess = () => {
              const db = open.result;
              if (!db.objectStoreNames.contains(name)) {
                db.close();
                resolveRows([]);
                return;
              }
              const req = db.transaction(name).objectStore(name).getAll();
              req.onsuccess = () => {
                db.close();
                resolveRows(req.result as T[]);
              };
              req.onerror = () => reject(req.error);
            };
          }),
    table,
  );
}

export const readEvents = (sw: Worker) => readTable<StoredEvent>(sw, 'events');
export const readThreads = (sw: Worker) => readTable<TrackedThread>(sw, 'threads');

/** Polls until `check` passes or the time runs out; returns the last value either way. */
export async function eventually<T>(
  read: () => Promise<T>,
  check: (value: T) => boolean,
  timeoutMs = 10_000,
): Promise<T> {
  const until = Date.now() + timeoutMs;
  let value = await read();
  while (!check(value) && Date.now() < until) {
    await new Promise((r) => setTimeout(r, 50));
    value = await read();
  }
  return value;
}

/** The logged event with this action on this target, once there is one (waiting as `eventually` does). */
export async function loggedEvent(
  browser: { worker: () => Promise<Worker> },
  action: string,
  targetId: string,
): Promise<StoredEvent> {
  const match = (e: StoredEvent) => e.action === action && e.targetId === targetId;
  const all = await eventually(
    async () => readEvents(await browser.worker()),
    (es) => es.some(match),
  );
  return all.find(match)!;
}
