import { Dexie } from 'dexie';
import { afterEach } from 'vitest';
import { ReplyTrackerDB } from '@/lib/storage/db';

/**
 * Empty extension databases for one test file: `fresh()` opens a new one (or reopens `name`, as an
 * upgrade test does), and each test's are closed and deleted after it. Call at the file's top level.
 */
export function freshDbs(prefix = 'rt') {
  const opened: Dexie[] = [];
  async function drop(db: Dexie): Promise<void> {
    db.close();
    await Dexie.delete(db.name);
    const at = opened.indexOf(db);
    if (at >= 0) opened.splice(at, 1);
  }
  afterEach(async () => {
    for (const db of opened.splice(0)) {
      db.close();
      await Dexie.delete(db.name);
    }
  });
  return {
    fresh(name = `${prefix}-${crypto.randomUUID()}`): ReplyTrackerDB {
      const db = new ReplyTrackerDB(name);
      opened.push(db);
      return db;
    },
    /** Closes and deletes one now (a property test's run), not after the test. */
    drop,
  };
}

/**
 * Writes the v3 database as it shipped (events, local and team threads, kv), holding one kv entry
 * `k` = 1, under `name`, and closes it: the start of an upgrade test.
 */
export async function shippedV3(name: string): Promise<void> {
  const v3 = new Dexie(name);
  v3.version(3).stores({
    events: 'id, occurredAt, targetId, conversationId, &dedupeKey, [syncState+occurredAt]',
    threads: 'id, &[platform+canonicalId]',
    teamThreads: 'id, &[platform+canonicalId], updatedAt',
    kv: 'key',
  });
  await v3.table('kv').put({ key: 'k', value: 1 });
  v3.close();
}
