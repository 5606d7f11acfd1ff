import { z } from 'zod';
import type { CaptureStatus } from '../messaging/protocol';
import { CapturedMentionSchema, MAX_MENTIONS_PER_BATCH } from '../schemas/mention';
import type { CaptureSettings } from '../schemas/monitoring';
import { captureActive } from '../schemas/monitoring';
import { capturePauseItem, connectionItem, monitoringItem } from '../settings/store';
import type { ReplyTrackerDB } from '../storage/db';
import { mentionsSentSince, pendingMentions, queueMentions, startOfLocalDay } from '../storage/mentions';

/** Whether this browser captures now, and why not, from what the background keeps. */
export async function captureStatus(db: ReplyTrackerDB, now: Date): Promise<CaptureStatus> {
  const [conn, cached, pause, sentToday, pending] = await Promise.all([
    connectionItem.get(db),
    monitoringItem.get(db),
    capturePauseItem.get(db),
    mentionsSentSince(db, startOfLocalDay(now)),
    pendingMentions(db).count(),
  ]);
  const connected = Boolean(conn && !conn.rejectedAt);
  const doc = cached?.document;
  const teamEnabled = doc?.capture.enabled ?? false;
  const hasTerms = (doc?.terms.include.length ?? 0) > 0;
  const paused = pause?.paused ?? false;
  return {
    connected,
    teamEnabled,
    hasTerms,
    paused,
    active: connected && doc !== undefined && captureActive(doc) && !paused,
    sentToday,
    pending,
  };
}

const UploadSchema = z.array(z.unknown()).max(MAX_MENTIONS_PER_BATCH);

/** What became of a batch a tab captured: queued for the team, refused as malformed, or not wanted now. */
export interface CaptureResult {
  queued: number;
  /** Entries that failed the check here (a page's traffic is never trusted): counted, never queued. */
  refused: number;
  /** Capture was off or paused by the time the batch arrived: nothing was kept. */
  inactive?: true;
}

export interface CaptureHandlerDeps {
  db: ReplyTrackerDB;
  now: () => Date;
  syncSoon?: () => void;
  changed?: (what: 'capture') => Promise<void> | void;
}

export function createCaptureHandlers({ db, now, syncSoon, changed }: CaptureHandlerDeps) {
  return {
    'capture-settings': async (): Promise<CaptureSettings> => {
      const status = await captureStatus(db, now());
      const doc = (await monitoringItem.get(db))?.document;
      return {
        active: status.active,
        terms: status.active && doc ? doc.terms : null,
        version: doc?.version ?? 0,
      };
    },
    'capture-mentions': async ({ mentions }: { mentions: unknown }): Promise<CaptureResult> => {
      // The content script read these from a web page's traffic: check them again here, one by one,
      // so one malformed entry costs only itself and is counted rather than dropping the batch unseen.
      const batch = UploadSchema.safeParse(mentions);
      if (!batch.success) {
        throw new Error(
          `A capture batch must be a list of at most ${MAX_MENTIONS_PER_BATCH} mentions; nothing was queued.`,
        );
      }
      const valid = [];
      for (const item of batch.data) {
        const one = CapturedMentionSchema.safeParse(item);
        if (one.success) valid.push(one.data);
      }
      const refused = batch.data.length - valid.length;
      if (!(await captureStatus(db, now())).active) return { queued: 0, refused, inactive: true };
      const queued = valid.length > 0 ? await queueMentions(db, valid) : 0;
      if (queued > 0) syncSoon?.();
      return { queued, refused };
    },
    'capture-status': async (): Promise<CaptureStatus> => captureStatus(db, now()),
    'capture-pause': async ({ paused }: { paused: boolean }): Promise<CaptureStatus> => {
      await capturePauseItem.set(db, { paused: paused === true, at: now().toISOString() });
      await changed?.('capture');
      return captureStatus(db, now());
    },
  };
}
