import type { DomSignal } from '../capture/signals';
import { isElement } from './dom';
import { observeDocument, type WatchedEvent } from './observe-document';
import { type LikeSettler, settleLikes } from './settle-likes';
import { realTimers, type Timers } from './timers';
import type { PostInfo } from './types';

/*
 * The skeleton both sites' watchers share (issue 11): one MutationObserver and capture-phase listeners
 * on the document that only read (they never cancel or stop the page's own events), each post
 * reported once per element, like flips reported once they hold, and a sent reply or comment reported
 * once the page shows it went out. A site passes in what differs: which mutations and events mean what.
 */

export interface PageWatcherHandlers {
  /**
   * Once per (element, post): a reused element showing another post is reported again. Returning false
   * means "not taken in for good yet" (the app is not up): reported again when next met.
   */
  onPost?: (element: HTMLElement, info: PostInfo) => unknown;
  /** What the page showed happen: a like/unlike flip, a reply or comment going out. */
  onDomSignal?: (signal: DomSignal) => void;
  /** A handler threw or the markup surprised us; the watcher keeps going. */
  onError?: (error: unknown) => void;
}

export interface PageWatcherOptions {
  /** How long after "send" a closing / clearing box still counts as the reply going out. */
  sendWindowMs?: number;
  /**
   * Both sites flip a like button before their request returns and back if it fails; a flip is only
   * reported once it has held this long. 0 reports at once.
   */
  likeSettleMs?: number;
  now?: () => number;
  /** The page's timers by default; tests move a clock by hand. */
  timers?: Timers;
}

export interface PageWatcher {
  /** Re-read everything on the page (after client-side navigation); still once per post. */
  rescan(): void;
  disconnect(): void;
  /**
   * Signals the page has already decided but the watcher has not reported yet: likes settling, and a
   * sent reply or comment whose box has closed or emptied before the next poll saw it. A reply still
   * waiting on the site (its box open) is the page's to decide, not pending here. 0: nothing more will
   * come of what the page has shown so far.
   */
  pending(): number;
}

/** A reply or comment the ambassador sent, until the page shows it went out or kept the draft. */
export interface PendingSend {
  /** What to report once it went out. */
  signal: DomSignal;
  /** Typing inside it after "send" means the site kept the draft (it failed) and it is being edited. */
  container: Element;
  /** Whether the page shows it went out (its box closed or emptied). */
  sent(): boolean;
  /** Runs once it went out, before it is reported. */
  onSent?(): void;
}

/** What the skeleton offers a site's part. */
export interface WatcherKit {
  readonly doc: Document;
  /** Runs `fn`; an error goes to onError and the watcher keeps going. */
  safely(fn: () => void): void;
  emit(signal: DomSignal): void;
  /** Reports a post unless this element already showed it (`key`: what "the same" means; the id by default). */
  report(element: Element, info: PostInfo, key?: string): void;
  readonly likes: LikeSettler;
  /** Starts waiting for a sent reply to go out (dropping any earlier one). */
  startSend(pending: PendingSend): void;
  /** The reply waiting to go out, if any. */
  pendingSend(): PendingSend | undefined;
}

/** A site's part of a watcher. */
export interface WatcherSite {
  /** What the one MutationObserver on the document watches. */
  init: MutationObserverInit;
  /** One batch of the page's mutations; the skeleton checks the pending send after it. */
  onMutations(records: MutationRecord[]): void;
  /** Capture-phase, passive listeners; `input` is the skeleton's (typing after send). */
  listeners: Partial<Record<Exclude<WatchedEvent, 'input'>, (event: Event) => void>>;
  /** Reads every post on the page (at start and on rescan). */
  scan(): void;
  /** Drops the site's own state on disconnect. */
  dispose?(): void;
}

/** How often a pending send is checked: clearing an editor can be a change the observer does not see. */
const POLL_MS = 250;

export function createPageWatcher(
  doc: Document,
  handlers: PageWatcherHandlers,
  options: PageWatcherOptions,
  site: (kit: WatcherKit) => WatcherSite,
): PageWatcher {
  const sendWindowMs = options.sendWindowMs ?? 15_000;
  const now = options.now ?? (() => Date.now());
  const timers = options.timers ?? realTimers;
  const seen = new WeakMap<Element, string>();
  let pending: (PendingSend & { deadline: number }) | undefined;
  let poll: unknown;

  const safely = (fn: () => void) => {
    try {
      fn();
    } catch (error) {
      handlers.onError?.(error);
    }
  };
  const emit = (signal: DomSignal) => safely(() => handlers.onDomSignal?.(signal));

  const report = (element: Element, info: PostInfo, key: string = info.id) => {
    if (seen.get(element) === key) return;
    let taken = true;
    safely(() => {
      taken = handlers.onPost?.(element as HTMLElement, info) !== false;
    });
    if (taken) seen.set(element, key);
  };

  const likes = settleLikes(options.likeSettleMs ?? 1_500, emit, timers);

  const stopPoll = () => {
    if (poll !== undefined) timers.clearInterval(poll);
    poll = undefined;
  };
  const drop = () => {
    pending = undefined;
    stopPoll();
  };
  const checkPending = () => {
    const p = pending;
    if (!p) return;
    // Still open when time ran out: the site showed an error and kept the draft. Nothing went out.
    if (now() > p.deadline) return drop();
    if (!p.sent()) return;
    drop();
    p.onSent?.();
    emit(p.signal);
  };
  const startSend = (p: PendingSend) => {
    pending = { ...p, deadline: now() + sendWindowMs };
    stopPoll();
    poll = timers.setInterval(() => safely(checkPending), POLL_MS);
  };
  // Typing into the box after "send" means the site kept the draft (it failed) and the user is editing
  // it: a later clear is theirs. Both sites clear a sent draft without input events.
  const onInput = (event: Event) =>
    safely(() => {
      const target = event.target;
      if (pending && isElement(target) && pending.container.contains(target)) drop();
    });

  const part = site({
    doc,
    safely,
    emit,
    report,
    likes,
    startSend,
    pendingSend: () => pending,
  });

  const stopObserving = observeDocument(doc, {
    init: part.init,
    onMutations: (records) =>
      safely(() => {
        part.onMutations(records);
        checkPending();
      }),
    listeners: { ...part.listeners, input: onInput },
  });
  safely(part.scan);

  return {
    rescan: () =>
      safely(() => {
        part.scan();
        checkPending();
      }),
    disconnect: () => {
      stopObserving();
      drop();
      likes.clear();
      part.dispose?.();
    },
    pending: () => likes.waiting() + (pending?.sent() ? 1 : 0),
  };
}
