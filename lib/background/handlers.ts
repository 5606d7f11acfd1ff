import { z } from 'zod';
import type { Envelope, Request, RequestMap, RequestType, Response } from '../messaging/protocol';
import { HealthObservationSchema, HealthPassSchema } from '../schemas/health';
import { roleAtLeast } from '../schemas/member';
import { MonitoringSettingsSchema } from '../schemas/monitoring';
import { describeIssues, validatePlaybooks } from '../schemas/playbook';
import { NewSuggestionSchema } from '../schemas/suggestion';
import { connectionItem } from '../settings/store';
import type { ReplyTrackerDB } from '../storage/db';
import { describeStorageError } from '../storage/errors';
import { myCounts, recordAction, threadActivity } from '../storage/events';
import { listHealth, recordHealth } from '../storage/health';
import { type HeldActions, heldActions, replayHeld } from '../storage/held';
import { markAnswered } from '../storage/threads';
import { queueCorrection } from '../sync/corrections';
import type { SyncEngine } from '../sync/engine';
import { PlainError } from '../sync/errors';
import { createCaptureHandlers } from './capture';
import { createThreadSource } from './threads';

export interface HandlerDeps {
  db: ReplyTrackerDB;
  now?: () => Date;
  /** Called after every write the UI shows, so open sidebars refresh. */
  changed?: (what: 'events' | 'threads' | 'capture' | 'health') => Promise<void> | void;
  /** The team server; without it everything stays local, as before issue 3. */
  sync?: SyncEngine;
  /** Asks for a sync shortly (debounced), e.g. after a new event. */
  syncSoon?: () => void;
  /** Runs a sync now, as if the user pressed "Sync now" (skips the backoff wait). */
  syncNow?: () => Promise<unknown>;
  /** The extension's version, stamped on health records. */
  version?: string;
  /** Where logged actions wait while IndexedDB has no room (storage/held.ts). */
  held?: HeldActions;
}

/** Content scripts report health from hostile pages' data: validated and bounded like everything else. */
const HealthReportSchema = z.object({
  failed: z.array(HealthObservationSchema).max(50),
  passed: z.array(HealthPassSchema).max(50),
});

type Handlers = { [T in RequestType]: (req: Request<T>) => Promise<Response<T>> };

/**
 * Writes the actions held while the disk was full into the log (storage/held.ts), and does for each
 * what logging it would have done. Safe to call at any time; the background calls it on its alarm.
 */
export function createHeldReplay({
  db,
  now = () => new Date(),
  changed,
  syncSoon,
  held = heldActions,
}: HandlerDeps): () => Promise<number> {
  return async () => {
    const stored = await replayHeld(db, held);
    if (stored.length === 0) return 0;
    for (const event of stored) await markAnswered(db, event, now()).catch(() => undefined);
    await changed?.('events');
    syncSoon?.();
    return stored.length;
  };
}

export function createHandlers(deps: HandlerDeps): Handlers {
  const {
    db,
    now = () => new Date(),
    changed,
    sync,
    syncSoon,
    syncNow,
    version = '0.0.0',
    held = heldActions,
  } = deps;
  const replay = createHeldReplay(deps);
  const engine = (): SyncEngine => {
    if (!sync) throw new PlainError('Syncing with a team server is not available here.');
    return sync;
  };
  // Connected means the team's threads: local-only ones come back when disconnected.
  const threads = createThreadSource({
    db,
    now,
    ...(changed && { changed: () => changed('threads') }),
    ...(sync && { sync }),
  });
  return {
    ...createCaptureHandlers({ db, now, ...(syncSoon && { syncSoon }), ...(changed && { changed }) }),
    'log-action': async ({ action }) => {
      // Actions held while the disk was full go first, so the log keeps the order they happened in.
      await replay().catch(() => 0);
      const result = await recordAction(db, action, undefined, held);
      if (!result.duplicate && result.held === undefined) {
        await markAnswered(db, result.event, now());
        await changed?.('events');
        syncSoon?.();
      }
      return result;
    },
    'health-report': async ({ report }) => {
      const parsed = HealthReportSchema.safeParse(report);
      if (!parsed.success) throw new PlainError('Refused a malformed health report.');
      const news = await recordHealth(db, parsed.data, version, now());
      if (news) {
        await changed?.('health');
        // The manager's team view hears of it with the next sync: make that one soon.
        syncSoon?.();
      }
      return { changed: news };
    },
    'health-list': async () => ({ records: await listHealth(db), version }),
    'thread-activity': async ({ platform, targetId, conversationId }) => ({
      events: await threadActivity(db, platform, targetId, conversationId),
    }),
    'my-counts': async ({ now: at }) => myCounts(db, at ? new Date(at) : now()),
    'tracked-list': async ({ platform }) => ({ threads: await (await threads()).list(platform) }),
    'track-thread': async ({ thread }) => ({ thread: await (await threads()).track(thread) }),
    'update-thread': async ({ id, patch }) => ({ thread: await (await threads()).update(id, patch) }),
    'untrack-thread': async ({ id }) => {
      await (await threads()).untrack(id);
      return { ok: true };
    },
    connect: async ({ serverUrl, token }) => {
      const status = await engine().connect(serverUrl, token);
      await changed?.('threads');
      // The first pull fills the team's threads; the options page does not wait for it.
      if (syncNow) void syncNow().catch(() => undefined);
      else syncSoon?.();
      return status;
    },
    disconnect: async () => engine().disconnect(),
    'sync-status': async () => engine().status(),
    'sync-now': async () => {
      const e = engine();
      await (syncNow ? syncNow() : e.run({ manual: true }));
      return e.status();
    },
    'team-status': async () => engine().teamStatus(),
    'team-health': async () => engine().teamHealth(),
    // Not connected (or no engine, as in a test) reads as "no team document": sidebars use the defaults.
    playbooks: async () => ({ document: sync ? await sync.cachedPlaybooks() : null }),
    'playbooks-latest': async () => engine().latestPlaybooks(),
    'publish-playbooks': async ({ content, baseVersion }) => {
      // A message carries whatever the page sent: check it here too, and offline say where it is wrong.
      const checked = validatePlaybooks(content);
      if (!checked.ok) {
        const [first] = describeIssues(checked.issues);
        return { status: 'invalid', issues: checked.issues, message: `Not published: ${first}` };
      }
      if (!Number.isInteger(baseVersion) || baseVersion < 0) {
        throw new PlainError('Reload the playbooks before publishing: the edited version is unknown.');
      }
      return engine().publishPlaybooks(checked.content, baseVersion);
    },
    'monitoring-latest': async () => engine().latestMonitoring(),
    'publish-monitoring': async ({ settings, baseVersion }) => {
      // The page's draft is checked here too, so a bad one never leaves the browser.
      const checked = MonitoringSettingsSchema.safeParse(settings);
      if (!checked.success) {
        const issues = checked.error.issues.map((i) => ({
          path: i.path.filter((p): p is string | number => typeof p !== 'symbol'),
          message: i.message,
        }));
        return {
          status: 'invalid',
          issues,
          message: `Not published: ${issues[0]?.message ?? 'invalid terms'}`,
        };
      }
      if (!Number.isInteger(baseVersion) || baseVersion < 0) {
        throw new PlainError('Reload the terms before publishing: the edited version is unknown.');
      }
      return engine().publishMonitoring(checked.data, baseVersion);
    },
    // Not connected, the engine answers null itself (as for the queue and the team's activity).
    'mention-alerts': async () => ({ alerts: sync ? await sync.mentionAlerts() : null }),
    queue: async () => ({ queue: sync ? await sync.queue() : null }),
    'record-correction': async ({ correction }) => {
      // Ambassadors pick a category to find a playbook; a manager's or lead's pick is the team's word.
      // Before any connection the role is unknown: keep it, the server records who sent it.
      const conn = await connectionItem.get(db);
      if (conn && !roleAtLeast(conn.role, 'manager'))
        return { queued: false, reason: "only managers' and leads' corrections teach the classifier" };
      // Sent from a content script: toExample checks every field before anything is kept.
      const result = await queueCorrection(db, correction, now());
      if (result.queued) syncSoon?.();
      return result;
    },
    'suggest-thread': async ({ suggestion }) => {
      // Sent from a content script, so from a page we don't trust: check it before it leaves.
      const checked = NewSuggestionSchema.safeParse(suggestion);
      if (!checked.success)
        throw new PlainError('That suggestion is not complete: pick a category and try again.');
      return { suggestion: await engine().suggest(checked.data) };
    },
    suggestions: async () => ({ suggestions: await engine().suggestions() }),
    'dismiss-suggestion': async ({ id }) => {
      await engine().dismissSuggestion(id);
      return { ok: true };
    },
    'team-activity': async ({ platform, targetId, conversationId }) => {
      const ids = [...new Set([targetId, conversationId].filter((v): v is string => Boolean(v)))];
      return { events: sync ? await sync.teamActivity(platform, ids) : null };
    },
  };
}

export function handles(handlers: Handlers, msg: unknown): msg is Request {
  return typeof msg === 'object' && msg !== null && typeof (msg as { type?: unknown }).type === 'string'
    ? // Own properties only: `in` would also find `constructor`, `__proto__`, `toString`…
      Object.hasOwn(handlers, (msg as { type: string }).type)
    : false;
}

/**
 * Routes one runtime message. Unknown messages get `undefined` so other listeners may answer them;
 * failures come back as readable errors, never as a silently dropped promise.
 */
export async function dispatch(handlers: Handlers, msg: unknown): Promise<Envelope<unknown> | undefined> {
  if (!handles(handlers, msg)) return undefined;
  const handler = handlers[msg.type] as (req: Request) => Promise<RequestMap[RequestType]['res']>;
  try {
    return { ok: true, data: await handler(msg) };
  } catch (err) {
    return { ok: false, error: err instanceof PlainError ? err.message : describeStorageError(err) };
  }
}
