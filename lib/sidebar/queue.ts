import type { QueueItem, QueueResponse } from '../schemas/mention';
import { describeError } from './format';

/** An ambassador's work list (`GET /queue`): threads assigned to them, and the team's overdue ones. */
export interface QueueSlice {
  /** Undefined until asked; null when not connected to a team server. */
  queue: QueueItem[] | null | undefined;
  queueError: string | undefined;
  loadQueue(): Promise<void>;
  /** Loads now and every `everyMs` while the sidebar is mounted; returns how to stop. */
  watchQueue(everyMs?: number): () => void;
}

export const QUEUE_POLL_MS = 60_000;

export function queueSlice(deps: {
  services: { queue?(): Promise<QueueResponse | null> };
  set: (partial: Partial<QueueSlice>) => void;
  get: () => QueueSlice;
}): QueueSlice {
  const { set, get } = deps;
  return {
    queue: undefined,
    queueError: undefined,
    async loadQueue() {
      if (!deps.services.queue) return;
      try {
        const res = await deps.services.queue();
        set({ queue: res ? res.items : null, queueError: undefined });
      } catch (err) {
        // The last list stays shown; the error says it may be old.
        set({ queueError: describeError(err, 'read your queue') });
      }
    },
    watchQueue(everyMs = QUEUE_POLL_MS) {
      if (!deps.services.queue) return () => {};
      void get().loadQueue();
      const timer = setInterval(() => void get().loadQueue(), everyMs);
      return () => clearInterval(timer);
    },
  };
}
