/**
 * When the content app reads the page again after client-side navigation (issue 10).
 *
 * One navigation tells us several times (pushState's navigatesuccess, then YouTube's
 * yt-navigate-finish and yt-page-data-updated, often in the same task): the page is read once for all
 * of them. A navigation on its own is read at once. A Short is read once the viewer has stayed on it a
 * moment, and so is any page of a burst (navigations to new URLs closer together than the burst
 * window, as when flicking through Shorts): nobody reads a sidebar for a Short they left 16 ms later,
 * and each read costs a React render of the sidebar's thread, its classification and two requests to
 * the background. The page the viewer stops at is always read, once it has stayed that moment.
 *
 * Per navigation event this costs one read of `location.href` (~10 µs from the isolated world, the most
 * expensive part): none for the site's "rendered" news while a read is already on its way.
 */

/** A new URL this soon after the previous one is part of a burst… */
export const NAVIGATION_BURST_MS = 300;
/** …read once the viewer has stayed on it this long; so is a page `readAfterDwell` names. */
export const NAVIGATION_SETTLE_MS = 150;

export interface NavigationReadsOptions {
  /** Reads the page (the watcher's rescan, the sidebar's context). */
  read(): void;
  href(): string;
  /** Pages read only after the viewer has stayed a moment (a Short), from the raw href. */
  readAfterDwell?(href: string): boolean;
  now?: () => number;
  /**
   * Stops (false) and restarts (true) the navigation listeners. Given, a Short or a burst waiting its
   * moment is followed by looking at the URL once a moment rather than by hearing every swipe (issue
   * 10: each navigatesuccess and yt-navigate-finish delivered into the isolated world cost ~20 µs, the
   * largest part of a swipe's cost); the page is read once the URL held for a whole moment.
   */
  listen?(on: boolean): void;
}

export interface NavigationReads {
  /** The URL may have changed (navigatesuccess, popstate, WXT's poll). */
  navigated(): void;
  /** The site says the page has rendered (same URL as its navigation): read it again, once. */
  rendered(): void;
  /** Reads the page now, outside this schedule (the app's first read). */
  readNow(): void;
  /** A read is waiting. */
  pending(): boolean;
  dispose(): void;
}

export function createNavigationReads(options: NavigationReadsOptions): NavigationReads {
  const now = options.now ?? (() => performance.now());
  /** The URL last read, and whether the site rendered a page since. */
  let readHref = '';
  let renderedSince = false;
  /** The URL last navigated to and when: a burst is measured between new URLs, not between reads. */
  let lastHref = '';
  let lastAt = Number.NEGATIVE_INFINITY;
  /** The read may not run before this; each navigation of a burst moves it, the one timer catches up. */
  let settleAt = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  /** Not listening while a moment is waited (options.listen): the URL at the moment's start. */
  let polling = false;
  let polledHref = '';

  const read = (href: string) => {
    readHref = href;
    renderedSince = false;
    options.read();
  };
  const run = () => {
    const wait = settleAt - now();
    if (wait > 0) {
      timer = setTimeout(run, wait);
      return;
    }
    const href = options.href();
    if (polling && href !== polledHref) {
      // Still swiping: the moment starts again at this URL.
      polledHref = href;
      lastHref = href;
      lastAt = now();
      settleAt = lastAt + NAVIGATION_SETTLE_MS;
      timer = setTimeout(run, NAVIGATION_SETTLE_MS);
      return;
    }
    timer = undefined;
    if (polling) {
      polling = false;
      options.listen?.(true);
    }
    // A rendered page is read even at the same URL: its markup is new.
    if (renderedSince || href !== readHref) read(href);
  };
  const schedule = (href: string) => {
    const at = now();
    if (href !== lastHref) {
      if (at - lastAt < NAVIGATION_BURST_MS || options.readAfterDwell?.(href)) {
        settleAt = at + NAVIGATION_SETTLE_MS;
      }
      lastHref = href;
      lastAt = at;
    }
    // One timer per burst, not a clear and a set per navigation event (three per Short swiped).
    timer ??= setTimeout(run, Math.max(0, settleAt - at));
    if (settleAt > at && options.listen && !polling) {
      polling = true;
      polledHref = href;
      // What renders meanwhile goes unheard: the read reads the page as new.
      renderedSince = true;
      options.listen(false);
    }
  };

  return {
    navigated() {
      // A Short or a burst already waiting its moment: this navigation only moves the moment on (the
      // read reads the URL as it is then). No href read per swipe (issue 10: ~11 µs each from the
      // isolated world, the largest part of a swipe's cost once the reads waited).
      if (timer !== undefined && settleAt > now()) {
        lastAt = now();
        settleAt = lastAt + NAVIGATION_SETTLE_MS;
        // Not known: the next navigation after the read counts as a new URL.
        lastHref = '';
        return;
      }
      const href = options.href();
      if (href !== readHref || timer !== undefined) schedule(href);
    },
    rendered() {
      renderedSince = true;
      // A read on its way reads the URL as it is then; the URL's own change came as `navigated`.
      if (timer === undefined) schedule(options.href());
    },
    readNow() {
      lastHref = options.href();
      lastAt = now();
      read(lastHref);
    },
    pending: () => timer !== undefined,
    dispose() {
      clearTimeout(timer);
      timer = undefined;
    },
  };
}
