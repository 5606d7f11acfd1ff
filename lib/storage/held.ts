import { storage } from 'wxt/utils/storage';
import type { StoredEvent } from '../schemas/event';
import type { ReplyTrackerDB } from './db';

/**
 * Actions IndexedDB refused for want of room (QuotaExceededError), held until a write succeeds again.
 *
 * Where: `storage.session`. It lives in the browser's memory, so it needs none of the disk that just ran
 * out (`storage.local` is written to that same disk and would fail with IndexedDB); it outlives the tab
 * that saw the action and every restart of the service worker, and only closing the browser empties it.
 * Content scripts cannot read it (session storage is for trusted extension contexts by default).
 *
 * Each action is held as the event it will become, id included, so the replay writes that very event
 * and a retry of the same action (same dedupeKey) finds it: exactly once, never twice.
 */
export interface HeldActions {
  list(): Promise<StoredEvent[]>;
  add(event: StoredEvent): Promise<number>;
  remove(id: string): Promise<number>;
}

const heldItem = storage.defineItem<StoredEvent[]>('session:heldActions', { fallback: [] });

/** Held actions in one storage item. Changes are serialised: the worker may replay while it logs. */
export function createHeldActions(item = heldItem): HeldActions {
  let chain: Promise<unknown> = Promise.resolve();
  const change = (edit: (held: StoredEvent[]) => StoredEvent[]): Promise<number> => {
    const next = chain.then(async () => {
      const held = edit(await item.getValue());
      await item.setValue(held);
      return held.length;
    });
    chain = next.catch(() => undefined);
    return next;
  };
  return {
    list: async () => {
      await chain;
      return item.getValue();
    },
    add: (event) => change((held) => (held.some((e) => e.id === event.id) ? held : [...held, event])),
    remove: (id) => change((held) => held.filter((e) => e.id !== id)),
  };
}

export const heldActions: HeldActions = createHeldActions();

/**
 * Writes the held actions into the log, oldest first, each under the id it was held with, and lets go
 * of each once it is stored (or found stored already). Stops at the first refusal (still no room): the
 * rest wait for the next try. Returns the events it stored.
 */
export async function replayHeld(db: ReplyTrackerDB, held: HeldActions): Promise<StoredEvent[]> {
  const stored: StoredEvent[] = [];
  for (const event of await held.list()) {
    try {
      const added = await db.transaction('rw', db.events, async () => {
        const there =
          (await db.events.get(event.id)) ??
          (await db.events.where('dedupeKey').equals(event.dedupeKey).first());
        if (there) return false;
        await db.events.add(event);
        return true;
      });
      if (added) stored.push(event);
    } catch {
      break;
    }
    await held.remove(event.id);
  }
  return stored;
}
