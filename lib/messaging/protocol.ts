import type { TeamActivityItem, TeamStatusResponse } from '../schemas/api';
import type { Platform } from '../schemas/common';
import type { ObservedAction, StoredEvent } from '../schemas/event';
import type { NewTrackedThread, ThreadPatch, TrackedThread } from '../schemas/thread';
import type { SyncStatus } from '../sync/types';

export type { SyncStatus };

/** My activity totals for a period. `likes` counts like events; net likes are likes − unlikes. */
export interface ActivityCounts {
  replies: number;
  likes: number;
  unlikes: number;
}

/**
 * Requests that content scripts and extension pages send to the background, which owns the extension's
 * IndexedDB (a content script's IndexedDB would be x.com's, not ours). Each maps to its response type.
 */
export interface RequestMap {
  'log-action': { req: { action: ObservedAction }; res: { event: StoredEvent; duplicate: boolean } };
  'thread-activity': {
    req: { platform: Platform; targetId: string; conversationId?: string };
    res: { events: StoredEvent[] };
  };
  'my-counts': { req: { now?: string }; res: { today: ActivityCounts; month: ActivityCounts } };
  'tracked-list': { req: { platform?: Platform }; res: { threads: TrackedThread[] } };
  'track-thread': { req: { thread: NewTrackedThread }; res: { thread: TrackedThread } };
  'update-thread': { req: { id: string; patch: ThreadPatch }; res: { thread: TrackedThread } };
  'untrack-thread': { req: { id: string }; res: { ok: true } };
  /**
   * Extension pages only. The options page asks for the host permission (a user gesture) first;
   * the background checks the URL and token against `GET /me` and keeps them in its own IndexedDB.
   */
  connect: { req: { serverUrl: string; token: string }; res: SyncStatus };
  /** Forgets the token and the team's cached threads; answers the origin so the page can drop its permission. */
  disconnect: { req: Record<never, never>; res: { status: SyncStatus; serverUrl?: string } };
  'sync-status': { req: Record<never, never>; res: SyncStatus };
  /** Sends and pulls now, skipping the backoff wait (never the server's Retry-After). */
  'sync-now': { req: Record<never, never>; res: SyncStatus };
  /** What teammates did in a thread (the server's `/activity`); null when not connected. */
  'team-activity': {
    req: { platform: Platform; targetId: string; conversationId?: string };
    res: { events: TeamActivityItem[] | null };
  };
  /** Managers and leads: the server's `/team/status`. */
  'team-status': { req: Record<never, never>; res: TeamStatusResponse };
}

/** Requests that touch the token or team data: refused unless they come from an extension page. */
export const PRIVILEGED_REQUESTS: readonly RequestType[] = [
  'connect',
  'disconnect',
  'sync-now',
  'team-status',
];

export type RequestType = keyof RequestMap;
export type Request<T extends RequestType = RequestType> = { type: T } & RequestMap[T]['req'];
export type Response<T extends RequestType> = RequestMap[T]['res'];

/** Every reply is wrapped so errors cross the message boundary as plain, readable data. */
export type Envelope<T> = { ok: true; data: T } | { ok: false; error: string };

/**
 * A WXT storage key (`storage.watch(REVISION_KEY, …)`), bumped in storage.local on every write the UI shows (events, tracked threads), so any open sidebar,
 * popup or options page can refresh without the service worker having to stay alive to push.
 */
export const REVISION_KEY = 'local:revision';
