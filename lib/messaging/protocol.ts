import type { PlaybooksDocument, TeamActivityItem, TeamStatusResponse } from '../schemas/api';
import type { CorrectionInput, CorrectionResult } from '../schemas/classifier';
import type { Platform } from '../schemas/common';
import type { ObservedAction, StoredEvent } from '../schemas/event';
import type { HealthRecord, HealthReport, TeamHealthResponse } from '../schemas/health';
import type { CapturedMention, MentionAlertsResponse, QueueResponse } from '../schemas/mention';
import type { CaptureSettings, MonitoringDocument, MonitoringSettings } from '../schemas/monitoring';
import type { PlaybookContent, PlaybookIssue } from '../schemas/playbook';
import type { ActivityCounts, SyncStatus } from '../schemas/status';
import type { NewSuggestion, Suggestion } from '../schemas/suggestion';
import type { NewTrackedThread, ThreadPatch, TrackedThread } from '../schemas/thread';

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
  /** Managers and leads: the server's `/team/health` (which members may be missing which counts). */
  'team-health': { req: Record<never, never>; res: TeamHealthResponse };
  /**
   * The team's published playbooks as last synced (kept for offline use); null when not connected or
   * nothing was pulled yet. Sidebars resolve it against the built-in defaults.
   */
  playbooks: { req: Record<never, never>; res: { document: PlaybooksDocument | null } };
  /** The options editor: pulls the latest published version first, falling back to the cached one. */
  'playbooks-latest': { req: Record<never, never>; res: PlaybooksLatest };
  /** Managers and leads: publishes `content` over `baseVersion` (the version the edit started from). */
  'publish-playbooks': { req: { content: PlaybookContent; baseVersion: number }; res: PublishResult };
  /** Any connected member: "the team should track this", for the manager to decide. */
  'suggest-thread': { req: { suggestion: NewSuggestion }; res: { suggestion: Suggestion } };
  /** Managers and leads: the open suggestions (not tracked since, not dismissed). */
  suggestions: { req: Record<never, never>; res: { suggestions: Suggestion[] } };
  'dismiss-suggestion': { req: { id: string }; res: { ok: true } };
  /** Content scripts: the team's terms when this browser captures mentions, else `active: false`. */
  'capture-settings': { req: Record<never, never>; res: CaptureSettings };
  /** Content scripts: matching posts for the mention outbox (checked again, de-duplicated per post). */
  'capture-mentions': {
    req: { mentions: CapturedMention[] };
    res: { queued: number; refused: number; inactive?: true };
  };
  /** Popup and options: whether capture is on, and what this browser sent today. */
  'capture-status': { req: Record<never, never>; res: CaptureStatus };
  /** Popup and options: this member pauses (or resumes) capture in this browser. */
  'capture-pause': { req: { paused: boolean }; res: CaptureStatus };
  /** The options page's terms editor: pulls the latest published terms first, falling back to the cached ones. */
  'monitoring-latest': { req: Record<never, never>; res: MonitoringLatest };
  /** Managers and leads: publishes the team's terms over `baseVersion` (the version the edit started from). */
  'publish-monitoring': {
    req: { settings: MonitoringSettings; baseVersion: number };
    res: MonitoringPublishResult;
  };
  /** Managers and leads (the popup): spikes and high-reach negative mentions; null for anyone else. */
  'mention-alerts': { req: Record<never, never>; res: { alerts: MentionAlertsResponse | null } };
  /** The sidebar: threads assigned to me and the team's overdue ones; null when not connected. */
  queue: { req: Record<never, never>; res: { queue: QueueResponse | null } };
  /**
   * A person gave a text another category than the classifier suggested (sidebar, Track form, inbox):
   * kept as a labelled example until the team server has it. Managers' and leads' only.
   */
  'record-correction': { req: { correction: CorrectionInput }; res: CorrectionResult };
  /** A content script's health checks for one page or one network signal (lib/health). */
  'health-report': { req: { report: HealthReport }; res: { changed: boolean } };
  /** The kept health records, with the version they are judged against (an update clears old ones). */
  'health-list': { req: Record<never, never>; res: { records: HealthRecord[]; version: string } };
}

/** Mention capture in this browser, as the popup and options page show it. */
export interface CaptureStatus {
  connected: boolean;
  /** The team's switch (a manager's, in the monitoring settings). */
  teamEnabled: boolean;
  /** The team has published at least one term to look for. */
  hasTerms: boolean;
  /** This member paused capture in this browser. */
  paused: boolean;
  /** Capturing now: connected, switched on, terms published, not paused. */
  active: boolean;
  /** Mentions the server confirmed from this browser since local midnight. */
  sentToday: number;
  /** Captured, not yet on the server. */
  pending: number;
}

export interface PlaybooksLatest {
  document: PlaybooksDocument | null;
  /** Why the document may be stale (the server could not be reached). */
  warning?: string;
}

/**
 * The answer to a versioned publish (the playbooks, the monitoring terms: each save a new numbered
 * version over the one the edit started from, server/core/versioned.ts), as the editors' stores read it
 * (lib/messaging/publish.ts).
 */
export type VersionedPublishResult<Document> =
  | { status: 'published'; document: Document }
  /** Someone else published since `baseVersion`; nothing was saved. */
  | { status: 'conflict'; currentVersion: number; updatedBy?: string; updatedAt?: string; message: string }
  /** The server refused the document; the issues point into it. */
  | { status: 'invalid'; issues: PlaybookIssue[]; message: string };

export type PublishResult = VersionedPublishResult<PlaybooksDocument>;

export interface MonitoringLatest {
  document: MonitoringDocument | null;
  /** Why the document may be stale (the server could not be reached). */
  warning?: string;
}

export type MonitoringPublishResult = VersionedPublishResult<MonitoringDocument>;

/** Requests that touch the token or team data: refused unless they come from an extension page. */
export const PRIVILEGED_REQUESTS: readonly RequestType[] = [
  'connect',
  'disconnect',
  'sync-now',
  'team-status',
  'team-health',
  'playbooks-latest',
  'publish-playbooks',
  'dismiss-suggestion',
  'capture-pause',
  'monitoring-latest',
  'publish-monitoring',
  'mention-alerts',
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
