import type { Timers } from '../../../lib/platforms/timers';

/**
 * Timers and a clock the test moves by hand: `advance` runs what falls due, in time order (an
 * interval as often as it fits), and nothing ever waits on the real clock.
 */
export function manualClock(start = 0) {
  let t = start;
  let nextId = 1;
  const due = new Map<number, { at: number; fn: () => void; every?: number }>();
  const timers: Timers = {
    setTimeout: (fn, ms) => {
      due.set(nextId, { at: t + Math.max(0, ms), fn });
      return nextId++;
    },
    clearTimeout: (id) => void due.delete(id as number),
    setInterval: (fn, ms) => {
      const every = Math.max(1, ms);
      due.set(nextId, { at: t + every, fn, every });
      return nextId++;
    },
    clearInterval: (id) => void due.delete(id as number),
  };
  return {
    timers,
    now: () => t,
    /** Timers still waiting. */
    pending: () => due.size,
    advance(ms: number) {
      const end = t + ms;
      for (;;) {
        let first: [number, { at: number; fn: () => void; every?: number }] | undefined;
        for (const entry of due)
          if (entry[1].at <= end && (!first || entry[1].at < first[1].at)) first = entry;
        if (!first) break;
        const [id, timer] = first;
        t = timer.at;
        if (timer.every) timer.at += timer.every;
        else due.delete(id);
        timer.fn();
      }
      t = end;
    },
  };
}
