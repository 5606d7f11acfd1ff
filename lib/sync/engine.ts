import { Dexie } from 'dexie';
import { z } from 'zod';
import { keepPulledModel, teamModelItem } from '../classify/team-model';
import type { MonitoringLatest, MonitoringPublishResult, PublishResult } from '../messaging/protocol';
import {
  type EventConflict,
  MAX_EVENTS_PER_BATCH,
  type PlaybooksDocument,
  type TeamActivityItem,
  type TeamStatusResponse,
} from '../schemas/api';
import type { Platform } from '../schemas/common';
import { type ActivityEvent, ActivityEventSchema, cleanEventText, type StoredEvent } from '../schemas/event';
import type { TeamHealthResponse } from '../schemas/health';
import { roleAtLeast } from '../schemas/member';
import type { MentionAlertsResponse, QueueResponse } from '../schemas/mention';
import type { MonitoringSettings } from '../schemas/monitoring';
import type { PlaybookContent } from '../schemas/playbook';
import type { SyncErrorKind, SyncStatus } from '../schemas/status';
import type { NewSuggestion, Suggestion } from '../schemas/suggestion';
import type { NewTrackedThread, ThreadPatch, TrackedThread } from '../schemas/thread';
import type { Connection, SyncRecord } from '../settings/schema';
import {
  CONNECTION_KEYS,
  clockItem,
  connectionItem,
  monitoringItem,
  playbooksItem,
  readSyncRecord,
  syncRecordItem,
  threadsCursorItem,
} from '../settings/store';
import type { ReplyTrackerDB } from '../storage/db';
import { type ApiClient, type ApiFailure, createApiClient, type FetchLike } from './api';
import { backoffDelay } from './backoff';
import { describeSkew, measureSkew, onServerClock } from './clock';
import { pushCorrections } from './corrections';
import { describeFailure, PlainError } from './errors';
import { pushHealth } from './health';
import { pullMonitoring, pushMentions } from './mentions';
import { normalizeServerUrl } from './server-url';
import type { RunOptions, RunReport } from './types';

export type { RunOptions, RunReport, SyncStatus };

export interface SyncEngineDeps {
  db: ReplyTrackerDB;
  fetch: FetchLike;
  now?: () => Date;
  random?: () => number;
  /** The extension's version, reported to the team view. */
  version?: string;
  /** Called after a pull changed the team's threads or playbooks, so open sidebars refresh. */
  changed?: (what: 'threads' | 'playbooks' | 'monitoring' | 'classifier') => void | Promise<void>;
  batchSize?: number;
  /** Per request; see REQUEST_TIMEOUT_MS. */
  timeoutMs?: number;
  /** Mints the new id of an event whose id the server says belongs to someone else. */
  newId?: () => string;
}

/** The server hears from an idle extension this often, so the team view can tell idle from broken. */
export const HEARTBEAT_MS = 15 * 60_000;
/** A run stops after this many requests and lets the next trigger continue: no endless loop. */
const MAX_REQUESTS_PER_RUN = 40;
/**
 * Failed batches (5xx, timeouts, dropped connections) a run tries before it backs off. Each one halves
 * the batch, and the size is kept across runs, so a batch the server keeps failing on is split until
 * the event it fails on is alone.
 */
const MAX_FAILURES_PER_RUN = 3;

type Step = { ok: true } | { ok: false; failure: ApiFailure };

function kindOf(f: ApiFailure): SyncErrorKind {
  switch (f.kind) {
    case 'network':
      return 'offline';
    case 'server':
      return 'server';
    case 'rate-limited':
      return 'rate-limited';
    case 'unauthorized':
      return 'auth';
    case 'bad-request':
      return 'rejected';
    default:
      return 'other';
  }
}

/** Strips the outbox bookkeeping; the server gets exactly the shared contract. */
function toWire(e: StoredEvent): { ok: true; event: ActivityEvent } | { ok: false; message: string } {
  const parsed = ActivityEventSchema.safeParse(cleanEventText(e));
  if (parsed.success) return { ok: true, event: parsed.data };
  return {
    ok: false,
    message: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '),
  };
}

/** What the server's 409 on `PUT /playbooks` says about the version that got there first. */
const PlaybooksConflictSchema = z.object({
  currentVersion: z.number().int().nonnegative(),
  updatedBy: z.string().optional(),
  updatedAt: z.string().optional(),
});

const clip = (s: string, max: number) => (s.length > max ? `${s.slice(0, max - 1)}…` : s);

/** A teammate's reply shows up in the sidebar within this long without hammering the server. */
const TEAM_ACTIVITY_TTL_MS = 30_000;

/**
 * A versioned publish (playbooks, monitoring terms) refused because someone published over the
 * version the edit started from: who, which version, and that nothing was saved.
 */
function publishConflict(details: unknown, baseVersion: number, what: string) {
  const parsed = PlaybooksConflictSchema.safeParse(details);
  const current = parsed.success ? parsed.data : undefined;
  const version = current?.currentVersion ?? baseVersion + 1;
  const who = current?.updatedBy ? ` (${current.updatedBy})` : '';
  return {
    status: 'conflict' as const,
    currentVersion: version,
    ...(current?.updatedBy ? { updatedBy: current.updatedBy } : {}),
    ...(current?.updatedAt ? { updatedAt: current.updatedAt } : {}),
    message: `Someone else${who} published version ${version}${what} while you were editing version ${baseVersion}. Nothing was saved.`,
  };
}

export function createSyncEngine(deps: SyncEngineDeps) {
  const { db } = deps;
  const now = deps.now ?? (() => new Date());
  const random = deps.random ?? Math.random;
  const batchSize = Math.min(deps.batchSize ?? MAX_EVENTS_PER_BATCH, MAX_EVENTS_PER_BATCH);
  const version = clip(deps.version ?? 'unknown', 50);

  const api = (c: Pick<Connection, 'serverUrl' | 'token'>): ApiClient =>
    createApiClient({
      serverUrl: c.serverUrl,
      token: c.token,
      fetch: deps.fetch,
      now,
      ...(deps.timeoutMs !== undefined && { timeoutMs: deps.timeoutMs }),
    });
  const newId = deps.newId ?? (() => crypto.randomUUID());
  const activityCache = new Map<string, { at: number; events: TeamActivityItem[] }>();

  // --- The outbox ---------------------------------------------------------------------------------
  const pendingRange = () =>
    db.events.where('[syncState+occurredAt]').between(['pending', Dexie.minKey], ['pending', Dexie.maxKey]);

  const nextBatch = (limit: number, includeHeld: boolean, skip: ReadonlySet<string>) =>
    pendingRange()
      .filter((e) => (includeHeld || !e.lastError) && !skip.has(e.id))
      .limit(limit)
      .toArray();

  async function noteClock(serverTime: string | undefined, sentAt: Date): Promise<number | undefined> {
    const skewMs = serverTime ? measureSkew(serverTime, sentAt, now()) : undefined;
    if (skewMs !== undefined) await clockItem.set(db, { skewMs, measuredAt: now().toISOString() });
    return skewMs ?? (await clockItem.get(db))?.skewMs;
  }

  /**
   * Events the server refused one by one, put right and left pending for the next batch; never marked
   * synced. `foreign_id`: another member owns the id, so the same event (same dedupeKey, still logged
   * once) gets a new id. `future_date`: the device clock is fast, so the date moves onto the server's
   * clock (and never past the server's own time).
   */
  async function settleConflicts(
    conflicts: EventConflict[],
    skewMs: number | undefined,
    serverTime?: string,
  ) {
    await db.transaction('rw', db.events, async () => {
      for (const { id, reason, message } of conflicts) {
        const e = await db.events.get(id);
        if (!e || e.syncState !== 'pending') continue;
        if (reason === 'foreign_id') {
          await db.events.delete(id);
          await db.events.add({ ...e, id: newId(), attempts: e.attempts + 1 });
        } else if (skewMs !== undefined && serverTime) {
          const moved = onServerClock(e.occurredAt, skewMs);
          const occurredAt = moved > serverTime ? serverTime : moved;
          await db.events.update(id, { occurredAt, attempts: e.attempts + 1 });
        } else {
          await db.events.update(id, { attempts: e.attempts + 1, lastError: clip(message, 500) });
        }
      }
    });
  }

  async function markSynced(ids: string[]): Promise<void> {
    const at = now().toISOString();
    // One transaction: a batch is marked whole or not at all, like the server stores it.
    await db.transaction('rw', db.events, () =>
      db.events
        .where('id')
        .anyOf(ids)
        .modify((e) => {
          e.syncState = 'synced';
          e.syncedAt = at;
          delete e.lastError;
        }),
    );
  }

  /** The server refused these events: keep them, say why, and stop sending them automatically. */
  async function hold(reasons: Map<string, string>): Promise<void> {
    await db.transaction('rw', db.events, () =>
      db.events
        .where('id')
        .anyOf([...reasons.keys()])
        .modify((e) => {
          e.attempts += 1;
          e.lastError = clip(reasons.get(e.id) ?? 'Refused by the team server', 500);
        }),
    );
  }

  async function countAttempt(ids: string[]): Promise<void> {
    await db.events
      .where('id')
      .anyOf(ids)
      .modify((e) => {
        e.attempts += 1;
      });
  }

  async function push(
    client: ApiClient,
    record: SyncRecord,
    manual: boolean,
  ): Promise<Step & { contacted: boolean; sent: number; batchLimit?: number }> {
    let limit = Math.min(record.batchLimit ?? batchSize, batchSize);
    let sent = 0;
    let contacted = false;
    let failures = 0;
    /** Halved in this run: stay small until the culprit is found. */
    let shrunk = false;
    let lastFailure: ApiFailure | undefined;
    /** Sent alone and failed in this run: the culprit if the server takes other events meanwhile. */
    const suspects = new Map<string, string>();
    for (let requests = 0; requests < MAX_REQUESTS_PER_RUN; requests++) {
      const batch = await nextBatch(limit, manual, new Set(suspects.keys()));
      if (batch.length === 0) break;

      const wire: ActivityEvent[] = [];
      const invalid = new Map<string, string>();
      for (const e of batch) {
        const w = toWire(e);
        if (w.ok) wire.push(w.event);
        else invalid.set(e.id, `Stored in a shape the server can't take (${w.message})`);
      }
      if (invalid.size > 0) await hold(invalid);
      if (wire.length === 0) continue;

      const total = await pendingRange().count();
      const sentAt = now();
      const res = await client.postEvents({
        events: wire,
        client: {
          pending: Math.max(0, total - wire.length),
          ...(record.lastError ? { lastError: clip(record.lastError.message, 500) } : {}),
          version,
        },
      });
      if (res.ok) {
        contacted = true;
        const { conflicts, serverTime } = res.data;
        const skewMs = await noteClock(serverTime, sentAt);
        const conflicting = new Set(conflicts.map((c) => c.id));
        const ids = [...res.data.accepted, ...res.data.duplicates].filter((id) => !conflicting.has(id));
        await markSynced(ids);
        await settleConflicts(conflicts, skewMs, serverTime);
        sent += ids.length;
        // The server is taking events: what failed alone meanwhile fails on its own account.
        if (suspects.size > 0) {
          await hold(suspects);
          suspects.clear();
        }
        // While halving, stay small until the culprit is found: its neighbours go through meanwhile.
        // A size inherited from failed runs grows back once batches go through.
        if (!shrunk) limit = Math.min(batchSize, limit * 2);
        continue;
      }

      const f = res.error;
      if (f.kind === 'bad-request') {
        const eventIssues = f.issues.filter((i) => i.path[0] === 'events' && typeof i.path[1] === 'number');
        if (eventIssues.length > 0) {
          // The server names the bad events: hold exactly those, send the rest.
          const reasons = new Map<string, string>();
          for (const i of eventIssues) {
            const e = wire[i.path[1] as number];
            if (e) reasons.set(e.id, `${i.path.slice(2).join('.') || 'event'}: ${i.message}`);
          }
          await hold(reasons);
          continue;
        }
        if (f.issues.length > 0) return { ok: false, failure: f, contacted, sent };
      }
      if (f.kind === 'bad-request' || f.kind === 'too-large') {
        // No pointer to the culprit (or simply too big): halve until the bad one is alone.
        if (wire.length === 1) {
          await hold(new Map([[wire[0]!.id, f.message]]));
          limit = batchSize;
        } else {
          limit = Math.ceil(wire.length / 2);
          shrunk = true;
        }
        continue;
      }
      await countAttempt(wire.map((e) => e.id));
      if (f.kind === 'server' || f.kind === 'network') {
        // A dead server and an event it chokes on look alike: split, and let the others tell.
        failures += 1;
        lastFailure = f;
        shrunk = true;
        if (wire.length > 1) limit = Math.ceil(wire.length / 2);
        else {
          const why = f.kind === 'server' ? `HTTP ${f.status}` : f.message;
          suspects.set(wire[0]!.id, clip(`The team server failed on this event alone (${why})`, 500));
        }
        if (failures < MAX_FAILURES_PER_RUN) continue;
      }
      return { ok: false, failure: f, contacted, sent, batchLimit: limit };
    }
    // Nothing was taken after the lone failure: the server, not the event, is the likelier problem.
    if (suspects.size > 0 && lastFailure) {
      return { ok: false, failure: lastFailure, contacted, sent, batchLimit: limit };
    }

    const quietFor = record.lastContactAt ? now().getTime() - Date.parse(record.lastContactAt) : Infinity;
    if (!contacted && quietFor >= HEARTBEAT_MS) {
      const res = await client.postEvents({
        events: [],
        client: {
          pending: await pendingRange().count(),
          ...(record.lastError ? { lastError: clip(record.lastError.message, 500) } : {}),
          version,
        },
      });
      if (!res.ok) return { ok: false, failure: res.error, contacted, sent };
      contacted = true;
    }
    return { ok: true, contacted, sent };
  }

  // --- Pulls --------------------------------------------------------------------------------------
  async function pullThreads(client: ApiClient): Promise<Step & { changed: boolean }> {
    const current = await threadsCursorItem.get(db);
    const res = await client.threads(current?.cursor, current?.etag);
    if (!res.ok) return { ok: false, failure: res.error, changed: false };
    if ('notModified' in res) return { ok: true, changed: false };
    const { threads, cursor } = res.data;
    // A cursor that went backwards means the server's database was replaced: this is a full list.
    const full = !current || Number(cursor) < Number(current.cursor);
    await db.transaction('rw', db.teamThreads, db.kv, async () => {
      if (full) await db.teamThreads.clear();
      for (const t of threads) {
        const clash = await db.teamThreads
          .where('[platform+canonicalId]')
          .equals([t.platform, t.canonicalId])
          .first();
        if (clash && clash.id !== t.id) await db.teamThreads.delete(clash.id);
        await db.teamThreads.put({ ...t, origin: 'server' });
      }
      await threadsCursorItem.set(db, { cursor, ...(res.etag ? { etag: res.etag } : {}) });
    });
    return { ok: true, changed: threads.length > 0 || (full && current !== undefined) };
  }

  async function pullPlaybooks(client: ApiClient): Promise<Step & { changed: boolean }> {
    const cached = await playbooksItem.get(db);
    const res = await client.playbooks(cached?.etag);
    if (!res.ok) return { ok: false, failure: res.error, changed: false };
    if ('notModified' in res) return { ok: true, changed: false };
    return { ok: true, changed: await keepPlaybooks(res.data, res.etag) };
  }

  /** Caches a published document; answers whether it differs from the one cached before. */
  async function keepPlaybooks(document: PlaybooksDocument, etag: string | undefined): Promise<boolean> {
    const cached = await playbooksItem.get(db);
    const same =
      cached?.document.version === document.version && cached.document.updatedAt === document.updatedAt;
    if (!same) await playbooksItem.set(db, { document, ...(etag ? { etag } : {}) });
    return !same;
  }

  /**
   * The team's published classifier model, revalidated by ETag like the playbooks. A server without the
   * route (older than issue 13) means no team model; one that does not load is noted, never used.
   */
  async function pullModel(client: ApiClient): Promise<Step & { changed: boolean }> {
    const stored = await teamModelItem.getValue();
    const res = await client.classifierModel(stored?.etag);
    if (!res.ok) {
      if (res.error.kind === 'not-found') return { ok: true, changed: false };
      return { ok: false, failure: res.error, changed: false };
    }
    if ('notModified' in res) return { ok: true, changed: false };
    if (res.data === null && stored === null) return { ok: true, changed: false };
    await teamModelItem.setValue(keepPulledModel(stored, res.data, res.etag, now()));
    return { ok: true, changed: true };
  }

  // --- A run --------------------------------------------------------------------------------------
  async function fail(
    conn: Connection,
    record: SyncRecord,
    f: ApiFailure,
    batchLimit?: number,
  ): Promise<RunReport> {
    const at = now();
    const kind = kindOf(f);
    const lastError = { kind, message: describeFailure(f, conn.serverUrl), at: at.toISOString() };
    if (f.kind === 'unauthorized') {
      // Retrying with a dead token helps nobody: stop until the user reconnects.
      await connectionItem.set(db, {
        ...conn,
        rejectedAt: at.toISOString(),
        rejectedReason: lastError.message,
      });
      await syncRecordItem.set(db, {
        ...record,
        lastAttemptAt: at.toISOString(),
        lastError,
        nextAttemptAt: undefined,
      });
      return { ran: true, sent: 0, error: kind };
    }
    const failures = f.kind === 'rate-limited' ? record.failures : record.failures + 1;
    const { batchLimit: previousLimit, ...rest } = record;
    const limit = batchLimit ?? previousLimit;
    const wait = f.kind === 'rate-limited' ? f.retryAfterMs : backoffDelay(failures, random);
    await syncRecordItem.set(db, {
      ...rest,
      failures,
      lastAttemptAt: at.toISOString(),
      nextAttemptAt: new Date(at.getTime() + wait).toISOString(),
      lastError,
      ...(limit !== undefined && limit < batchSize ? { batchLimit: limit } : {}),
    });
    return { ran: true, sent: 0, error: kind };
  }

  async function runOnce({ manual = false, skipBackoff = manual }: RunOptions): Promise<RunReport> {
    const conn = await connectionItem.get(db);
    if (!conn || conn.rejectedAt) return { ran: false, sent: 0 };
    const record = await readSyncRecord(db);
    const t = now().getTime();
    const waitUntil = record.nextAttemptAt ? Date.parse(record.nextAttemptAt) : 0;
    // "Sync now" may skip our own backoff, never the server's explicit Retry-After.
    if (waitUntil > t && (!skipBackoff || record.lastError?.kind === 'rate-limited'))
      return { ran: false, sent: 0 };

    const client = api(conn);
    const pushed = await push(client, record, manual);
    if (!pushed.ok) {
      const r = await fail(conn, record, pushed.failure, pushed.batchLimit);
      return { ...r, sent: pushed.sent };
    }
    const threads = await pullThreads(client);
    if (!threads.ok) return { ...(await fail(conn, record, threads.failure)), sent: pushed.sent };
    const playbooks = await pullPlaybooks(client);
    if (!playbooks.ok) return { ...(await fail(conn, record, playbooks.failure)), sent: pushed.sent };
    const monitoring = await pullMonitoring(db, client);
    if (!monitoring.ok) return { ...(await fail(conn, record, monitoring.failure)), sent: pushed.sent };
    const mentions = await pushMentions(db, client, { manual, now });
    if (!mentions.ok) return { ...(await fail(conn, record, mentions.failure)), sent: pushed.sent };
    const health = await pushHealth(db, client, version.slice(0, 40));
    if (!health.ok) return { ...(await fail(conn, record, health.failure)), sent: pushed.sent };
    const corrections = await pushCorrections(db, client);
    if (!corrections.ok) return { ...(await fail(conn, record, corrections.failure)), sent: pushed.sent };
    const model = await pullModel(client);
    if (!model.ok) return { ...(await fail(conn, record, model.failure)), sent: pushed.sent };

    const at = now().toISOString();
    await syncRecordItem.set(db, {
      failures: 0,
      lastAttemptAt: at,
      lastSyncedAt: at,
      ...(pushed.contacted
        ? { lastContactAt: at }
        : record.lastContactAt
          ? { lastContactAt: record.lastContactAt }
          : {}),
    });
    if (threads.changed) await deps.changed?.('threads');
    if (playbooks.changed) await deps.changed?.('playbooks');
    if (monitoring.changed) await deps.changed?.('monitoring');
    if (model.changed) await deps.changed?.('classifier');
    return { ran: true, sent: pushed.sent };
  }

  // Only the background runs syncs and its worker is single-threaded, so an in-memory flight is the
  // lock; a killed worker takes it along, and the next run simply resends (the server de-duplicates).
  let inFlight: Promise<RunReport> | undefined;
  let queued: { promise: Promise<RunReport>; opts: RunOptions } | undefined;
  function run(opts: RunOptions = {}): Promise<RunReport> {
    if (!inFlight) {
      inFlight = runOnce(opts).finally(() => {
        inFlight = undefined;
      });
      return inFlight;
    }
    // A trigger during a run gets one more run after it, so nothing logged meanwhile waits a minute.
    if (queued) {
      queued.opts = {
        manual: Boolean(queued.opts.manual || opts.manual),
        skipBackoff: Boolean(queued.opts.skipBackoff || opts.skipBackoff || opts.manual),
      };
      return queued.promise;
    }
    const opened: RunOptions = { ...opts };
    const promise = inFlight
      .catch(() => undefined)
      .then(() => {
        const merged = queued?.opts ?? opened;
        queued = undefined;
        return run(merged);
      });
    queued = { promise, opts: opened };
    return promise;
  }

  // --- Connection ---------------------------------------------------------------------------------
  async function status(): Promise<SyncStatus> {
    const [conn, record, pending, heldRows, clock] = await Promise.all([
      connectionItem.get(db),
      readSyncRecord(db),
      pendingRange().count(),
      pendingRange()
        .filter((e) => Boolean(e.lastError))
        .toArray(),
      clockItem.get(db),
    ]);
    const held = heldRows.length;
    const heldMessage =
      held > 0
        ? `The team server refused ${held === 1 ? '1 event' : `${held} events`} (${heldRows[0]!.lastError}). ${held === 1 ? 'It is' : 'They are'} kept; press Sync now to try again.`
        : undefined;
    const lastError = conn?.rejectedReason ?? record.lastError?.message ?? heldMessage;
    const errorKind = conn?.rejectedAt
      ? 'auth'
      : (record.lastError?.kind ?? (held > 0 ? 'rejected' : undefined));
    return {
      connected: Boolean(conn && !conn.rejectedAt),
      ...(conn ? { serverUrl: conn.serverUrl, member: { name: conn.name, role: conn.role } } : {}),
      pending,
      held,
      ...(record.lastSyncedAt ? { lastSyncedAt: record.lastSyncedAt } : {}),
      ...(conn && lastError ? { lastError } : {}),
      ...(conn && errorKind ? { errorKind } : {}),
      ...(conn && record.nextAttemptAt && record.lastError ? { nextAttemptAt: record.nextAttemptAt } : {}),
      ...(clock ? { clockSkewMs: clock.skewMs } : {}),
      ...(describeSkew(clock?.skewMs) ? { clockWarning: describeSkew(clock?.skewMs)! } : {}),
      syncing: inFlight !== undefined,
    };
  }

  async function forgetServerData(): Promise<void> {
    await db.transaction('rw', db.kv, db.teamThreads, async () => {
      await db.kv.bulkDelete([...CONNECTION_KEYS]);
      await db.teamThreads.clear();
    });
    // Another team's model has no business classifying for the next one.
    await teamModelItem.removeValue();
  }

  /** Checks the URL and token against `/me`; stores them only when the server says yes. */
  async function connect(serverUrlInput: string, tokenInput: string): Promise<SyncStatus> {
    const serverUrl = normalizeServerUrl(serverUrlInput);
    const token = tokenInput.trim();
    if (!token) throw new PlainError('Paste your access token (it starts with rt_).');
    if (/\s/.test(token))
      throw new PlainError('The access token has a space in it: paste it again, all on one line.');
    const sentAt = now();
    const res = await api({ serverUrl, token }).me();
    if (!res.ok) {
      const f = res.error;
      if (f.kind === 'network') {
        throw new PlainError(
          `Can't reach ${serverUrl}. Check the address and that the server is running (and that this computer is online).`,
        );
      }
      if (f.kind === 'not-found')
        throw new PlainError(describeFailure({ kind: 'not-reply-tracker', message: '' }, serverUrl));
      throw new PlainError(describeFailure(f, serverUrl));
    }
    const before = await connectionItem.get(db);
    // Another server or another member: what we cached belongs to them, not to this connection.
    if (before && (before.serverUrl !== serverUrl || before.name !== res.data.name)) await forgetServerData();
    await connectionItem.set(db, {
      serverUrl,
      token,
      name: res.data.name,
      role: res.data.role,
      connectedAt: now().toISOString(),
    });
    await noteClock(res.data.serverTime, sentAt);
    // A fresh start: no inherited backoff or error from the last connection.
    const record = await readSyncRecord(db);
    await syncRecordItem.set(db, {
      failures: 0,
      ...(record.lastSyncedAt && before?.serverUrl === serverUrl
        ? { lastSyncedAt: record.lastSyncedAt }
        : {}),
    });
    return status();
  }

  async function disconnect(): Promise<{ status: SyncStatus; serverUrl?: string }> {
    const conn = await connectionItem.get(db);
    await forgetServerData();
    await deps.changed?.('threads');
    return { status: await status(), ...(conn ? { serverUrl: conn.serverUrl } : {}) };
  }

  // --- Team threads -------------------------------------------------------------------------------
  /** The connection that may change the team's threads, or a plain-words refusal. */
  async function managerConnection(
    refusal = 'Only a manager can track threads for the team.',
  ): Promise<Connection> {
    const conn = await connectionItem.get(db);
    if (!conn) throw new PlainError('Not connected to a team server.');
    if (conn.rejectedAt)
      throw new PlainError(conn.rejectedReason ?? 'Reconnect to the team server in Options.');
    if (!roleAtLeast(conn.role, 'manager')) throw new PlainError(refusal);
    return conn;
  }

  function changeRefused(conn: Connection, f: ApiFailure): PlainError {
    if (f.kind === 'network') {
      return new PlainError(
        `Can't reach the team server at ${conn.serverUrl}; nothing was changed. Try again when online.`,
      );
    }
    return new PlainError(describeFailure(f, conn.serverUrl));
  }

  function orThrow<T>(conn: Connection, res: { ok: true; data: T } | { ok: false; error: ApiFailure }): T {
    if (res.ok) return res.data;
    throw changeRefused(conn, res.error);
  }

  async function saveTeamThread(t: TrackedThread): Promise<TrackedThread> {
    const thread: TrackedThread = { ...t, origin: 'server' };
    await db.transaction('rw', db.teamThreads, async () => {
      const clash = await db.teamThreads
        .where('[platform+canonicalId]')
        .equals([t.platform, t.canonicalId])
        .first();
      if (clash && clash.id !== t.id) await db.teamThreads.delete(clash.id);
      await db.teamThreads.put(thread);
    });
    await deps.changed?.('threads');
    return thread;
  }

  return {
    run,
    status,
    connect,
    disconnect,
    async isConnected(): Promise<boolean> {
      return (await connectionItem.get(db)) !== undefined;
    },
    /** The team's open threads from the last pull (also offline). */
    async trackedThreads(platform?: Platform): Promise<TrackedThread[]> {
      const all = await db.teamThreads.toArray();
      return all.filter((t) => t.status !== 'closed' && (!platform || t.platform === platform));
    },
    async track(input: NewTrackedThread): Promise<TrackedThread> {
      const conn = await managerConnection();
      const client = api(conn);
      const res = await client.createThread(input);
      if (!res.ok && res.error.kind === 'conflict') {
        // Someone on the team tracks it already: show theirs, reopened if it had been closed.
        await pullThreads(client);
        const existing = await db.teamThreads
          .where('[platform+canonicalId]')
          .equals([input.platform, input.canonicalId])
          .first();
        if (existing?.status === 'closed') {
          return saveTeamThread(orThrow(conn, await client.patchThread(existing.id, { status: 'open' })));
        }
        if (existing) return existing;
      }
      return saveTeamThread(orThrow(conn, res));
    },
    async update(id: string, patch: ThreadPatch): Promise<TrackedThread> {
      const conn = await managerConnection();
      return saveTeamThread(orThrow(conn, await api(conn).patchThread(id, patch)));
    },
    /** The server never forgets a thread; untracking closes it, which takes it off everyone's list. */
    async untrack(id: string): Promise<void> {
      const conn = await managerConnection();
      await saveTeamThread(orThrow(conn, await api(conn).patchThread(id, { status: 'closed' })));
    },
    /**
     * What the team did in a thread, for the sidebar; null when not connected. Asked live (it is not
     * synced), with a short cache so scrolling back and forth does not ask again, and the last answer
     * kept for when the server cannot be reached.
     */
    async teamActivity(platform: Platform, ids: readonly string[]): Promise<TeamActivityItem[] | null> {
      const conn = await connectionItem.get(db);
      if (!conn || conn.rejectedAt || ids.length === 0) return null;
      const key = `${conn.serverUrl}|${platform}|${ids.join(',')}`;
      const hit = activityCache.get(key);
      if (hit && now().getTime() - hit.at < TEAM_ACTIVITY_TTL_MS) return hit.events;
      const res = await api(conn).teamActivity(platform, ids);
      if (!res.ok) {
        if (hit) return hit.events;
        throw new PlainError(describeFailure(res.error, conn.serverUrl));
      }
      if (activityCache.size > 50) activityCache.clear();
      activityCache.set(key, { at: now().getTime(), events: res.data.events });
      return res.data.events;
    },
    /** The last published playbooks this extension saw; kept offline, forgotten on disconnect. */
    async cachedPlaybooks(): Promise<PlaybooksDocument | null> {
      if (!(await connectionItem.get(db))) return null;
      return (await playbooksItem.get(db))?.document ?? null;
    },
    /** For the editor: asks the server for the newest version, else answers the cached one and why. */
    async latestPlaybooks(): Promise<{ document: PlaybooksDocument | null; warning?: string }> {
      const conn = await connectionItem.get(db);
      if (!conn) return { document: null };
      let warning: string | undefined;
      if (conn.rejectedAt) warning = conn.rejectedReason ?? 'Reconnect to the team server to see the latest.';
      else {
        const pulled = await pullPlaybooks(api(conn));
        if (!pulled.ok) warning = describeFailure(pulled.failure, conn.serverUrl);
        else if (pulled.changed) await deps.changed?.('playbooks');
      }
      const document = (await playbooksItem.get(db))?.document ?? null;
      return { document, ...(warning ? { warning } : {}) };
    },
    /**
     * Publishes a manager's edit. Only over the version it started from: if someone published in
     * between, the manager hears who and reloads rather than silently overwriting their work.
     */
    async publishPlaybooks(content: PlaybookContent, baseVersion: number): Promise<PublishResult> {
      const conn = await managerConnection('Only a manager or a team lead can publish playbooks.');
      const res = await api(conn).putPlaybooks(content, baseVersion);
      if (res.ok) {
        if (await keepPlaybooks(res.data, res.etag)) await deps.changed?.('playbooks');
        return { status: 'published', document: res.data };
      }
      const f = res.error;
      if (f.kind === 'conflict') return publishConflict(f.details, baseVersion, '');
      if (f.kind === 'bad-request' && f.issues.length > 0) {
        return {
          status: 'invalid',
          // The server validates the request body `{content}`; the editor's paths start inside it.
          issues: f.issues.map((i) => ({
            path: i.path[0] === 'content' ? i.path.slice(1) : i.path,
            message: i.message,
          })),
          message: `The team server refused the playbooks: ${f.message}`,
        };
      }
      throw changeRefused(conn, f);
    },
    /** The options page's terms editor: the latest published terms, falling back to the cached ones. */
    async latestMonitoring(): Promise<MonitoringLatest> {
      const conn = await connectionItem.get(db);
      if (!conn) return { document: null };
      let warning: string | undefined;
      if (conn.rejectedAt) warning = conn.rejectedReason ?? 'Reconnect to the team server to see the latest.';
      else {
        const pulled = await pullMonitoring(db, api(conn));
        if (!pulled.ok) warning = describeFailure(pulled.failure, conn.serverUrl);
        else if (pulled.changed) await deps.changed?.('monitoring');
      }
      const document = (await monitoringItem.get(db))?.document ?? null;
      return { document, ...(warning ? { warning } : {}) };
    },
    /** Publishes the team's terms over the version the edit started from, as playbooks are. */
    async publishMonitoring(
      settings: MonitoringSettings,
      baseVersion: number,
    ): Promise<MonitoringPublishResult> {
      const conn = await managerConnection(
        'Only a manager or a team lead can publish what the team monitors.',
      );
      const res = await api(conn).putMonitoring(settings, baseVersion);
      if (res.ok) {
        await monitoringItem.set(db, { document: res.data, ...(res.etag ? { etag: res.etag } : {}) });
        await deps.changed?.('monitoring');
        return { status: 'published', document: res.data };
      }
      const f = res.error;
      if (f.kind === 'conflict') return publishConflict(f.details, baseVersion, ' of the terms');
      if (f.kind === 'bad-request' && f.issues.length > 0) {
        return {
          status: 'invalid',
          issues: f.issues.map((i) => ({ path: i.path, message: i.message })),
          message: `The team server refused the terms: ${f.message}`,
        };
      }
      throw changeRefused(conn, f);
    },
    /** Managers and leads: spikes and high-reach negative mentions; null for anyone else or offline. */
    async mentionAlerts(): Promise<MentionAlertsResponse | null> {
      const conn = await connectionItem.get(db);
      if (!conn || conn.rejectedAt || !roleAtLeast(conn.role, 'manager')) return null;
      return orThrow(conn, await api(conn).mentionAlerts());
    },
    /** Any connected member: what is assigned to me and the team's overdue threads. */
    async queue(): Promise<QueueResponse | null> {
      const conn = await connectionItem.get(db);
      if (!conn || conn.rejectedAt) return null;
      return orThrow(conn, await api(conn).queue());
    },
    async teamStatus(): Promise<TeamStatusResponse> {
      const conn = await connectionItem.get(db);
      if (!conn) throw new PlainError('Not connected to a team server.');
      if (!roleAtLeast(conn.role, 'manager'))
        throw new PlainError('Only managers and leads see the team view.');
      return orThrow(conn, await api(conn).teamStatus());
    },
    /** Managers and leads: which members may be missing which counts since when (issue 14). */
    async teamHealth(): Promise<TeamHealthResponse> {
      const conn = await managerConnection('Only managers and leads see the team view.');
      return orThrow(conn, await api(conn).teamHealth());
    },
    /** An ambassador's "the team should track this", sent at once (the manager needs it now, not later). */
    async suggest(input: NewSuggestion): Promise<Suggestion> {
      const conn = await connectionItem.get(db);
      if (!conn) throw new PlainError('Connect to your team server to suggest threads to your manager.');
      if (conn.rejectedAt)
        throw new PlainError(conn.rejectedReason ?? 'Reconnect to the team server in Options.');
      return orThrow(conn, await api(conn).suggest(input));
    },
    async suggestions(): Promise<Suggestion[]> {
      const conn = await managerConnection('Only managers and leads see suggested threads.');
      return orThrow(conn, await api(conn).suggestions()).suggestions;
    },
    async dismissSuggestion(id: string): Promise<void> {
      const conn = await managerConnection('Only managers and leads can dismiss a suggestion.');
      orThrow(conn, await api(conn).dismissSuggestion(id));
    },
  };
}
export type SyncEngine = ReturnType<typeof createSyncEngine>;
