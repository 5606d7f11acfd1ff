import { createStore, type StateCreator, type StoreApi } from 'zustand/vanilla';
import type { HealthWarning } from '../health/status';
import type { PageKind, ThreadContext } from '../platforms/types';
import { type CategoryId, categoryConfig, type Priority } from '../schemas/categories';
import type { StoredEvent } from '../schemas/event';
import type { NewTrackedThread, TrackedThread } from '../schemas/thread';
import { describeError } from './format';
import { type MemberSlice, memberSlice } from './member';
import { type Classify, type PlaybookSlice, playbookSlice } from './playbook';
import { type QueueSlice, queueSlice } from './queue';
import type { MyCounts, SidebarServices } from './services';

export type Theme = 'light' | 'dim' | 'dark';

export interface UiSlice {
  isOpen: boolean;
  theme: Theme;
  /** A thread picked from a timeline badge; wins over the page's own context until the page changes. */
  selected: ThreadContext | undefined;
  /** The clock every time label is computed against (injected so tests are deterministic). */
  now: () => Date;
  /** Bumped by `focusIn`: the sidebar moves focus into itself each time it changes. */
  focusRequest: number;
  open(): void;
  collapse(): void;
  toggle(): void;
  /** The keyboard shortcut: open if needed and take focus (lib/content/focus.ts brings it back). */
  focusIn(): void;
  setTheme(theme: Theme): void;
  selectThread(ctx: ThreadContext): void;
  clearSelection(): void;
}

export interface ThreadSlice {
  context: ThreadContext | undefined;
  pageKind: PageKind;
  setContext(ctx: ThreadContext | undefined, kind?: PageKind): void;
}

export interface TrackInput {
  category: CategoryId;
  priority?: Priority;
  note?: string;
}

export interface TrackedSlice {
  threads: TrackedThread[];
  /** Which tracking action is in flight, so its button can't be pressed twice. */
  pending: 'track' | 'untrack' | undefined;
  actionError: string | undefined;
  /** Resolves true when the thread is now tracked; failures end up in `actionError`. */
  track(input: TrackInput): Promise<boolean>;
  untrack(id: string): Promise<boolean>;
  dismissActionError(): void;
}

export interface ActivitySlice {
  events: StoredEvent[];
  counts: MyCounts | undefined;
  loading: boolean;
  /** False until the first refresh finished, so "nothing yet" isn't shown before anything loaded. */
  loaded: boolean;
  loadError: string | undefined;
  /** An action seen on the page that could not be stored yet (the logger keeps retrying it). */
  captureError: string | undefined;
  /** What this site changed that the counting depends on (lib/health/status), in the member's words. */
  healthWarnings: HealthWarning[];
  setHealthWarnings(warnings: HealthWarning[]): void;
  setCaptureError(message: string | undefined): void;
  /** Asks for everything the sidebar shows (the revision watch, the retry button). */
  refresh(): Promise<void>;
  /**
   * The sidebar's thread changed: asks only for what depends on it (my activity in it, the team's).
   * Counts, the tracked list, playbooks and who I am stay fresh through the revision watch (`connect`);
   * a part not loaded yet or whose last load failed is asked for again here too.
   */
  refreshThread(): Promise<void>;
  /** Refreshes now and on every stored-data change; returns the disconnect. */
  connect(): () => void;
}

export type SidebarState = UiSlice &
  ThreadSlice &
  TrackedSlice &
  ActivitySlice &
  PlaybookSlice &
  MemberSlice &
  QueueSlice;
export type SidebarStore = StoreApi<SidebarState>;

export interface SidebarStoreOptions {
  now?: () => Date;
  /** Restored UI state (the content script remembers it between pages). */
  initial?: Partial<Pick<UiSlice, 'isOpen' | 'theme'>>;
  /** Suggests a category for an untracked thread (lib/classify); without it the ambassador picks one. */
  classify?: Classify;
}

type Slice<T> = StateCreator<SidebarState, [], [], T>;
interface Deps {
  services: SidebarServices;
  now: () => Date;
}

/** The thread the sidebar is about: a badge's pick, else the page's own. */
export const selectActiveThread = (s: SidebarState): ThreadContext | undefined => s.selected ?? s.context;

// One lookup table per list of threads (the store replaces the list, never edits it): the content
// script asks for every post that scrolls by, and a scan of the list per post grew with the team's list.
const trackedIndexes = new WeakMap<readonly TrackedThread[], Map<string, TrackedThread>>();

function trackedIndex(threads: readonly TrackedThread[]): Map<string, TrackedThread> {
  let index = trackedIndexes.get(threads);
  if (!index) {
    index = new Map();
    for (const t of threads) {
      const key = `${t.platform}:${t.canonicalId}`;
      // The first in the list wins, as a scan would find it.
      if (!index.has(key)) index.set(key, t);
    }
    trackedIndexes.set(threads, index);
  }
  return index;
}

/** The tracked thread for a context: the tweet itself, or the conversation it belongs to. */
export function findTracked(
  threads: readonly TrackedThread[],
  ctx: ThreadContext,
): TrackedThread | undefined {
  const index = trackedIndex(threads);
  return (
    index.get(`${ctx.platform}:${ctx.targetId}`) ??
    (ctx.conversationId ? index.get(`${ctx.platform}:${ctx.conversationId}`) : undefined)
  );
}

export const trackedFor =
  (ctx: ThreadContext | undefined) =>
  (s: SidebarState): TrackedThread | undefined =>
    ctx ? findTracked(s.threads, ctx) : undefined;

export const selectTrackedHere = (s: SidebarState): TrackedThread | undefined =>
  trackedFor(selectActiveThread(s))(s);

/** A YouTube comment picked under its video (the video itself is its own conversation). */
export const isYoutubeComment = (ctx: ThreadContext): ctx is ThreadContext & { conversationId: string } =>
  ctx.platform === 'youtube' && !!ctx.conversationId && ctx.conversationId !== ctx.targetId;

/** What the team's records keep about a post (a tracked thread, a suggestion). */
export function postFields(
  ctx: ThreadContext,
): Pick<NewTrackedThread, 'platform' | 'url' | 'canonicalId' | 'parentId' | 'author' | 'excerpt'> {
  return {
    platform: ctx.platform,
    url: ctx.url,
    canonicalId: ctx.targetId,
    // A YouTube comment tracked on its own stays tied to its video (reports, the server's links).
    ...(isYoutubeComment(ctx) ? { parentId: ctx.conversationId } : {}),
    ...(ctx.author ? { author: ctx.author } : {}),
    ...(ctx.text ? { excerpt: ctx.text.slice(0, 500) } : {}),
  };
}

/** Every field the sidebar shows of the page's thread. */
const sameContext = (a: ThreadContext | undefined, b: ThreadContext | undefined): boolean =>
  a === b ||
  (a !== undefined &&
    b !== undefined &&
    a.platform === b.platform &&
    a.targetId === b.targetId &&
    a.conversationId === b.conversationId &&
    a.url === b.url &&
    a.author === b.author &&
    a.text === b.text);

const sameThread = (a: ThreadContext | undefined, b: ThreadContext | undefined): boolean =>
  a === b ||
  (!!a &&
    !!b &&
    a.platform === b.platform &&
    a.targetId === b.targetId &&
    a.conversationId === b.conversationId);

const uiSlice =
  ({ now }: Deps): Slice<UiSlice> =>
  (set, get) => ({
    isOpen: true,
    theme: 'light',
    selected: undefined,
    now,
    focusRequest: 0,
    open: () => set({ isOpen: true }),
    collapse: () => set({ isOpen: false }),
    toggle: () => set((s) => ({ isOpen: !s.isOpen })),
    focusIn: () => set((s) => ({ isOpen: true, focusRequest: s.focusRequest + 1 })),
    setTheme: (theme) => set({ theme }),
    selectThread(ctx) {
      const changed = !sameThread(selectActiveThread(get()), ctx);
      set({
        selected: ctx,
        isOpen: true,
        ...(changed ? { events: [], team: null, templateStatus: undefined } : {}),
      });
      if (changed) void get().refreshThread();
    },
    clearSelection() {
      const changed = !sameThread(get().selected, get().context);
      set({ selected: undefined, ...(changed ? { events: [], team: null, templateStatus: undefined } : {}) });
      if (changed) void get().refreshThread();
    },
  });

const threadSlice = (): Slice<ThreadSlice> => (set, get) => ({
  context: undefined,
  pageKind: 'other',
  setContext(ctx, kind = ctx ? 'status' : 'other') {
    // The page read again and nothing changed (a re-read after navigation events, a Short swiped back
    // to): no new state, so nothing in the sidebar renders again (issue 10).
    if (get().pageKind === kind && sameContext(get().context, ctx)) return;
    const before = selectActiveThread(get());
    const navigated = !sameThread(get().context, ctx) || get().pageKind !== kind;
    // A new page ends a badge's pick; the observer re-sending the same page (richer text) does not.
    set({ context: ctx, pageKind: kind, ...(navigated ? { selected: undefined } : {}) });
    if (!sameThread(before, selectActiveThread(get()))) {
      set({ events: [], team: null, templateStatus: undefined });
      void get().refreshThread();
    }
  },
});

const trackedSlice =
  ({ services }: Deps): Slice<TrackedSlice> =>
  (set, get) => ({
    threads: [],
    pending: undefined,
    actionError: undefined,
    async track(input) {
      const ctx = selectActiveThread(get());
      if (!ctx || get().pending) return false;
      const thread: NewTrackedThread = {
        ...postFields(ctx),
        category: input.category,
        // The team's published categories decide the default, like they do on the server.
        priority:
          input.priority ?? categoryConfig(input.category, get().playbooks.content.categories).priority,
        ...(input.note?.trim() ? { note: input.note.trim() } : {}),
      };
      set({ pending: 'track', actionError: undefined });
      try {
        const saved = await services.track(thread);
        set((s) => ({ threads: [...s.threads.filter((t) => t.id !== saved.id), saved] }));
        // A category other than the classifier's is a correction the team's model learns from.
        const suggested = get().suggest(ctx.text)?.category;
        if (suggested && suggested !== input.category && ctx.text?.trim()) {
          void services.recordCorrection?.({
            text: ctx.text,
            category: input.category,
            suggestedCategory: suggested,
            source: 'track_form',
          });
        }
        return true;
      } catch (err) {
        set({ actionError: describeError(err, 'track this thread') });
        return false;
      } finally {
        set({ pending: undefined });
      }
    },
    async untrack(id) {
      if (get().pending) return false;
      set({ pending: 'untrack', actionError: undefined });
      try {
        await services.untrack(id);
        set((s) => ({ threads: s.threads.filter((t) => t.id !== id) }));
        return true;
      } catch (err) {
        set({ actionError: describeError(err, 'stop tracking this thread') });
        return false;
      } finally {
        set({ pending: undefined });
      }
    },
    dismissActionError: () => set({ actionError: undefined }),
  });

/** `shown` when `fresh` says the same (plain data from the background), else `fresh`. */
function kept<T>(shown: T, fresh: T): T {
  return shown === fresh || JSON.stringify(shown) === JSON.stringify(fresh) ? shown : fresh;
}

type LoadPart = 'events' | 'counts' | 'threads';
const PART_WORDS: Record<LoadPart, string> = {
  events: 'your activity in this thread',
  counts: 'your counts',
  threads: 'the tracked threads',
};

const activitySlice =
  ({ services }: Deps): Slice<ActivitySlice> =>
  (set, get) => {
    // Only the latest load of each part may write: a slow answer for the previous thread must not land
    // on this one, and an older answer about counts or threads must not replace a newer one.
    let threadSeq = 0;
    let sharedSeq = 0;
    let sharedAsked = false;
    let inFlight = 0;
    /** Why each part failed at its latest load (undefined: it loaded). */
    const errors: Partial<Record<LoadPart, unknown>> = {};
    const failedParts = () => (Object.keys(PART_WORDS) as LoadPart[]).filter((p) => p in errors);

    const load = async (shared: boolean) => {
      const seq = ++threadSeq;
      const sharedAt = shared ? ++sharedSeq : sharedSeq;
      if (shared) sharedAsked = true;
      const ctx = selectActiveThread(get());
      inFlight++;
      set({ loading: true });
      // Secondary: they fail quietly (offline, not connected) and never hold up the rest.
      void get().loadTeamActivity();
      if (shared) {
        void get().loadPlaybooks();
        void get().loadMember();
      }
      const [events, counts, threads] = await Promise.allSettled([
        ctx ? services.threadActivity(ctx) : Promise.resolve([]),
        shared ? services.myCounts() : undefined,
        shared ? services.trackedList() : undefined,
      ]);
      inFlight--;
      const next: Partial<SidebarState> = inFlight === 0 ? { loading: false } : {};
      const forThread = seq === threadSeq;
      const forShared = shared && sharedAt === sharedSeq;
      if (forThread || forShared) next.loaded = true;
      const note = (part: LoadPart, r: PromiseSettledResult<unknown>) => {
        if (r.status === 'rejected') errors[part] = r.reason;
        else delete errors[part];
      };
      // An answer equal to what is shown keeps the shown object (issue 10): a new but equal list
      // re-rendered the sidebar, and a new tracked list re-badged every post on the page, on every
      // Short swiped to.
      const now = get();
      if (forThread) {
        note('events', events);
        if (events.status === 'fulfilled') {
          next.events = kept(
            now.events,
            [...events.value].sort((a, b) => b.occurredAt.localeCompare(a.occurredAt)),
          );
        }
      }
      if (forShared) {
        note('counts', counts);
        note('threads', threads);
        if (counts.status === 'fulfilled' && counts.value) next.counts = kept(now.counts, counts.value);
        if (threads.status === 'fulfilled' && threads.value) next.threads = kept(now.threads, threads.value);
      }
      if (forThread || forShared) {
        const failed = failedParts();
        next.loadError = failed.length
          ? describeError(errors[failed[0]!], `load ${joinWords(failed.map((p) => PART_WORDS[p]))}`)
          : undefined;
      }
      set(next);
    };

    return {
      events: [],
      counts: undefined,
      loading: false,
      loaded: false,
      loadError: undefined,
      captureError: undefined,
      setCaptureError: (captureError) => set({ captureError }),
      healthWarnings: [],
      setHealthWarnings: (healthWarnings) => set({ healthWarnings }),
      refresh: () => load(true),
      // A Short swiped to asked for all six before (issue 10); the rest is watched, not polled.
      refreshThread: () => load(!sharedAsked || 'counts' in errors || 'threads' in errors),
      connect() {
        const unwatch = services.onRevision?.(() => void get().refresh());
        if (!get().loaded && !get().loading) void get().refresh();
        // A failing sync does not change stored data, so the sync dot asks on its own now and then.
        const timer = services.syncStatus
          ? setInterval(() => void get().loadMember(), SYNC_POLL_MS)
          : undefined;
        return () => {
          unwatch?.();
          clearInterval(timer);
        };
      },
    };
  };

const SYNC_POLL_MS = 20_000;

function joinWords(parts: string[]): string {
  if (parts.length <= 1) return parts.join('');
  return `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}`;
}

export function createSidebarStore(services: SidebarServices, opts: SidebarStoreOptions = {}): SidebarStore {
  const deps: Deps = { services, now: opts.now ?? (() => new Date()) };
  return createStore<SidebarState>()((...a) => {
    const [set, get] = a;
    return {
      ...uiSlice(deps)(...a),
      ...threadSlice()(...a),
      ...trackedSlice(deps)(...a),
      ...activitySlice(deps)(...a),
      ...playbookSlice({
        services,
        classify: opts.classify,
        get,
        set,
        // The sidebar's thread first (a badge's pick), then the page's own.
        activeThreads: () => {
          const s = get();
          return [s.selected, s.context].filter((c): c is ThreadContext => c !== undefined);
        },
        trackedFor: (ctx) => findTracked(get().threads, ctx),
      }),
      ...memberSlice({ services, get, set, activeThread: () => selectActiveThread(get()) }),
      ...queueSlice({ services, get, set }),
      ...opts.initial,
    };
  });
}
