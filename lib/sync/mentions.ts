import { MAX_MENTIONS_PER_BATCH } from '../schemas/mention';
import { monitoringItem } from '../settings/store';
import type { ReplyTrackerDB } from '../storage/db';
import { pendingMentions } from '../storage/mentions';
import type { ApiClient, ApiFailure } from './api';

type Step = { ok: true } | { ok: false; failure: ApiFailure };

const MAX_REQUESTS_PER_RUN = 20;

/**
 * The team's terms, revalidated with their ETag. A server without `/monitoring` (older than issue 12)
 * simply has no terms: nothing is captured, and syncing events goes on.
 */
export async function pullMonitoring(
  db: ReplyTrackerDB,
  client: ApiClient,
): Promise<Step & { changed: boolean }> {
  const cached = await monitoringItem.get(db);
  const res = await client.monitoring(cached?.etag);
  if (!res.ok) {
    if (res.error.kind === 'not-found' || res.error.kind === 'not-reply-tracker') {
      if (cached) await monitoringItem.remove(db);
      return { ok: true, changed: cached !== undefined };
    }
    return { ok: false, failure: res.error, changed: false };
  }
  if ('notModified' in res) return { ok: true, changed: false };
  const changed = cached?.document.version !== res.data.version;
  await monitoringItem.set(db, { document: res.data, ...(res.etag ? { etag: res.etag } : {}) });
  return { ok: true, changed };
}

/**
 * Uploads pending mentions in batches, like events: every per-item answer is final (created, duplicate
 * or ignored with a reason), items the server names as invalid are held with the reason, and any other
 * failure stops the run so the engine's backoff applies.
 */
export async function pushMentions(
  db: ReplyTrackerDB,
  client: ApiClient,
  opts: { manual: boolean; now: () => Date },
): Promise<Step & { sent: number }> {
  let sent = 0;
  let limit = MAX_MENTIONS_PER_BATCH;
  for (let requests = 0; requests < MAX_REQUESTS_PER_RUN; requests++) {
    const batch = await pendingMentions(db)
      .filter((m) => opts.manual || !m.lastError)
      .limit(limit)
      .toArray();
    if (batch.length === 0) break;
    const res = await client.postMentions({ mentions: batch.map((row) => row.mention) });
    if (res.ok) {
      const at = opts.now().toISOString();
      const outcome = new Map(res.data.results.map((r) => [`${r.platform}:${r.postId}`, r]));
      await db.transaction('rw', db.mentions, async () => {
        for (const row of batch) {
          const r = outcome.get(row.key);
          if (!r) continue;
          await db.mentions.update(row.key, {
            syncState: 'sent',
            attempts: row.attempts + 1,
            ...(r.outcome === 'ignored'
              ? { lastError: `not stored: ${r.reason ?? 'ignored'}` }
              : { sentAt: at }),
          });
        }
      });
      sent += batch.length;
      continue;
    }
    const f = res.error;
    const named =
      f.kind === 'bad-request'
        ? f.issues.filter((i) => i.path[0] === 'mentions' && typeof i.path[1] === 'number')
        : [];
    if (named.length > 0 || (f.kind === 'bad-request' && batch.length === 1)) {
      // Hold exactly the rows the server refused; the rest go in the next request.
      const refused =
        named.length > 0
          ? named.map((i) => ({ row: batch[i.path[1] as number], why: i.message }))
          : [{ row: batch[0], why: f.message }];
      await db.transaction('rw', db.mentions, async () => {
        for (const { row, why } of refused) {
          if (row)
            await db.mentions.update(row.key, { attempts: row.attempts + 1, lastError: why.slice(0, 500) });
        }
      });
      continue;
    }
    if (f.kind === 'bad-request' || f.kind === 'too-large') {
      limit = Math.ceil(batch.length / 2);
      continue;
    }
    return { ok: false, failure: f, sent };
  }
  return { ok: true, sent };
}
