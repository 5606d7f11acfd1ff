import { storage } from 'wxt/utils/storage';
import { ask } from '../messaging/client';
import { type ActivityCounts, REVISION_KEY } from '../messaging/protocol';
import type { PageKind, ThreadContext } from '../platforms/types';
import type { StoredEvent } from '../schemas/event';
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
};
