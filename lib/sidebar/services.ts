import { storage } from 'wxt/utils/storage';
import { ask } from '../messaging/client';
import { REVISION_KEY } from '../messaging/protocol';
import { reportCorrection } from '../messaging/report-correction';
import type { ComposerInsertResult, PageKind, ThreadContext } from '../platforms/types';
import type { TeamActivityItem } from '../schemas/api';
import type { CorrectionInput, CorrectionResult } from '../schemas/classifier';
import type { StoredEvent } from '../schemas/event';
import type { QueueResponse } from '../schemas/mention';
import type { ActivityCounts, SyncStatus } from '../schemas/status';
import type { NewSuggestion, Suggestion } from '../schemas/suggestion';
import type { NewTrackedThread, TrackedThread } from '../schemas/thread';

export type { ActivityCounts, PageKind, ThreadContext };

export interface MyCounts {
  today: ActivityCounts;
  month: ActivityCounts;
}

/** Everything the sidebar needs from the outside world; tests pass fakes, the extension the background. */
export interface SidebarServices {
  threadActivity(ctx: ThreadContext): Promise<StoredEvent[]>;
  myCounts(): Promise<MyCounts>;
  trackedList(): Promise<TrackedThread[]>;
  track(thread: NewTrackedThread): Promise<TrackedThread>;
  untrack(id: string): Promise<void>;
  /** Calls back whenever stored data changed (anywhere in the extension); returns an unsubscribe. */
  onRevision?(listener: () => void): () => void;
  /** The team's published playbooks `content`; undefined or `{}` means the built-in defaults. */
  playbooks?(): Promise<unknown>;
  /** What teammates did in this thread; null when not connected to a team server. */
  teamActivity?(ctx: ThreadContext): Promise<TeamActivityItem[] | null>;
  /** Who I am on the team server and whether my activity reaches it (the background's sync status). */
  syncStatus?(): Promise<SyncStatus>;
  /** An ambassador's "the team should track this", sent to the manager. */
  suggest?(suggestion: NewSuggestion): Promise<Suggestion>;
  /** A category the person chose over the classifier's suggestion, kept as a labelled example. */
  recordCorrection?(correction: CorrectionInput): Promise<CorrectionResult>;
  /** Managers and leads: the team's open suggestions. */
  suggestions?(): Promise<Suggestion[]>;
  /** Puts text into the page's open reply box; never sends it. */
  insertIntoComposer?(text: string): Promise<ComposerInsertResult>;
  copyText?(text: string): Promise<void>;
  /** Threads assigned to me and the team's overdue ones; null when not connected. */
  queue?(): Promise<QueueResponse | null>;
}

export const backgroundServices: SidebarServices = {
  async threadActivity(ctx) {
    const { events } = await ask('thread-activity', {
      platform: ctx.platform,
      targetId: ctx.targetId,
      ...(ctx.conversationId ? { conversationId: ctx.conversationId } : {}),
    });
    return events;
  },
  myCounts: () => ask('my-counts', {}),
  async trackedList() {
    const { threads } = await ask('tracked-list', {});
    return threads;
  },
  async track(thread) {
    const res = await ask('track-thread', { thread });
    return res.thread;
  },
  async untrack(id) {
    await ask('untrack-thread', { id });
  },
  onRevision(listener) {
    return storage.watch<number>(REVISION_KEY, () => listener());
  },
  async teamActivity(ctx) {
    const { events } = await ask('team-activity', {
      platform: ctx.platform,
      targetId: ctx.targetId,
      ...(ctx.conversationId ? { conversationId: ctx.conversationId } : {}),
    });
    return events;
  },
  playbooks: playbooksFromBackground(),
  syncStatus: () => ask('sync-status', {}),
  queue: async () => (await ask('queue', {})).queue,
  async suggest(suggestion) {
    return (await ask('suggest-thread', { suggestion })).suggestion;
  },
  recordCorrection: reportCorrection,
  async suggestions() {
    return (await ask('suggestions', {})).suggestions;
  },
  copyText: (text) => navigator.clipboard.writeText(text),
};

/**
 * The published content as the background cached it. The same version answers the same object, so the
 * sidebar keeps its compiled classifier rules across refreshes instead of rebuilding them each time.
 */
function playbooksFromBackground(): () => Promise<unknown> {
  let last: { key: string; content: unknown } | undefined;
  return async () => {
    const { document } = await ask('playbooks', {});
    if (!document) return undefined;
    const key = `${document.version}|${document.updatedAt}`;
    if (last?.key !== key) last = { key, content: document.content };
    return last.content;
  };
}
