import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { type Correlator, createCorrelator } from '../capture/correlator';
import type { ConfirmedAction } from '../capture/signals';
import type { PageAdapter, PostInfo, ThreadContext } from '../platforms/types';
import type { ObservedAction } from '../schemas/event';
import type { TrackedThread } from '../schemas/thread';
import { E2E_BUILD } from './build-flavour';
import { reserveSpace } from './dock';
import { createFirstPaint, type FirstPaintOptions } from './first-paint';
import { createActionLogger } from './logger';
import { PostIndex } from './post-index';
import { answerSettledAsks, createSettledProbe, type SettledProbe } from './settled';

/**
 * The content script's first chunk (issue 10): what must run from document_start so that no action is
 * missed, and nothing else. It watches the page (the DOM fallback), merges what the page shows with
 * what the MAIN-world observer relays (the correlator) and logs each confirmed action. The sidebar app
 * (React, Zod, the classifier, the playbooks, the call judge) loads afterwards and attaches to it:
 * an action taken before that, on a day the site's answer is unreadable, is still seen and logged.
 */
export interface ContentCore {
  readonly adapter: PageAdapter;
  /** Posts seen on the page so far (the app badges them once it is up). */
  readonly posts: PostIndex;
  readonly watcher: { rescan(): void; disconnect(): void; rescanWaiting?(waiting: () => boolean): void };
  /** Where the app's call judge passes the network's signals. */
  readonly correlator: Correlator;
  /** The app is up: posts and log entries go through it from now on. */
  attach(app: CoreApp): void;
  /** The app will not come (it failed to load): log what waited with what the page shows. */
  release(): void;
  /** The app's sidebar has rendered: the first paint (lib/content/first-paint.ts) goes. */
  sidebarShown(): void;
  /** What the pipeline still has to do (lib/content/settled.ts); the app adds its own parts. */
  readonly settled: SettledProbe;
}

/** What the app adds to the core: the sidebar's knowledge of threads, and a place to show errors. */
export interface CoreApp {
  onPost(element: Element, info: PostInfo): void;
  /** The thread on screen as the sidebar has it; the core reads the page itself until then. */
  context(): ThreadContext | undefined;
  tracked(ids: string[]): TrackedThread | undefined;
  annotate(
    event: ObservedAction,
  ): Partial<Pick<ObservedAction, 'category' | 'suggestedCategory' | 'playbookId' | 'templateId'>>;
  onError(message: string | undefined): void;
}

/**
 * How long a confirmed action waits for the app (which knows the team's tracked threads, so the entry
 * gets its category) before it is logged with what the page alone shows. The app is normally up within
 * a second of the page; an action is normally confirmed later than that anyway (a like settles 1.5 s).
 */
export const APP_WAIT_MS = 3_000;

export function startContentCore(
  ctx: ContentScriptContext,
  adapter: PageAdapter,
  options: {
    /** Stores one entry (the background's `log-action`); rejects when it could not. */
    send: (action: ObservedAction) => Promise<unknown>;
    appWaitMs?: number;
    doc?: Document;
    /** Paint the sidebar's frame and thread before the app is up. */
    firstPaint?: FirstPaintOptions;
  },
): ContentCore {
  const doc = options.doc ?? document;
  const appWaitMs = options.appWaitMs ?? APP_WAIT_MS;
  const posts = new PostIndex();
  const firstPaint = options.firstPaint ? createFirstPaint(doc, adapter, options.firstPaint) : undefined;
  let app: CoreApp | undefined;
  /** The app will not come: what waited for it was logged without it. */
  let released = false;
  let lastError: string | undefined;
  const here = () => new URL(location.href);

  const logger = createActionLogger({
    platform: adapter.platform,
    send: options.send,
    pageUrl: () => location.href,
    context: () => app?.context() ?? adapter.threadContext(doc, here()),
    inThread: (id) => adapter.inThread(doc, here(), id),
    post: (id) => posts.get(id),
    threadRoot: (id) => adapter.threadRootOf?.(doc, id),
    tracked: (ids) => app?.tracked(ids),
    onError: (message) => {
      lastError = message;
      if (app) app.onError(message);
      else if (message) console.warn(`Reply Tracker: ${message}`);
    },
    annotate: (event) => app?.annotate(event) ?? {},
  });

  // Until the app is up (or has had its time), confirmed actions wait here with the time they happened.
  let waiting: { action: ConfirmedAction; at: Date }[] | undefined = [];
  let waitTimer: ReturnType<typeof setTimeout> | undefined;
  const flushWaiting = () => {
    clearTimeout(waitTimer);
    const list = waiting ?? [];
    waiting = undefined;
    for (const { action, at } of list) void logger.log(action, at);
  };
  const correlator = createCorrelator({
    platform: adapter.platform,
    emit: (action) => {
      if (!waiting) return void logger.log(action);
      waiting.push({ action, at: new Date() });
      waitTimer ??= setTimeout(flushWaiting, appWaitMs);
    },
  });
  // A tab closed or hidden while an action waits: send it now rather than risk losing it.
  ctx.addEventListener(window, 'pagehide', flushWaiting);

  const watcher = adapter.watch(doc, {
    onPost(element, info) {
      posts.add(element, info);
      if (app) {
        app.onPost(element, info);
        return true;
      }
      if (info.focused) firstPaint?.show();
      // Not badged yet: the app badges what is on the page when it attaches, and the watcher reports
      // again what comes back later (YouTube parks its first comments and re-inserts them).
      return false;
    },
    onDomSignal: (signal) => {
      // Posts are read lazily (lib/platforms/lazy-post.ts): read this one now, while it is on the page.
      void posts.get(signal.targetId)?.author;
      correlator.dom(signal);
    },
    onError: (err) => console.debug('Reply Tracker: could not read part of the page:', err),
  });

  const settled = createSettledProbe();
  // Until the app is up, the network's calls wait unread on the port (the app judges them).
  settled.add('app', () => (app || released ? 0 : 1));
  settled.add('watcher', () => watcher.pending?.() ?? 0);
  settled.add('correlator', () => correlator.pending());
  settled.add('waiting-for-app', () => waiting?.length ?? 0);
  settled.add('logger', () => logger.pending());
  if (E2E_BUILD) ctx.onInvalidated(answerSettledAsks(doc, settled));

  ctx.onInvalidated(() => {
    clearTimeout(waitTimer);
    watcher.disconnect();
    correlator.dispose();
    logger.dispose();
  });

  return {
    adapter,
    posts,
    watcher,
    correlator,
    attach(next) {
      app = next;
      if (lastError) next.onError(lastError);
      flushWaiting();
    },
    release() {
      released = true;
      if (!app && firstPaint) {
        // No app to take over: no half sidebar left on the page, and no space kept for it.
        firstPaint.remove();
        reserveSpace(doc, null, false);
      }
      flushWaiting();
    },
    sidebarShown: () => firstPaint?.remove(),
    settled,
  };
}
