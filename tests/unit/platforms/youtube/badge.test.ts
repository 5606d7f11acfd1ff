import { describe, expect, it, vi } from 'vitest';
import { hasBadge, placeBadge, placePicker, removeBadge } from '../../../../lib/platforms/youtube/badge';
import { commentId, findComments, readVideo } from '../../../../lib/platforms/youtube/page';
import { FIXTURE, fixtureFile } from '../../../fixtures/youtube/routes';

const load = (name: string) => new DOMParser().parseFromString(fixtureFile(name), 'text/html');

describe.each([
  ['watch.html', FIXTURE.watch],
  ['watch-legacy.html', FIXTURE.legacy],
])('badges on %s', (file, fx) => {
  it('puts one badge after a comment’s toolbar, only on that comment, and swaps its opener', () => {
    const doc = load(file);
    const thread = findComments(doc).find((c) => commentId(c) === fx.threadId)!;
    const first = vi.fn();
    const second = vi.fn();
    const badge = placeBadge(thread, { label: 'Needs support', onOpen: first })!;
    expect(badge.previousElementSibling?.id).toBe('action-buttons');
    placeBadge(thread, { label: 'Trolling', title: 'Do not feed', onOpen: second });
    expect(doc.querySelectorAll('.reply-tracker-badge')).toHaveLength(1);
    expect(badge.textContent).toBe('● Trolling');
    expect(badge.title).toBe('Do not feed');
    // Its replies are comments of their own: no badge there.
    const reply = findComments(doc).find((c) => commentId(c) === fx.replyIds[0])!;
    expect(hasBadge(reply)).toBe(false);
    badge.click();
    expect(second).toHaveBeenCalledOnce();
    expect(first).not.toHaveBeenCalled();
    removeBadge(thread);
    expect(hasBadge(thread)).toBe(false);
  });

  it('puts the video’s badge under its title', () => {
    const doc = load(file);
    const video = readVideo(doc, new URL(fx.url))!;
    const badge = placeBadge(video.element, { label: 'Technical question', onOpen: () => {} })!;
    expect(badge.previousElementSibling?.matches('h1')).toBe(true);
    expect(hasBadge(video.element)).toBe(true);
  });
});

describe('the comment picker', () => {
  it('offers top-level comments to the sidebar, never replies, and becomes the badge once tracked', () => {
    const doc = load('watch.html');
    const comments = findComments(doc);
    const top = comments.find((c) => commentId(c) === FIXTURE.watch.threadId)!;
    const reply = comments.find((c) => commentId(c) === FIXTURE.watch.replyIds[0])!;
    const open = vi.fn();
    expect(placePicker(top, open)).toBe(true);
    expect(placePicker(reply, open)).toBe(false);
    expect(placePicker(top, open)).toBe(true);
    const picker = doc.querySelector<HTMLButtonElement>('.reply-tracker-pick')!;
    expect(doc.querySelectorAll('.reply-tracker-pick')).toHaveLength(1);
    // It says what it does, and its name starts with the words shown (label in name).
    expect(picker.textContent).toBe('Track / open');
    expect(picker.getAttribute('aria-label')).toBe('Track / open in Reply Tracker');
    expect(hasBadge(top)).toBe(false);
    picker.click();
    expect(open).toHaveBeenCalledOnce();

    // Tracking it turns the same button into the badge: no second button next to the toolbar.
    placeBadge(top, { label: 'Needs support', onOpen: open });
    expect(doc.querySelectorAll('.reply-tracker-pick')).toHaveLength(0);
    expect(doc.querySelectorAll('.reply-tracker-badge')).toHaveLength(1);
    expect(hasBadge(top)).toBe(true);
  });
});

/** Stands in for the browser's IntersectionObserver (jsdom has none): the test says what is on screen. */
class FakeIntersections {
  static last: FakeIntersections | undefined;
  readonly watched = new Set<Element>();
  constructor(private readonly callback: IntersectionObserverCallback) {
    FakeIntersections.last = this;
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
  scrollInto(el: Element) {
    const entry = { target: el, isIntersecting: true } as unknown as IntersectionObserverEntry;
    this.callback([entry], this as unknown as IntersectionObserver);
  }
}

describe('the comment picker on a long comment list (issue 10)', () => {
  const withObserver = () => {
    const doc = load('watch.html');
    // A parsed document has no window: give it one that has the observer.
    Object.defineProperty(doc, 'defaultView', {
      value: { IntersectionObserver: FakeIntersections },
      configurable: true,
    });
    const top = findComments(doc).find((c) => commentId(c) === FIXTURE.watch.threadId)!;
    return { doc, top, io: () => FakeIntersections.last! };
  };

  it('adds no button until the comment comes near the screen, then exactly one that opens it', () => {
    const { doc, top, io } = withObserver();
    const open = vi.fn();
    expect(placePicker(top, open)).toBe(true);
    expect(doc.querySelectorAll('.reply-tracker-pick')).toHaveLength(0);
    io().scrollInto(top);
    const picker = doc.querySelector<HTMLButtonElement>('.reply-tracker-pick')!;
    expect(picker.getAttribute('aria-label')).toBe('Track / open in Reply Tracker');
    picker.click();
    expect(open).toHaveBeenCalledOnce();
    // Seen once is enough: the comment is no longer watched.
    expect(io().watched.has(top)).toBe(false);
  });

  it('adds it when the keyboard reaches the comment (focus inside it), so Tab finds it next', () => {
    const { top } = withObserver();
    placePicker(top, () => {});
    const like = top.querySelector<HTMLElement>('button') ?? top;
    like.dispatchEvent(new FocusEvent('focusin', { bubbles: true }));
    expect(top.querySelectorAll('.reply-tracker-pick')).toHaveLength(1);
  });

  it('never adds a late picker to a comment that got its badge meanwhile', () => {
    const { doc, top, io } = withObserver();
    placePicker(top, () => {});
    placeBadge(top, { label: 'Needs support', onOpen: () => {} });
    io().scrollInto(top);
    expect(doc.querySelectorAll('.reply-tracker-pick')).toHaveLength(0);
    expect(doc.querySelectorAll('.reply-tracker-badge')).toHaveLength(1);
    // And a badge taken off again leaves nothing waiting either.
    removeBadge(top);
    io().scrollInto(top);
    expect(doc.querySelectorAll('.reply-tracker-pick, .reply-tracker-badge')).toHaveLength(0);
  });
});
