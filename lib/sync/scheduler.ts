import type { RunOptions, RunReport } from './types';

export interface SchedulerDeps {
  run: (opts?: RunOptions) => Promise<RunReport>;
  /** How long to wait after a new event before sending, so a burst of likes goes in one batch. */
  debounceMs?: number;
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
  onError?: (err: unknown) => void;
}

/** "Soon" for new events: a short debounce. If the worker dies first, the minute alarm catches up. */
export function createSyncScheduler({
  run,
  debounceMs = 2_000,
  setTimer = (fn, ms) => setTimeout(fn, ms),
  clearTimer = (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
  onError = (err) => console.warn('Reply Tracker: sync failed', err),
}: SchedulerDeps) {
  let timer: unknown;
  const now = (opts?: RunOptions) =>
    run(opts).catch((err: unknown) => {
      onError(err);
      return { ran: false, sent: 0 } satisfies RunReport;
    });
  return {
    now,
    soon() {
      if (timer !== undefined) clearTimer(timer);
      timer = setTimer(() => {
        timer = undefined;
        void now();
      }, debounceMs);
    },
  };
}
export type SyncScheduler = ReturnType<typeof createSyncScheduler>;
