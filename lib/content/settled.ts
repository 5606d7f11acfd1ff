/**
 * What the capture pipeline still has to do on this page, part by part: the watcher's likes settling,
 * the network calls waiting for their outcome, DOM signals waiting for the network, actions waiting for
 * the app or for the background to store them, the health checks still to run; and the sidebar's own
 * (lib/content/app.tsx): a track, stop or suggestion in flight, a shortcut press still taken as the
 * last one's echo. When every part is 0 the page is settled: nothing more will be logged of what the
 * page has shown and answered so far, and nothing more will change of what it was asked to do.
 * Tallies say what has been handled at all: answers read, clicks the manager-only buttons judged
 * (`inputs`, `refused-inputs`), layout passes (`layout`), so a test knows its input was seen.
 *
 * The end-to-end tests await this instead of sleeping past every fallback window. Only the e2e build
 * answers them (`answerSettledAsks`, lib/content/build-flavour.ts); the counts themselves are cheap
 * reads of state the parts keep anyway.
 */
export interface SettledProbe {
  /** One part of the pipeline and how much it has pending (called on every ask). */
  add(part: string, pending: () => number): void;
  /** A running total a test may wait for first (say, answers read), so it knows the work has begun. */
  tally(name: string, total: () => number): void;
  /** Every part's pending count, and every tally, by name. */
  state(): SettledState;
}

export interface SettledState {
  pending: Record<string, number>;
  seen: Record<string, number>;
}

export function createSettledProbe(): SettledProbe {
  const parts = new Map<string, () => number>();
  const tallies = new Map<string, () => number>();
  const read = (from: Map<string, () => number>) => {
    const out: Record<string, number> = {};
    for (const [name, count] of from) {
      try {
        out[name] = count();
      } catch {
        out[name] = -1; // a broken count never reads as settled
      }
    }
    return out;
  };
  return {
    add: (part, pending) => void parts.set(part, pending),
    tally: (name, total) => void tallies.set(name, total),
    state: () => ({ pending: read(parts), seen: read(tallies) }),
  };
}

/** The test asks with this event on the document (from the page's world: DOM events cross worlds)… */
export const SETTLED_ASK = 'reply-tracker-e2e:settled?';
/** …and the content script answers at once, in the same dispatch, with the state as JSON in `detail`. */
export const SETTLED_ANSWER = 'reply-tracker-e2e:settled';

/** Answers the e2e tests' asks on `doc` (the e2e build only); returns the function that stops it. */
export function answerSettledAsks(doc: Document, probe: SettledProbe): () => void {
  const View = doc.defaultView;
  const listener = () => {
    const Custom = View?.CustomEvent ?? CustomEvent;
    doc.dispatchEvent(new Custom(SETTLED_ANSWER, { detail: JSON.stringify(probe.state()) }));
  };
  doc.addEventListener(SETTLED_ASK, listener);
  return () => doc.removeEventListener(SETTLED_ASK, listener);
}
