import { describe, expect, it } from 'vitest';
import type { PostInfo } from '../../../../lib/platforms/types';
import { placePicker } from '../../../../lib/platforms/youtube/badge';
import { commentId, findComments } from '../../../../lib/platforms/youtube/page';
import { createYoutubeWatcher } from '../../../../lib/platforms/youtube/watcher';
import { FIXTURE, fixtureFile } from '../../../fixtures/youtube/routes';
import { nextTurn } from '../../event-loop';

/** Lets the MutationObserver and the microtasks after an observer callback run: one turn, no clock. */
const flush = nextTurn;

/** Stands in for the browser's IntersectionObserver (jsdom has none): the test says what is on screen. */
class FakeIntersections {
  static made: FakeIntersections[] = [];
  readonly watched = new Set<Element>();
  constructor(private readonly callback: IntersectionObserverCallback) {
    FakeIntersections.made.push(this);
  }
  observe(el: Element) {
    this.watched.add(el);
  }
  unobserve(el: Element) {
    this.watched.delete(el);
  }
  disconnect() {
    this.watched.clear();
  }
  scrollInto(...els: Element[]) {
    const entries = els.map(
      (target) => ({ target, isIntersecting: true }) as unknown as IntersectionObserverEntry,
    );
    this.callback(entries, this as unknown as IntersectionObserver);
  }
  /** What the browser reports of targets outside the margin: where they are, `screens` below the screen. */
  outside(screens: number, ...els: Element[]) {
    const height = 900;
    // The root is the viewport grown by a screen above and below (rootMargin '100% 0px').
    const rootBounds = { top: -height, bottom: 2 * height, height: 3 * height, width: 1400 };
    const entries = els.map((target) => {
      const top = height + screens * height;
      return {
        target,
        isIntersecting: false,
        rootBounds,
        boundingClientRect: { top, bottom: top + 100, width: 800, height: 100 },
      } as unknown as IntersectionObserverEntry;
    });
    this.callback(entries, this as unknown as IntersectionObserver);
  }
}

/** A watch page in a document whose window has an IntersectionObserver. */
function page() {
  const doc = new DOMParser().parseFromString(fixtureFile('watch.html'), 'text/html');
  const frames: FrameRequestCallback[] = [];
  const view = {
    IntersectionObserver: FakeIntersections,
    scrollY: 0,
    innerHeight: 900,
    requestAnimationFrame: (cb: FrameRequestCallback) => frames.push(cb),
    /** Runs the frame the page asked for (the test's clock for frames). */
    frame: () => {
      for (const cb of frames.splice(0)) cb(0);
    },
  };
  Object.defineProperty(doc, 'defaultView', { value: view, configurable: true });
  FakeIntersections.made = [];
  const posts: Array<[Element, PostInfo]> = [];
  const errors: unknown[] = [];
  const watcher = createYoutubeWatcher(
    doc,
    { onPost: (el, info) => posts.push([el, info]), onError: (e) => errors.push(e) },
    { url: () => new URL(FIXTURE.watch.url) },
  );
  return { doc, view, posts, errors, watcher, io: () => FakeIntersections.made };
}

/** A copy of the page's first comment thread with fresh comment ids, appended to the list. */
function appendThread(doc: Document, tag: string): Element {
  const thread = doc.querySelector('ytd-comment-thread-renderer') as Element;
  const copy = thread.cloneNode(true) as Element;
  for (const a of Array.from(copy.querySelectorAll('a[href*="lc="]'))) {
    a.setAttribute('href', (a.getAttribute('href') ?? '').replace('lc=Ug', `lc=Ug${tag}`));
  }
  thread.parentElement?.append(copy);
  return copy;
}

describe('comments are read once they come near the screen (issue 10)', () => {
  it('comments rendered together wait together: the browser watches the first and the last, and when either comes near all are read, once, with id and link', async () => {
    const { doc, posts, errors, watcher, io } = page();
    const comments = findComments(doc);
    expect(comments.length).toBe(FIXTURE.watch.commentCount);
    // The video is the page's own post: at once. No comment has been read yet.
    expect(posts.map(([, p]) => p.id)).toEqual([FIXTURE.watch.videoId]);
    // One observer for the document, watching the group's two ends, not every comment.
    const first = comments[0] as Element;
    const last = comments.at(-1) as Element;
    expect(io()).toHaveLength(1);
    expect([...(io()[0]?.watched ?? [])]).toEqual([first, last]);

    io()[0]?.scrollInto(first);
    await flush();
    expect(posts.slice(1).map(([el, p]) => [el, p.id, p.url])).toEqual(
      comments.map((el) => [
        el,
        commentId(el),
        `https://www.youtube.com/watch?v=${FIXTURE.watch.videoId}&lc=${commentId(el)}`,
      ]),
    );
    // Near once is enough: the ends are no longer watched, and a rescan does not report them again.
    expect(io()[0]?.watched.has(first)).toBe(false);
    expect(io()[0]?.watched.has(last)).toBe(false);
    io()[0]?.scrollInto(last);
    watcher.rescan();
    io()[0]?.scrollInto(...comments);
    await flush();
    expect(posts.filter(([, p]) => p.id === commentId(first))).toHaveLength(1);
    expect(posts.filter(([, p]) => !p.focused)).toHaveLength(comments.length);
    watcher.disconnect();
    expect(errors).toEqual([]);
  });

  it('comments rendered later are a group of their own; nothing is read after disconnect', async () => {
    const { doc, posts, watcher, io } = page();
    const late = findComments(appendThread(doc, 'LATER'));
    await flush();
    expect(late.length).toBeGreaterThan(1);
    expect(io()[0]?.watched.has(late[0] as Element)).toBe(true);
    expect(io()[0]?.watched.has(late.at(-1) as Element)).toBe(true);
    expect(posts.some(([el]) => late.includes(el as HTMLElement))).toBe(false);
    // The page's own group coming near reads nothing of the later one.
    io()[0]?.scrollInto(findComments(doc)[0] as Element);
    await flush();
    expect(posts.some(([el]) => late.includes(el as HTMLElement))).toBe(false);
    watcher.disconnect();
    io()[0]?.scrollInto(...late);
    await flush();
    expect(posts.some(([el]) => late.includes(el as HTMLElement))).toBe(false);
  });

  it('a group whose first comment leaves the page before it comes near is formed again from the rest', async () => {
    const { doc, posts, watcher, io } = page();
    const threads = Array.from(doc.querySelectorAll('ytd-comment-thread-renderer'));
    const gone = findComments(threads[0] as Element);
    const rest = threads.slice(1).flatMap((t) => findComments(t));
    threads[0]?.remove();
    await flush();
    // Watched now: the first and the last comment still on the page.
    expect([...(io()[0]?.watched ?? [])]).toEqual([rest[0], rest.at(-1)]);
    io()[0]?.scrollInto(rest[0] as Element);
    await flush();
    expect(posts.slice(1).map(([el]) => el)).toEqual(rest);
    expect(posts.some(([el]) => gone.includes(el as HTMLElement))).toBe(false);
    watcher.disconnect();
  });

  it("the pickers wait on the same observer as the watcher's comments: one per document", async () => {
    const { doc, watcher, io } = page();
    const top = findComments(doc)[0] as Element;
    expect(placePicker(top, () => {})).toBe(true);
    expect(io()).toHaveLength(1);
    io()[0]?.scrollInto(top);
    await flush();
    expect(top.querySelectorAll('.reply-tracker-pick')).toHaveLength(1);
    watcher.disconnect();
  });

  it('sets aside a group far below the screen, so the browser stops computing it each frame, and reads it once a scroll brings it near', async () => {
    const { doc, view, posts, watcher, io } = page();
    const comments = findComments(doc);
    const first = comments[0] as Element;
    const last = comments.at(-1) as Element;
    // Just beyond the margin: still observed (a small scroll brings it in). Far beyond: set aside.
    io()[0]?.outside(1.5, first);
    io()[0]?.outside(5, last);
    expect(io()[0]?.watched.has(first)).toBe(true);
    expect(io()[0]?.watched.has(last)).toBe(false);
    // A scroll of less than half a screen, right after the last look: still set aside.
    view.scrollY = 100;
    doc.dispatchEvent(new Event('scroll'));
    view.frame();
    expect(io()[0]?.watched.has(last)).toBe(false);
    // A scroll of a screen: looked at again (observed), and the group read once the browser says it is near.
    view.scrollY = 900;
    doc.dispatchEvent(new Event('scroll'));
    doc.dispatchEvent(new Event('scroll'));
    view.frame();
    expect(io()[0]?.watched.has(last)).toBe(true);
    io()[0]?.scrollInto(last);
    await flush();
    expect(posts.slice(1).map(([el]) => el)).toEqual(comments);
    // The end of a scroll looks again, however little the page moved since the last look.
    const late = findComments(appendThread(doc, 'LATER'));
    await flush();
    const lateEnd = late.at(-1) as Element;
    io()[0]?.outside(5, lateEnd);
    expect(io()[0]?.watched.has(lateEnd)).toBe(false);
    view.scrollY = 1000;
    doc.dispatchEvent(new Event('scrollend'));
    view.frame();
    expect(io()[0]?.watched.has(lateEnd)).toBe(true);
    expect(posts.some(([el]) => late.includes(el as HTMLElement))).toBe(false);
    watcher.disconnect();
  });

  it('a far group that leaves the page is forgotten on the next look, and observed again when put back', async () => {
    const { doc, view, watcher, io } = page();
    const thread = appendThread(doc, 'LATER');
    await flush();
    const [end] = findComments(thread) as unknown as [Element];
    io()[0]?.outside(5, end);
    const parent = thread.parentElement as Element;
    thread.remove();
    await flush();
    view.scrollY = 2000;
    doc.dispatchEvent(new Event('scroll'));
    view.frame();
    expect(io()[0]?.watched.has(end)).toBe(false);
    parent.append(thread);
    await flush();
    expect(io()[0]?.watched.has(end)).toBe(true);
    watcher.disconnect();
  });
});
