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

const UploadSchema = z.array(CapturedMentionSchema).max(MAX_MENTIONS_PER_BATCH);

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
    'capture-mentions': async ({ mentions }: { mentions: unknown }): Promise<{ queued: number }> => {
      // The content script read these from a web page's traffic: check them again here.
      const parsed = UploadSchema.safeParse(mentions);
      if (!parsed.success) return { queued: 0 };
      if (!(await captureStatus(db, now())).active) return { queued: 0 };
      const queued = await queueMentions(db, parsed.data);
      if (queued > 0) syncSoon?.();
      return { queued };
    },
    'capture-status': async (): Promise<CaptureStatus> => captureStatus(db, now()),
    'capture-pause': async ({ paused }: { paused: boolean }): Promise<CaptureStatus> => {
      await capturePauseItem.set(db, { paused: paused === true, at: now().toISOString() });
      await changed?.('capture');
      return captureStatus(db, now());
    },
  };
}
