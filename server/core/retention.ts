import { sql } from 'kysely';
import type { Db } from '../db/types';
import { currentMonitoring } from './mentions';
import { nextThreadSeq } from './threads';

/** What an expired mention's author becomes: the counts never needed who wrote it. */
export const REMOVED_AUTHOR = '(removed)';

/**
 * The team's retention (monitoring `retentionDays`, 180 by default): a mention whose post is older
 * keeps its platform and post id (so it is never stored again as new), its counts, reach, triage,
 * status and times, which is all any report counts, and loses its text, its author's handle and
 * follower count, and an X link that names the author. Returns how many mentions it emptied.
 */
export async function applyRetention(db: Db, now: Date): Promise<number> {
  const { retentionDays } = await currentMonitoring(db);
  const cutoff = new Date(now.getTime() - retentionDays * 86_400_000).toISOString();
  const base = db.updateTable('mentions').where('text_dropped', '=', 0).where('posted_at', '<', cutoff);
  const dropped = await base
    .set({ text: '', text_dropped: 1, author_handle: REMOVED_AUTHOR, author_followers: null })
    .where('platform', '<>', 'x')
    .executeTakeFirst();
  // An X link carries the author's handle; /i/web/status/<id> opens the same post without it.
  const droppedX = await base
    .set({
      text: '',
      text_dropped: 1,
      author_handle: REMOVED_AUTHOR,
      author_followers: null,
      url: sql<string>`${'https://x.com/i/web/status/'} || post_id`,
    })
    .where('platform', '=', 'x')
    .executeTakeFirst();
  await dropThreadCopies(db, now);
  return Number(dropped.numUpdatedRows ?? 0) + Number(droppedX.numUpdatedRows ?? 0);
}

/**
 * A mention tracked from the inbox became a thread carrying a copy of its author and text (the
 * sidebar's excerpt). That copy is the same person's public words as the mention, so it goes when the
 * mention's does: the thread keeps its link (an X one without the author's handle), category, status,
 * note and replies, which is what the team decided and did. The change gets a new sequence number, so
 * every extension's copy of the thread is emptied at its next pull. Returns how many threads it emptied.
 */
export async function dropThreadCopies(db: Db, now: Date): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const expired = trx
      .selectFrom('mentions')
      .select('thread_id')
      .where('text_dropped', '=', 1)
      .where('thread_id', 'is not', null);
    const ids = (
      await trx
        .selectFrom('threads')
        .select('id')
        .where('id', 'in', expired)
        .where((eb) =>
          eb.or([
            eb('author', 'is not', null),
            eb('excerpt', 'is not', null),
            eb.and([eb('platform', '=', 'x'), eb('url', 'not like', 'https://x.com/i/web/status/%')]),
          ]),
        )
        .execute()
    ).map((r) => r.id);
    if (ids.length === 0) return 0;
    const seq = await nextThreadSeq(trx);
    const base = { author: null, excerpt: null, updated_at: now.toISOString(), change_seq: seq };
    for (let i = 0; i < ids.length; i += 500) {
      const chunk = ids.slice(i, i + 500);
      await trx
        .updateTable('threads')
        .set(base)
        .where('id', 'in', chunk)
        .where('platform', '<>', 'x')
        .execute();
      await trx
        .updateTable('threads')
        .set({ ...base, url: sql<string>`${'https://x.com/i/web/status/'} || canonical_id` })
        .where('id', 'in', chunk)
        .where('platform', '=', 'x')
        .execute();
    }
    return ids.length;
  });
}

/** Runs retention now (on start) and then every `hours`; the stop function waits for a run in progress. */
export function scheduleRetention(
  db: Db,
  log: (line: string) => void,
  hours = 6,
  now: () => Date = () => new Date(),
): () => Promise<void> {
  // A zero, negative or unreadable setting would make setInterval spin: keep the default then.
  const every = hours > 0 ? hours : 6;
  let running: Promise<void> = Promise.resolve();
  const run = () =>
    (running = applyRetention(db, now()).then(
      (n) => {
        if (n > 0)
          log(`Retention: dropped the text and author of ${n} mention(s) past the team's retention period`);
      },
      (e: unknown) => log(`Retention failed (it will try again in ${every} h): ${(e as Error).message}`),
    ));
  void run();
  const timer = setInterval(() => void run(), every * 3_600_000);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await running;
  };
}
