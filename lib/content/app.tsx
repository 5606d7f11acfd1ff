import type { ComponentType } from 'react';
import { flushSync } from 'react-dom';
import { createRoot, type Root } from 'react-dom/client';
import { browser } from 'wxt/browser';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { createShadowRootUi } from 'wxt/utils/content-script-ui/shadow-root';
import { storage } from 'wxt/utils/storage';
import { z } from 'zod';
import { createCallJudge } from '../capture/call-judge';
import { listenOnChannel, on } from '../capture/channel';
import { KIND, takenPort } from '../capture/handshake';
import {
  type Answer,
  AnswerSchema,
  HelloSchema,
  type NetworkSignal,
  NetworkSignalSchema,
  RawCallSchema,
  RawOutcomeSchema,
} from '../capture/signals';
import { classify } from '../classify/classifier';
import { chooseModel, teamModelItem } from '../classify/team-model';
import { createHealthMonitor } from '../health/monitor';
import { healthWarnings } from '../health/status';
import { ask } from '../messaging/client';
import { REVISION_KEY } from '../messaging/protocol';
import { createMentionCapture } from '../monitoring/capture';
import type { NetworkReaders, PlatformAdapter, PostInfo } from '../platforms/types';
import { categoryConfig } from '../schemas/categories';
import type { Classify } from '../sidebar/playbook';
import { backgroundServices } from '../sidebar/services';
import { createShortcutGuard, isToggleShortcut } from '../sidebar/shortcut';
import { createSidebarStore, findTracked, type SidebarStore } from '../sidebar/store';
import { createInputTally, type InputJudgements } from '../sidebar/trusted';
import { E2E_BUILD } from './build-flavour';
import type { ContentCore } from './core';
import { reserveSpace } from './dock';
import { createFocusSwitch } from './focus';
import { createNavigationReads } from './navigation-reads';

const SIDEBAR_STATE = storage.defineItem<{ isOpen: boolean }>('local:sidebar', {
  fallback: { isOpen: true },
});

/**
 * The MAIN-world observer's signals, from the private port taken at document_start. Without that port
 * (the observer did not load, or something else took the port first) only the DOM fallback logs.
 */
function listenToObserver(
  readers: NetworkReaders | undefined,
  onSignal: (signal: NetworkSignal) => void,
  onAnswer: (answer: Answer) => void,
): { stop(): void; pending(): number } {
  const port = takenPort();
  if (!port) {
    console.debug('Reply Tracker: no network observer channel; logging from the page only');
    return { stop: () => {}, pending: () => 0 };
  }
  // The forwarder passes raw calls; they are judged here, and every signal is checked against the
  // schema before it is believed (the answers are the page's data).
  const emit = (signal: NetworkSignal) => {
    const checked = NetworkSignalSchema.safeParse(signal);
    if (checked.success) onSignal(checked.data);
    else console.debug('Reply Tracker: ignored a network signal:', checked.error.message.slice(0, 300));
  };
  const judge = readers ? createCallJudge({ ...readers, emit }) : undefined;
  const stop = listenOnChannel(
    port,
    {
      [KIND.call]: on(RawCallSchema, (call) => judge?.call(call)),
      [KIND.outcome]: on(RawOutcomeSchema, (outcome) => judge?.outcome(outcome)),
      [KIND.hello]: on(HelloSchema, () => {}),
      [KIND.answer]: on(AnswerSchema, onAnswer),
    },
    { onInvalid: (reason) => console.debug('Reply Tracker: ignored an observer message:', reason) },
  );
  return { stop, pending: () => judge?.pending() ?? 0 };
}

/** The views the app mounts. The entry point hands them in, so `lib/` never imports `components/`. */
export interface ContentAppViews {
  Sidebar: ComponentType<{ store: SidebarStore; inputs?: InputJudgements }>;
  /** The sidebar's stylesheet, for its shadow root (the loader script injects none). */
  css?: string;
}

/**
 * The content-script app for one platform: follows the page, mounts the sidebar, badges tracked posts
 * and judges the network's signals. It attaches to the core (lib/content/core.ts), which has watched the
 * page and logged confirmed actions since document_start. Entry points call this and nothing else.
 */
export async function startContentApp(
  ctx: ContentScriptContext,
  core: ContentCore,
  adapter: PlatformAdapter,
  views: ContentAppViews,
): Promise<void> {
  const { Sidebar } = views;
  // Extension pages forbid eval too; keep Zod from probing for it.
  z.config({ jitless: true });
  const saved = await SIDEBAR_STATE.getValue();
  // The team's published model when the background has pulled one that loads, else the shipped one.
  let active = chooseModel(await teamModelItem.getValue().catch(() => null));
  let generation = 0;
  const classifyWithModel: Classify = Object.assign(
    (text: string, rules: Parameters<Classify>[1]) => {
      const c = classify(text, rules, active.model);
      return active.note && !c.note ? { ...c, note: active.note } : c;
    },
    { generation: () => generation },
  );
  const composer = adapter.composer?.(document);
  const store = createSidebarStore(
    {
      ...backgroundServices,
      ...(composer ? { insertIntoComposer: (text: string) => composer.insert(text) } : {}),
    },
    {
      initial: { isOpen: saved.isOpen, theme: adapter.detectTheme(document) },
      classify: classifyWithModel,
    },
  );
  const unwatchModel = teamModelItem.watch((value) => {
    active = chooseModel(value);
    generation++;
    // A new playbooks object (same content) makes the open sidebar ask for its suggestion again.
    store.setState((s) => ({ playbooks: { ...s.playbooks } }));
  });
  ctx.onInvalidated(unwatchModel);
  const { posts, watcher, correlator } = core;
  // What the sidebar has done with people's and scripts' clicks: judged (manager-only buttons), still
  // acting on (a track, stop or suggestion on its way to the background). A forged click is proven
  // refused once it is judged and nothing is in flight (lib/content/settled.ts).
  const inputs = createInputTally();
  core.settled.tally('inputs', () => inputs.total);
  core.settled.tally('refused-inputs', () => inputs.refused);
  core.settled.add('sidebar', () => {
    const s = store.getState();
    return (s.pending ? 1 : 0) + (s.suggesting ? 1 : 0);
  });

  const ui = await createShadowRootUi<Root>(ctx, {
    name: 'reply-tracker-sidebar',
    // Closed: a page script (an ad, an XSS, another extension) cannot read team notes, playbooks or
    // teammates' activity through `host.shadowRoot`, nor reach the buttons. Only the e2e build keeps it
    // open, so Playwright's locators can reach the sidebar (lib/content/build-flavour.ts).
    mode: E2E_BUILD ? 'open' : 'closed',
    // Inside a shadow root the page's :root is the host.
    ...(views.css ? { css: views.css.replaceAll(':root', ':host') } : {}),
    position: 'inline',
    anchor: 'body',
    append: 'last',
    // Keys typed in the sidebar must not reach X's own shortcuts (l = like, r = reply…).
    isolateEvents: true,
    onMount(container) {
      const root = createRoot(container);
      // At once, not on React's schedule: it replaces the core's first paint in this same task.
      flushSync(() => root.render(<Sidebar store={store} inputs={inputs} />));
      return root;
    },
    onRemove: (root) => root?.unmount(),
  });

  // --- Page context ------------------------------------------------------------------------------
  let contextTimer: ReturnType<typeof setTimeout> | undefined;
  const updateContext = () => {
    contextTimer = undefined;
    const url = new URL(location.href);
    const page = adapter.parseUrl(url);
    store.getState().setContext(adapter.threadContext(document, url), page?.kind ?? 'other');
    const theme = adapter.detectTheme(document);
    if (store.getState().theme !== theme) store.getState().setTheme(theme);
    dock();
  };
  // Read once per navigation, and for a Short or a burst of navigations once the viewer has stayed a
  // moment (lib/content/navigation-reads.ts): the sidebar renders for the Short the ambassador stops
  // at, not for every one that flies by.
  const reads = createNavigationReads({
    href: () => location.href,
    ...(adapter.readAfterDwell ? { readAfterDwell: adapter.readAfterDwell } : {}),
    listen: (on) => listenToNavigation(on),
    read: () => {
      watcher.rescan();
      updateContext();
      health?.pageLoaded();
    },
  });
  // What a waiting read will rescan anyway (a Short's new video) is not read before it.
  watcher.rescanWaiting?.(() => reads.pending());
  // Many posts arrive per frame while X renders: settle once per batch. A page read already on its way
  // updates the context itself (during a burst of Shorts swipes, once it pauses).
  const scheduleContext = () => {
    if (reads.pending()) return;
    contextTimer ??= setTimeout(updateContext, 50);
  };

  // Overlay on demand (lib/content/dock.ts): on a window too narrow to share, the sidebar folds to its
  // tab by itself; opening it then (tab, shortcut) overlays the page until it is folded again. Our own
  // folding is not the person's choice, so it is not remembered.
  let folded = false;
  let onDemand = false;
  let ours = false;
  /** Layout passes done (the settled probe's `layout`): a test waits for the one after its change. */
  let layoutPasses = 0;
  const byUs = (change: () => void) => {
    ours = true;
    try {
      change();
    } finally {
      ours = false;
    }
  };
  const dock = () => {
    layoutPasses += 1;
    const s = store.getState();
    const fit = reserveSpace(document, adapter.mainColumn(document), s.isOpen || folded);
    ui.shadowHost.style.setProperty('--reply-tracker-width', `${fit.width}px`);
    ui.shadowHost.setAttribute('data-fit', fit.mode);
    if (fit.mode !== 'overlay') {
      onDemand = false;
      if (folded) {
        folded = false;
        byUs(() => s.open());
      }
    } else if (s.isOpen && !onDemand) {
      folded = true;
      byUs(() => s.collapse());
    }
  };

  // --- Badges ------------------------------------------------------------------------------------
  /** Opens a post in the sidebar; a post inside the page's own thread keeps that thread as its parent. */
  const pick = (info: PostInfo) => {
    const page = store.getState().context;
    const parent = page && !info.focused && adapter.inThread(document, new URL(location.href), info.id);
    store.getState().selectThread({
      platform: adapter.platform,
      targetId: info.id,
      ...(parent && page.conversationId ? { conversationId: page.conversationId } : {}),
      url: info.url,
      ...(info.author ? { author: info.author } : {}),
      ...(info.text ? { text: info.text } : {}),
    });
  };
  // Posts we put a badge or picker on: most posts never get one, and need no lookup to take it off.
  const badged = new WeakSet<Element>();
  const badge = (info: PostInfo, el: Element) => {
    const thread = findTracked(store.getState().threads, {
      platform: adapter.platform,
      targetId: info.id,
      url: info.url,
    });
    if (!thread) {
      // A picker takes the badge's place where the platform has them; elsewhere the post goes bare.
      if (adapter.placePicker?.(el, () => pick(info))) badged.add(el);
      else if (badged.delete(el)) adapter.removeBadge(el);
      return;
    }
    const label = categoryConfig(thread.category, store.getState().playbooks.content.categories).label;
    badged.add(el);
    adapter.placeBadge(el, {
      label,
      title: `Tracked by your team: ${label}${thread.note ? ` — ${thread.note}` : ''}. Open in Reply Tracker.`,
      onOpen: () => pick(info),
    });
  };
  const rebadgeAll = () => {
    for (const [info, el] of posts.entries()) badge(info, el);
  };

  // --- Mentions ----------------------------------------------------------------------------------
  const capture = createMentionCapture({
    platform: adapter.platform,
    settings: () => ask('capture-settings', {}),
    send: (mentions) => ask('capture-mentions', { mentions }),
    videoId: () =>
      adapter.platform === 'youtube' ? adapter.parseUrl(new URL(location.href))?.focusedId : undefined,
  });
  // New terms, a pause, a reconnect: ask the background again on the next answer.
  const stopWatchingCapture = storage.watch(REVISION_KEY, () => capture.invalidate());
  /** Answers being read for mentions, and health news on its way to the background. */
  let capturing = 0;
  let reporting = 0;
  let answers = 0;
  const counted = (promise: Promise<unknown>, add: (n: number) => void) => {
    add(1);
    return promise.finally(() => add(-1));
  };
  const onAnswer = (answer: Answer) => {
    answers += 1;
    counted(capture.onAnswer(answer), (n) => {
      capturing += n;
    }).catch((err: unknown) => {
      // The page never sees this: a mention missed here is seen again on the next load.
      console.debug('Reply Tracker: could not capture mentions from an answer:', err);
    });
  };
  // --- Health (issue 14): what the counting depends on, checked on every page ----------------------
  const refreshHealth = async () => {
    try {
      const { records, version } = await ask('health-list', {});
      const mine = healthWarnings(records, version, new Date()).filter(
        (w) => w.platform === adapter.platform,
      );
      store.getState().setHealthWarnings(mine);
    } catch (err) {
      console.debug('Reply Tracker: could not read the health records:', err);
    }
  };
  const health = adapter.health
    ? createHealthMonitor({
        platform: adapter.platform,
        health: adapter.health,
        doc: document,
        page: () => adapter.parseUrl(new URL(location.href))?.kind ?? 'other',
        report: (report) =>
          void counted(
            ask('health-report', { report }).then((res) => (res.changed ? refreshHealth() : undefined)),
            (n) => {
              reporting += n;
            },
          ).catch((err: unknown) => console.debug('Reply Tracker: could not keep a health check:', err)),
      })
    : undefined;
  const stopHealthWatch = backgroundServices.onRevision?.(() => void refreshHealth());
  void refreshHealth();

  const observer = listenToObserver(
    adapter.network,
    (signal) => {
      health?.network(signal);
      correlator.network(signal);
    },
    onAnswer,
  );

  core.settled.add('judge', () => observer.pending());
  core.settled.add('mentions', () => capturing);
  core.settled.tally('answers', () => answers);
  core.settled.add('health', () => (health?.pending() ?? 0) + reporting);

  // --- Logging: the core logs; the sidebar tells it the thread's category and shows its errors -----
  core.attach({
    onPost(element, info) {
      badge(info, element);
      if (info.focused) scheduleContext();
    },
    context: () => store.getState().context,
    tracked: (ids) => {
      const threads = store.getState().threads;
      for (const id of ids) {
        const t = findTracked(threads, { platform: adapter.platform, targetId: id, url: '' });
        if (t) return t;
      }
      return undefined;
    },
    onError: (message) => store.getState().setCaptureError(message),
    annotate: (event) => store.getState().annotate(event),
  });
  // Posts the core saw before the app was up.
  rebadgeAll();

  // --- Navigation --------------------------------------------------------------------------------
  core.settled.tally('layout', () => layoutPasses);
  core.settled.add('page-read', () => (reads.pending() || contextTimer !== undefined ? 1 : 0));
  const onNavigate = () => reads.navigated();
  // popstate and the Navigation API tell us about back/forward and pushState. WXT's watcher only where
  // there is no Navigation API (it polls): where there is one, it listens to every navigation itself,
  // parses a URL and dispatches an event of its own (issue 10: ~0.1 ms per Short swiped).
  ctx.addEventListener(window, 'popstate', onNavigate);
  const nav = (window as { navigation?: EventTarget }).navigation;
  if (!nav) ctx.addEventListener(window, 'wxt:locationchange', onNavigate);
  // The new page has rendered (same URL as the navigation that started it): read it again.
  const onRendered = () => reads.rendered();
  // Off while a Short waits its moment: the reads look at the URL once a moment instead (issue 10).
  let listening = false;
  function listenToNavigation(on: boolean): void {
    if (on === listening || (on && ctx.isInvalid)) return;
    listening = on;
    const method = on ? 'addEventListener' : 'removeEventListener';
    nav?.[method]('navigatesuccess', onNavigate);
    for (const type of adapter.navigationEvents ?? []) document[method](type, onRendered);
  }
  listenToNavigation(true);
  ctx.onInvalidated(() => listenToNavigation(false));
  ctx.addEventListener(window, 'resize', dock);
  // The first read is at once: the sidebar should show the thread as soon as it can, and its first
  // render already shows it (the core's first paint is up until then; lib/content/first-paint.ts).
  reads.readNow();
  ui.mount();
  core.sidebarShown();

  // --- Sidebar state, shortcut -------------------------------------------------------------------
  const shortcut = createShortcutGuard();
  core.settled.add('shortcut', shortcut.waiting);
  const focusSwitch = createFocusSwitch({
    doc: document,
    host: ui.shadowHost,
    shadow: ui.shadow,
    enter: () => store.getState().focusIn(),
  });
  const toggle = () => {
    // The browser command and the page's keydown can both fire for one key press.
    if (shortcut.take()) focusSwitch.toggle();
  };
  ctx.addEventListener(
    document,
    'keydown',
    (e: KeyboardEvent) => {
      if (!isToggleShortcut(e)) return;
      // Option+Shift+R types a character on macOS; it must not land in the reply box.
      e.preventDefault();
      toggle();
    },
    { capture: true },
  );
  const onMessage = (msg: unknown) => {
    if ((msg as { type?: string } | null)?.type === 'toggle-sidebar') toggle();
  };
  browser.runtime.onMessage.addListener(onMessage);

  const unsubscribe = store.subscribe((state, prev) => {
    if (state.isOpen !== prev.isOpen) {
      if (!ours) {
        void SIDEBAR_STATE.setValue({ isOpen: state.isOpen });
        // Opened by the person: where nothing fits, they asked for the overlay (dock() clears this once
        // the window has room again).
        onDemand = state.isOpen;
        folded = false;
      }
      dock();
    }
    if (state.threads !== prev.threads || state.playbooks !== prev.playbooks) rebadgeAll();
  });

  ctx.onInvalidated(() => {
    clearTimeout(contextTimer);
    reads.dispose();
    unsubscribe();
    browser.runtime.onMessage.removeListener(onMessage);
    observer.stop();
    stopWatchingCapture();
    health?.dispose();
    stopHealthWatch?.();
    composer?.dispose();
    reserveSpace(document, null, false);
    ui.remove();
  });
}
