import { MAX_HEALTH_RECORDS } from '../schemas/health';
import type { ReplyTrackerDB } from '../storage/db';
import { markHealthSent, unsentHealth } from '../storage/health';
import type { ApiClient, ApiFailure } from './api';

type Step = { ok: true; sent: number } | { ok: false; failure: ApiFailure };

/** A few uploads per run at most: records change rarely, and the next run takes the rest. */
const MAX_REQUESTS_PER_RUN = 3;

/**
 * Health records ride along with the sync (issue 14): each record whose state the team server has not
 * confirmed is sent, so the manager's team view hears of a site change with this member's next sync.
 * A server older than issue 14 (404) simply does not hear it; records the server names as invalid are
 * kept with the reason; any other failure stops the run, so the engine's backoff applies, and the
 * records stay unsent for the next run. Nothing is ever deleted here.
 */
export async function pushHealth(db: ReplyTrackerDB, client: ApiClient, version: string): Promise<Step> {
  let sent = 0;
  for (let requests = 0; requests < MAX_REQUESTS_PER_RUN; requests++) {
    const batch = await unsentHealth(db, MAX_HEALTH_RECORDS);
    if (batch.length === 0) break;
    const res = await client.postHealth({ version, records: batch.map((b) => b.record) });
    if (res.ok) {
      await markHealthSent(db, batch);
      sent += batch.length;
      continue;
    }
    const f = res.error;
    if (f.kind === 'not-found' || f.kind === 'not-reply-tracker') return { ok: true, sent };
    if (f.kind === 'bad-request' || f.kind === 'too-large') {
      const named = new Map<number, string>();
      for (const i of f.kind === 'bad-request' ? f.issues : []) {
        if (i.path[0] === 'records' && typeof i.path[1] === 'number')
          named.set(i.path[1], `${i.path.slice(2).join('.') || 'record'}: ${i.message}`);
      }
      // Without a pointer to the culprit, the whole batch is refused as it is; each row is sent again
      // once it changes (a newer sighting), so nothing is lost and nothing loops.
      await markHealthSent(
        db,
        batch
          .map((b, i) => ({ ...b, refused: (named.get(i) ?? f.message).slice(0, 300) }))
          .filter((_, i) => named.size === 0 || named.has(i)),
      );
      continue;
    }
    return { ok: false, failure: f };
  }
  return { ok: true, sent };
}
