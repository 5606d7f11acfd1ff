import { afterEach, beforeEach, vi } from 'vitest';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import type { DomSignal } from '@/lib/capture/signals';
import type { CoreApp } from '@/lib/content/core';
import type { PageAdapter, PostInfo } from '@/lib/platforms/types';

/**
 * What the content core's tests drive it through (core.test.ts, settled.test.ts): a page adapter whose
 * watcher the test plays (its DOM signals, its posts, how much it still has to decide), a content-script
 * context invalidated after each test, and the fake clock at a fixed morning. Call once per file, at
 * its top level: it registers the hooks.
 */
export interface PlayedPage {
  adapter: PageAdapter;
  ctx: ContentScriptContext;
  /** What the page's watcher reports, once the core has started watching. */
  signal(s: DomSignal): void;
  post(el: Element, info: PostInfo): void;
  /** What the watcher says it still has to decide (a like settling); 0 again before each test. */
  watcherPending: number;
}

export function playedPage(): PlayedPage {
  const invalidated: Array<() => void> = [];
  let handlers: { onDomSignal(s: DomSignal): void; onPost(el: Element, info: PostInfo): void } | undefined;
  const watching = () => {
    if (!handlers) throw new Error('played page: the core has not started watching');
    return handlers;
  };
  const page: PlayedPage = {
    adapter: {
      platform: 'x',
      parseUrl: () => null,
      threadContext: () => undefined,
      watch: (_doc, h) => {
        handlers = h;
        return { rescan: () => {}, disconnect: () => {}, pending: () => page.watcherPending };
      },
      detectTheme: () => 'light',
      mainColumn: () => null,
      inThread: () => false,
    },
    ctx: {
      addEventListener: (target: EventTarget, type: string, fn: EventListener) =>
        target.addEventListener(type, fn),
      onInvalidated: (fn: () => void) => invalidated.push(fn),
    } as unknown as ContentScriptContext,
    signal: (s) => watching().onDomSignal(s),
    post: (el, info) => watching().onPost(el, info),
    watcherPending: 0,
  };
  beforeEach(() => {
    vi.useFakeTimers({ now: new Date('2026-11-26T08:00:00.000Z') });
    page.watcherPending = 0;
  });
  afterEach(() => {
    for (const fn of invalidated.splice(0)) fn();
    handlers = undefined;
    vi.useRealTimers();
  });
  return page;
}

/** An attached app that does nothing of its own; `over` replaces what a test needs. */
export const quietApp = (over: Partial<CoreApp> = {}): CoreApp => ({
  onPost: () => {},
  context: () => undefined,
  tracked: () => undefined,
  annotate: () => ({}),
  onError: () => {},
  ...over,
});
