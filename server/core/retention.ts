import { sql } from 'kysely';
import type { Db } from '../db/types';
import { currentMonitoring } from './mentions';

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
  return Number(dropped.numUpdatedRows ?? 0) + Number(droppedX.numUpdatedRows ?? 0);
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
