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
}

/** A watch page in a document whose window has an IntersectionObserver. */
function page() {
  const doc = new DOMParser().parseFromString(fixtureFile('watch.html'), 'text/html');
  Object.defineProperty(doc, 'defaultView', {
    value: { IntersectionObserver: FakeIntersections },
    configurable: true,
  });
  FakeIntersections.made = [];
  const posts: Array<[Element, PostInfo]> = [];
  const errors: unknown[] = [];
  const watcher = createYoutubeWatcher(
    doc,
    { onPost: (el, info) => posts.push([el, info]), onError: (e) => errors.push(e) },
    { url: () => new URL(FIXTURE.watch.url) },
  );
  return { doc, posts, errors, watcher, io: () => FakeIntersections.made };
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
});
