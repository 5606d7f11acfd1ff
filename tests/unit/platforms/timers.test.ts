import { describe, expect, it } from 'vitest';
import { settleLikes } from '../../../lib/platforms/settle-likes';
import { manualClock } from './manual-clock';

describe('watcher timers, moved by hand', () => {
  it('a like is reported once it held for the settle time, on the injected clock', () => {
    const time = manualClock();
    const reported: string[] = [];
    const likes = settleLikes(1_500, (s) => reported.push(`${s.op} ${s.targetId}`), time.timers);
    likes.flip('1', 'like');
    time.advance(1_499);
    expect(reported).toEqual([]);
    time.advance(1);
    expect(reported).toEqual(['like 1']);
  });

  it('a flip reverted before it settled is dropped, and clear() drops what waits', () => {
    const time = manualClock();
    const reported: string[] = [];
    const likes = settleLikes(1_500, (s) => reported.push(`${s.op} ${s.targetId}`), time.timers);
    likes.flip('1', 'like');
    time.advance(500);
    likes.flip('1', 'unlike');
    likes.flip('2', 'like');
    likes.clear();
    time.advance(10_000);
    expect(reported).toEqual([]);
    expect(time.pending()).toBe(0);
  });

  it('runs intervals as often as they fit, in time order with timeouts', () => {
    const time = manualClock(1_000);
    const seen: string[] = [];
    const poll = time.timers.setInterval(() => seen.push(`poll ${time.now()}`), 250);
    time.timers.setTimeout(() => seen.push(`once ${time.now()}`), 600);
    time.advance(800);
    time.timers.clearInterval(poll);
    time.advance(1_000);
    expect(seen).toEqual(['poll 1250', 'poll 1500', 'once 1600', 'poll 1750']);
  });
});
