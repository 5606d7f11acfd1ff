import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  createNavigationReads,
  NAVIGATION_SETTLE_MS,
  type NavigationReads,
} from '../../../lib/content/navigation-reads';

/** A page whose URL the test moves, with the reads the app would do counted (each is a sidebar render). */
function page(start: string) {
  let href = start;
  const read: string[] = [];
  const hrefReads = { count: 0 };
  const reads: NavigationReads = createNavigationReads({
    href: () => {
      hrefReads.count++;
      return href;
    },
    readAfterDwell: (h) => new URL(h).pathname.startsWith('/shorts/'),
    read: () => read.push(href),
    now: () => Date.now(),
  });
  reads.readNow();
  read.length = 0;
  return {
    reads,
    read,
    hrefReads,
    /** pushState and the three events YouTube's swipe sends, in one task. */
    go(to: string) {
      href = to;
      reads.navigated(); // navigatesuccess
      reads.rendered(); // yt-navigate-finish
      reads.rendered(); // yt-page-data-updated
    },
  };
}

describe('page reads after client-side navigation (issue 10)', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('reads once for the Short the viewer stops at after 200 rapid swipes, none for those flown by', () => {
    const p = page('https://www.youtube.com/shorts/Sh000000000');
    // One swipe a frame, as the bench's Shorts feed does. Before, a read (a React render of the new
    // thread and two requests) ran every ~450 ms while the swipes went on: 8 here.
    for (let i = 1; i <= 200; i++) {
      p.go(`https://www.youtube.com/shorts/Sh${String(i).padStart(9, '0')}`);
      vi.advanceTimersByTime(16);
    }
    expect(p.read).toEqual([]);
    expect(p.reads.pending()).toBe(true);
    vi.advanceTimersByTime(NAVIGATION_SETTLE_MS);
    expect(p.read).toEqual(['https://www.youtube.com/shorts/Sh000000200']);
    expect(p.reads.pending()).toBe(false);
    vi.advanceTimersByTime(5_000);
    expect(p.read).toHaveLength(1);
  });

  it('reads the URL a couple of times over 200 rapid swipes, not once per swipe', () => {
    const p = page('https://www.youtube.com/shorts/Sh000000000');
    p.hrefReads.count = 0;
    for (let i = 1; i <= 200; i++) {
      p.go(`https://www.youtube.com/shorts/Sh${String(i).padStart(9, '0')}`);
      vi.advanceTimersByTime(16);
    }
    vi.advanceTimersByTime(NAVIGATION_SETTLE_MS);
    expect(p.read).toEqual(['https://www.youtube.com/shorts/Sh000000200']);
    // The first swipe's, the read's own and its check: before, one per swipe and more (~11 µs each from
    // the isolated world).
    expect(p.hrefReads.count).toBeLessThanOrEqual(3);
    // The next swipe after the read is a new URL, read after its own moment.
    vi.advanceTimersByTime(2_000);
    p.go('https://www.youtube.com/shorts/Sh000000201');
    vi.advanceTimersByTime(NAVIGATION_SETTLE_MS - 1);
    expect(p.read).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(p.read).toEqual([
      'https://www.youtube.com/shorts/Sh000000200',
      'https://www.youtube.com/shorts/Sh000000201',
    ]);
  });

  it('stops listening while a Short waits its moment, looks at the URL once a moment, and reads where it held', () => {
    let href = 'https://www.youtube.com/shorts/Sh000000000';
    let listening = true;
    let delivered = 0;
    const read: string[] = [];
    const reads = createNavigationReads({
      href: () => href,
      readAfterDwell: (h) => new URL(h).pathname.startsWith('/shorts/'),
      read: () => read.push(href),
      now: () => Date.now(),
      listen: (on) => {
        listening = on;
      },
    });
    reads.readNow();
    read.length = 0;
    // navigatesuccess and yt-navigate-finish reach the reads only while it listens.
    const swipe = (i: number) => {
      href = `https://www.youtube.com/shorts/Sh${String(i).padStart(9, '0')}`;
      if (!listening) return;
      delivered += 2;
      reads.navigated();
      reads.rendered();
    };
    for (let i = 1; i <= 200; i++) {
      swipe(i);
      vi.advanceTimersByTime(16);
    }
    // Before, every swipe's two events were delivered (400), each a call into the isolated world.
    expect(delivered).toBe(2);
    expect(read).toEqual([]);
    // The URL held a whole moment: read once, listening again.
    vi.advanceTimersByTime(2 * NAVIGATION_SETTLE_MS);
    expect(read).toEqual(['https://www.youtube.com/shorts/Sh000000200']);
    expect(listening).toBe(true);
    expect(reads.pending()).toBe(false);
    // The next swipe waits its own moment, and is read once.
    vi.advanceTimersByTime(2_000);
    swipe(201);
    vi.advanceTimersByTime(NAVIGATION_SETTLE_MS - 1);
    expect(read).toHaveLength(1);
    vi.advanceTimersByTime(NAVIGATION_SETTLE_MS + 1);
    expect(read).toEqual([
      'https://www.youtube.com/shorts/Sh000000200',
      'https://www.youtube.com/shorts/Sh000000201',
    ]);
    expect(listening).toBe(true);
  });

  it('a Short is read once it has been active a moment; swiping on before that reads only the next', () => {
    const p = page('https://www.youtube.com/shorts/Sh000000000');
    p.go('https://www.youtube.com/shorts/ShAAAAAAAAA');
    vi.advanceTimersByTime(NAVIGATION_SETTLE_MS - 1);
    expect(p.read).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(p.read).toEqual(['https://www.youtube.com/shorts/ShAAAAAAAAA']);
    // A slow viewer: each Short read after its moment, each once.
    vi.advanceTimersByTime(2_000);
    p.go('https://www.youtube.com/shorts/ShBBBBBBBBB');
    vi.advanceTimersByTime(NAVIGATION_SETTLE_MS);
    expect(p.read).toEqual([
      'https://www.youtube.com/shorts/ShAAAAAAAAA',
      'https://www.youtube.com/shorts/ShBBBBBBBBB',
    ]);
  });

  it('a watch page navigated to on its own is read at once, once for its three events', () => {
    const p = page('https://www.youtube.com/watch?v=k3Vq9pXz1aE');
    vi.advanceTimersByTime(1_000);
    p.go('https://www.youtube.com/watch?v=Xw7Lr2Nc9Tq');
    vi.advanceTimersByTime(0);
    expect(p.read).toEqual(['https://www.youtube.com/watch?v=Xw7Lr2Nc9Tq']);
    // YouTube says the page rendered again at the same URL (its markup is new): read again, once.
    vi.advanceTimersByTime(1_000);
    p.reads.rendered();
    p.reads.rendered();
    vi.advanceTimersByTime(0);
    expect(p.read).toHaveLength(2);
    // WXT's poll and popstate at the URL already read: nothing.
    p.reads.navigated();
    vi.advanceTimersByTime(1_000);
    expect(p.read).toHaveLength(2);
  });

  it('a burst of watch-page navigations is read once it pauses, at the last URL', () => {
    const p = page('https://www.youtube.com/watch?v=k3Vq9pXz1aE');
    vi.advanceTimersByTime(1_000);
    p.go('https://www.youtube.com/watch?v=Xw7Lr2Nc9Tq');
    vi.advanceTimersByTime(0);
    p.go('https://www.youtube.com/watch?v=Jd4Hs8Kp0Ra');
    vi.advanceTimersByTime(NAVIGATION_SETTLE_MS - 1);
    expect(p.read).toEqual(['https://www.youtube.com/watch?v=Xw7Lr2Nc9Tq']);
    vi.advanceTimersByTime(1);
    expect(p.read).toEqual([
      'https://www.youtube.com/watch?v=Xw7Lr2Nc9Tq',
      'https://www.youtube.com/watch?v=Jd4Hs8Kp0Ra',
    ]);
  });

  it('reads nothing after dispose', () => {
    const p = page('https://www.youtube.com/shorts/Sh000000000');
    p.go('https://www.youtube.com/shorts/ShAAAAAAAAA');
    p.reads.dispose();
    vi.advanceTimersByTime(1_000);
    expect(p.read).toEqual([]);
  });
});
