import { realTimers, type Timers } from './timers';

export interface LikeSettler {
  /** A like button flipped for `targetId`; reported once it has held `settleMs` (0: at once). */
  flip(targetId: string, op: 'like' | 'unlike'): void;
  /** Drops the flips still waiting to settle, unreported. */
  clear(): void;
  /** Flips still waiting to settle (each is reported, or dropped by a flip back, when its time is up). */
  waiting(): number;
}

/**
 * Both sites flip a like button before the request returns and flip it back if it fails: only a flip
 * that holds counts.
 */
export function settleLikes(
  settleMs: number,
  report: (signal: { op: 'like' | 'unlike'; targetId: string }) => void,
  clock: Pick<Timers, 'setTimeout' | 'clearTimeout'> = realTimers,
): LikeSettler {
  const timers = new Map<string, unknown>();
  return {
    flip(targetId, op) {
      const unsettled = timers.get(targetId);
      if (unsettled !== undefined) {
        // Flipped back before it settled: the site reverted a failed request (or the user undid at once).
        clock.clearTimeout(unsettled);
        timers.delete(targetId);
        return;
      }
      if (settleMs <= 0) return report({ op, targetId });
      timers.set(
        targetId,
        clock.setTimeout(() => {
          timers.delete(targetId);
          report({ op, targetId });
        }, settleMs),
      );
    },
    clear() {
      for (const timer of timers.values()) clock.clearTimeout(timer);
      timers.clear();
    },
    waiting: () => timers.size,
  };
}
