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

describe('comments are read once they come near the screen (issue 10)', () => {
  it('reports the video at once, and each comment when it comes near, once, with its id and link', async () => {
    const { doc, posts, errors, watcher, io } = page();
    const comments = findComments(doc);
    expect(comments.length).toBe(FIXTURE.watch.commentCount);
    // The video is the page's own post: at once. No comment has been read yet.
    expect(posts.map(([, p]) => p.id)).toEqual([FIXTURE.watch.videoId]);
    // One observer for the document, watching every comment.
    expect(io()).toHaveLength(1);
    expect(io()[0]?.watched.size).toBe(comments.length);

    const [a, b] = comments as unknown as [Element, Element];
    io()[0]?.scrollInto(a, b);
    await flush();
    expect(posts.slice(1).map(([el, p]) => [el, p.id, p.url])).toEqual(
      [a, b].map((el) => [
        el,
        commentId(el),
        `https://www.youtube.com/watch?v=${FIXTURE.watch.videoId}&lc=${commentId(el)}`,
      ]),
    );
    // Near once is enough: no longer watched, and a rescan does not report them again.
    expect(io()[0]?.watched.has(a)).toBe(false);
    watcher.rescan();
    io()[0]?.scrollInto(...comments);
    await flush();
    expect(posts.filter(([, p]) => p.id === commentId(a))).toHaveLength(1);
    expect(posts.filter(([, p]) => !p.focused)).toHaveLength(comments.length);
    watcher.disconnect();
    expect(errors).toEqual([]);
  });

  it('a comment rendered later waits too; nothing is read after disconnect', async () => {
    const { doc, posts, watcher, io } = page();
    const thread = doc.querySelector('ytd-comment-thread-renderer') as Element;
    const copy = thread.cloneNode(true) as Element;
    for (const a of Array.from(copy.querySelectorAll('a[href*="lc="]'))) {
      a.setAttribute('href', (a.getAttribute('href') ?? '').replace('lc=Ug', 'lc=UgLATER'));
    }
    thread.parentElement?.append(copy);
    await flush();
    const late = findComments(copy);
    expect(late.every((c) => io()[0]?.watched.has(c))).toBe(true);
    expect(posts.some(([el]) => late.includes(el as HTMLElement))).toBe(false);
    watcher.disconnect();
    io()[0]?.scrollInto(...late);
    await flush();
    expect(posts.some(([el]) => late.includes(el as HTMLElement))).toBe(false);
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

  it('sets aside a comment far below the screen, so the browser stops computing it each frame, and reads it once a scroll brings it near', async () => {
    const { doc, view, posts, watcher, io } = page();
    const comments = findComments(doc);
    const [near, far, farther] = comments as unknown as [Element, Element, Element];
    // Just beyond the margin: still observed (a small scroll brings it in). Far beyond: set aside.
    io()[0]?.outside(1.5, near);
    io()[0]?.outside(5, far, farther);
    expect(io()[0]?.watched.has(near)).toBe(true);
    expect(io()[0]?.watched.has(far)).toBe(false);
    expect(io()[0]?.watched.has(farther)).toBe(false);
    // A scroll of less than half a screen, right after the last look: still set aside.
    view.scrollY = 100;
    doc.dispatchEvent(new Event('scroll'));
    view.frame();
    expect(io()[0]?.watched.has(far)).toBe(false);
    // A scroll of a screen: looked at again (observed), and read once the browser says it is near.
    view.scrollY = 900;
    doc.dispatchEvent(new Event('scroll'));
    doc.dispatchEvent(new Event('scroll'));
    view.frame();
    expect(io()[0]?.watched.has(far)).toBe(true);
    expect(io()[0]?.watched.has(farther)).toBe(true);
    io()[0]?.scrollInto(far);
    await flush();
    expect(posts.filter(([el]) => el === far)).toHaveLength(1);
    expect(posts.some(([el]) => el === farther)).toBe(false);
    // The end of a scroll looks again, however little the page moved since the last look.
    io()[0]?.outside(5, farther);
    expect(io()[0]?.watched.has(farther)).toBe(false);
    view.scrollY = 1000;
    doc.dispatchEvent(new Event('scrollend'));
    view.frame();
    expect(io()[0]?.watched.has(farther)).toBe(true);
    watcher.disconnect();
  });

  it('a far comment that leaves the page is forgotten on the next look, and observed again when put back', async () => {
    const { doc, view, watcher, io } = page();
    const thread = doc.querySelectorAll('ytd-comment-thread-renderer')[1] as Element;
    const [comment] = findComments(thread) as unknown as [Element];
    io()[0]?.outside(5, comment);
    const parent = thread.parentElement as Element;
    thread.remove();
    await flush();
    view.scrollY = 2000;
    doc.dispatchEvent(new Event('scroll'));
    view.frame();
    expect(io()[0]?.watched.has(comment)).toBe(false);
    parent.append(thread);
    await flush();
    expect(io()[0]?.watched.has(comment)).toBe(true);
    watcher.disconnect();
  });
});
