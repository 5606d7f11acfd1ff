import { eventId } from '../domain/event-id';
import { MAX_EVENTS_PER_BATCH } from '../schemas/api';
import type { Connection } from '../settings/schema';
import type { ReplyTrackerDB } from '../storage/db';
import { type ApiClient, type ApiFailure, createApiClient, type FetchLike } from './api';

/** What a pull or push answers the coordinator: done, or the failure that stops this run. */
export type Step = { ok: true } | { ok: false; failure: ApiFailure };

/** What changed on the team server, so open sidebars and pages refresh. */
export type Changed = 'threads' | 'playbooks' | 'monitoring' | 'classifier';

export interface SyncEngineDeps {
  db: ReplyTrackerDB;
  fetch: FetchLike;
  now?: () => Date;
  random?: () => number;
  /** The extension's version, reported to the team view. */
  version?: string;
  /** Called after a pull changed the team's threads or playbooks, so open sidebars refresh. */
  changed?: (what: Changed) => void | Promise<void>;
  batchSize?: number;
  /** Per request; see REQUEST_TIMEOUT_MS. */
  timeoutMs?: number;
  /** Mints the new id of an event whose id the server says belongs to someone else. */
  newId?: () => string;
}

/** The dependencies every sync service shares, with their defaults filled in. */
export interface SyncContext {
  db: ReplyTrackerDB;
  now: () => Date;
  random: () => number;
  version: string;
  batchSize: number;
  newId: () => string;
  /** The team server's client for a connection. */
  api: (c: Pick<Connection, 'serverUrl' | 'token'>) => ApiClient;
  changed: (what: Changed) => Promise<void>;
}

export const clip = (s: string, max: number) => (s.length > max ? `${s.slice(0, max - 1)}…` : s);

export function createSyncContext(deps: SyncEngineDeps): SyncContext {
  const now = deps.now ?? (() => new Date());
  return {
    db: deps.db,
    now,
    random: deps.random ?? Math.random,
    version: clip(deps.version ?? 'unknown', 50),
    batchSize: Math.min(deps.batchSize ?? MAX_EVENTS_PER_BATCH, MAX_EVENTS_PER_BATCH),
    newId: deps.newId ?? (() => eventId()),
    api: (c) =>
      createApiClient({
        serverUrl: c.serverUrl,
        token: c.token,
        fetch: deps.fetch,
        now,
        ...(deps.timeoutMs !== undefined && { timeoutMs: deps.timeoutMs }),
      }),
    changed: async (what) => {
      await deps.changed?.(what);
    },
  };
}
