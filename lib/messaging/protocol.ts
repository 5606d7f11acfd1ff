import type { ObservedAction, StoredEvent } from '../schemas/event';
import type { Platform } from '../schemas/common';
import type { NewTrackedThread, ThreadPatch, TrackedThread } from '../schemas/thread';

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
}

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
