import type { PageKind, Platform } from '../schemas/common';
import type { BadgeOptions } from './page-badge';

export type { PageKind };

export interface PageInfo {
  platform: Platform;
  kind: PageKind;
  /** On a status/watch page: the id of the post the page is about. */
  focusedId?: string;
  /** X status page: the handle in the URL. */
  handle?: string;
}

/** One post visible on the page (a tweet, a comment), in platform-neutral terms. */
export interface PostInfo {
  platform: Platform;
  id: string;
  author?: string;
  text: string;
  url: string;
  /** True for the focused tweet on a status page. */
  focused: boolean;
}

/** The thread the sidebar is about: the focused post and the conversation it belongs to. */
export interface ThreadContext {
  platform: Platform;
  /** The post the ambassador is looking at (the focused tweet, the video). */
  targetId: string;
  /** The conversation root (X) or video (YouTube); equals targetId when the target is the root. */
  conversationId?: string;
  url: string;
  author?: string;
  text?: string;
}

/** What putting text into the platform's reply box came to. Nothing is ever sent automatically. */
export type ComposerInsertResult =
  | {
      ok: true;
      composer: 'dialog' | 'inline';
      /** The post the composer replies to, when the page tells. */
      targetId?: string;
      /** What to do next in the page's own words, when "the reply box … press Reply" is wrong. */
      next?: string;
      /** A `{placeholder}` left in the text, selected in the box for the ambassador to type over. */
      selected?: string;
    }
  | { ok: false; reason: 'no-composer' | 'refused'; message: string };

/** The platform's reply box, as the sidebar's "Insert" uses it. */
export interface Composer {
  insert(text: string): Promise<ComposerInsertResult>;
  dispose(): void;
}

/** What the content app needs from a site. One implementation per platform folder. */
export interface PlatformAdapter {
  platform: Platform;
  /** Null when the URL is not this platform's. */
  parseUrl(url: URL): PageInfo | null;
  /** The thread the page is about, once its markup is there; undefined elsewhere or while loading. */
  threadContext(doc: Document, url: URL): ThreadContext | undefined;
  /** Starts the one observer for this page; reports each post once and every DOM action signal. */
  watch(
    doc: Document,
    handlers: {
      /**
       * False: not taken in for good yet (the content app is not up to badge it), so the watcher reports
       * it again the next time it meets it (re-inserted, re-rendered, rescanned).
       */
      onPost(element: Element, post: PostInfo): unknown;
      onDomSignal(signal: import('../capture/signals').DomSignal): void;
      onError(error: unknown): void;
    },
  ): {
    rescan(): void;
    disconnect(): void;
    pending?(): number;
    /**
     * While `waiting()` says a rescan is on its way (a Short waiting its moment), what only the page's
     * new video changed is left to that rescan rather than read for each of the page's changes.
     */
    rescanWaiting?(waiting: () => boolean): void;
  };
  /** False when the post has nowhere to anchor a badge (its markup changed). */
  placeBadge(element: Element, badge: BadgeOptions): boolean;
  removeBadge(element: Element): void;
  /**
   * Platforms where part of a page can be tracked on its own (a YouTube comment under a video) offer a
   * quiet button on it that opens it in the sidebar. False when this post cannot be picked.
   */
  placePicker?(element: Element, onOpen: () => void): boolean;
  detectTheme(doc: Document): 'light' | 'dim' | 'dark';
  /** The element the sidebar must not cover (X's tweet column), if any. */
  mainColumn(doc: Document): Element | null;
  /** Whether a post shown on this page is part of the thread the page is about (a reply under it). */
  inThread(doc: Document, url: URL, postId: string): boolean;
  /**
   * Optional: the post heading the sub-thread `postId` is in, when that is not `postId` itself (YouTube:
   * a reply's top-level comment, which the team may track on its own). Undefined when unknown.
   */
  threadRootOf?(doc: Document, postId: string): string | undefined;
  /** A link to a post of mine, for the sidebar's activity list. */
  postUrl(id: string): string;
  /** Optional: platforms whose reply box the sidebar's "Insert" can fill. Started once per page. */
  composer?(doc: Document): Composer;
  /**
   * Events (on document) the site fires once a client-side navigation has rendered the new page, e.g.
   * YouTube's `yt-navigate-finish`; the URL may have changed earlier, while the old page still showed.
   */
  navigationEvents?: readonly string[];
  /**
   * Optional: pages read only once the viewer has stayed on them a moment (YouTube's Shorts, swiped
   * through one after another; lib/content/navigation-reads.ts). Given the raw `location.href`, once
   * per new URL: cheap, no `new URL`.
   */
  readAfterDwell?(href: string): boolean;
  /** What counting on this site depends on, checked on every page (lib/health). */
  health?: import('../health/checks').PlatformHealth;
  /** The site's own calls: which matter, and how to read them (see NetworkPart). */
  network?: NetworkPart;
}

/**
 * The part of an adapter that reads and watches the page, and nothing else: what the content script's
 * first chunk carries from document_start (lib/content/core.ts, issue 10). The rest (badges, composer,
 * network readers, health checks) loads with the app.
 */
export type PageAdapter = Pick<
  PlatformAdapter,
  | 'platform'
  | 'parseUrl'
  | 'threadContext'
  | 'watch'
  | 'detectTheme'
  | 'mainColumn'
  | 'inThread'
  | 'threadRootOf'
  | 'navigationEvents'
  | 'readAfterDwell'
>;

/**
 * A site's network part, in two halves that run in two worlds (issue 10). `calls`, which of the site's
 * calls matter, decided from method and URL: all the one MAIN-world content script runs
 * (entrypoints/network.content.ts, through lib/platforms/site-calls.ts). The readers, in the isolated
 * content script's call judge (lib/capture/call-judge.ts): which forwarded calls are our actions,
 * whether the site accepted them, and which look like ours but are unreadable.
 */
export interface NetworkPart extends NetworkReaders {
  calls: import('../capture/main-world').SiteCalls;
}

/** A platform's readers of its own API calls, for the call judge. */
export interface NetworkReaders {
  match(method: string, url: string, body: string | null): import('../capture/signals').NetworkMatch | null;
  interpret(
    match: import('../capture/signals').NetworkMatch,
    status: number,
    body: string | null,
  ): import('../capture/signals').NetworkVerdict;
  drift(method: string, url: string, body: string | null): import('../capture/signals').DriftSignal | null;
}

/**
 * One public post the site itself sent to the member's browser (a tweet in a timeline answer, a
 * YouTube comment or video), reduced to the fields a mention keeps. Nothing else from those answers is
 * read into it.
 */
export interface SeenPost {
  platform: Platform;
  postId: string;
  /** X: the conversation root; YouTube: the video (equal to postId for a video itself). */
  conversationId?: string;
  url: string;
  /** X screen name or YouTube handle / display name, without a leading "@". */
  authorHandle?: string;
  /** X user id or YouTube channel id: how channel terms match. */
  authorId?: string;
  authorFollowers?: number;
  text: string;
  /**
   * X: the handles (without "@") the post replies to or names outside its visible text
   * (`in_reply_to_screen_name`, `entities.user_mentions`): a reply to the product's account is a mention
   * of it even when its text never says the name.
   */
  replyTo?: string[];
  /** BCP 47-ish language the platform detected, when it says. */
  lang?: string;
  /** The post's own time (ISO). YouTube only says "3 days ago": then it is that, against the capture time. */
  postedAt?: string;
  replies?: number;
  likes?: number;
  reposts?: number;
  views?: number;
}

/** What a parser made of one answer: the posts it found and the parts it could not read. */
export interface ParsedAnswer {
  posts: SeenPost[];
  /** Entries of an unknown or malformed shape (or a whole answer that was not JSON): counted, not thrown. */
  skipped: number;
}
