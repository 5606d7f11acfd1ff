import { Dexie } from 'dexie';
import { type CapturedMention, mentionKey } from '../schemas/mention';
import type { OutboxMention, ReplyTrackerDB } from './db';

/** The later of two sightings of one post: a waiting row keeps the newest counts. */
function newer(a: CapturedMention, b: CapturedMention): CapturedMention {
  return Date.parse(b.seenAt) >= Date.parse(a.seenAt) ? b : a;
}

/**
 * Queues captured mentions for upload, once per platform + post id. A post already waiting takes the
 * latest counts; one the server already has is not sent again. Answers how many rows are new.
 */
export async function queueMentions(
  db: ReplyTrackerDB,
  mentions: readonly CapturedMention[],
): Promise<number> {
  if (mentions.length === 0) return 0;
  const byKey = new Map<string, CapturedMention>();
  for (const m of mentions) {
    const key = mentionKey(m);
    const seen = byKey.get(key);
    byKey.set(key, seen ? newer(seen, m) : m);
  }
  return db.transaction('rw', db.mentions, async () => {
    const keys = [...byKey.keys()];
    const existing = await db.mentions.bulkGet(keys);
    const writes: OutboxMention[] = [];
    let created = 0;
    keys.forEach((key, i) => {
      const mention = byKey.get(key)!;
      const row = existing[i];
      if (!row) {
        created += 1;
        writes.push({ key, mention, syncState: 'pending', attempts: 0 });
      } else if (row.syncState === 'pending') {
        writes.push({ ...row, mention: newer(row.mention, mention) });
      }
    });
    await db.mentions.bulkPut(writes);
    return created;
  });
}

export const pendingMentions = (db: ReplyTrackerDB) =>
  db.mentions
    .where('[syncState+mention.seenAt]')
    .between(['pending', Dexie.minKey], ['pending', Dexie.maxKey]);

/** Mentions the server confirmed since `since` (the start of today, for "sent today"). */
export function mentionsSentSince(db: ReplyTrackerDB, since: Date): Promise<number> {
  return db.mentions.where('sentAt').aboveOrEqual(since.toISOString()).count();
}

/** Local midnight of `now`: "today" as the member reads it in the popup. */
export function startOfLocalDay(now: Date): Date {
  const d = new Date(now);
  d.setHours(0, 0, 0, 0);
  return d;
}
