import { describe, expect, it, vi } from 'vitest';
import { createCorrelator } from '@/lib/capture/correlator';
import { startContentCore } from '@/lib/content/core';
import {
  answerSettledAsks,
  createSettledProbe,
  SETTLED_ANSWER,
  SETTLED_ASK,
  type SettledState,
} from '@/lib/content/settled';
import { createHealthMonitor } from '@/lib/health/monitor';
import { settleLikes } from '@/lib/platforms/settle-likes';
import type { ObservedAction } from '@/lib/schemas/event';
import { playedPage, quietApp } from './played-page';

/*
 * The "settled" state the e2e tests await instead of sleeping (lib/content/settled.ts): every part of
 * the capture pipeline says what it still has to do, and the page is settled when all of it is 0.
 */
const page = playedPage();
const { adapter, ctx, signal } = page;
const app = quietApp();

const busy = (s: SettledState) => Object.fromEntries(Object.entries(s.pending).filter(([, n]) => n !== 0));

describe('the settled probe', () => {
  it('follows one DOM-only like through the core: app, correlator, logger, then nothing', async () => {
    let store: (() => void) | undefined;
    const sent: ObservedAction[] = [];
    const core = startContentCore(ctx, adapter, {
      send: (a) =>
        new Promise<void>((resolve) => {
          store = () => {
            sent.push(a);
            resolve();
          };
        }),
    });
    // No app yet: the network's calls wait unread on the port until it comes.
    expect(busy(core.settled.state())).toEqual({ app: 1 });
    core.attach(app);
    expect(busy(core.settled.state())).toEqual({});

    page.watcherPending = 1; // a like settling in the watcher
    expect(busy(core.settled.state())).toEqual({ watcher: 1 });
    page.watcherPending = 0;
    signal({ op: 'like', targetId: '101' });
    expect(busy(core.settled.state())).toEqual({ correlator: 1 });
    await vi.advanceTimersByTimeAsync(3_000); // the DOM's grace: no network came
    expect(busy(core.settled.state())).toEqual({ logger: 1 });
    store!();
    await vi.advanceTimersByTimeAsync(0);
    expect(sent.map((a) => a.action)).toEqual(['like']);
    expect(busy(core.settled.state())).toEqual({});
  });

  it('counts an action held for the app until the app takes it', async () => {
    const core = startContentCore(ctx, adapter, { send: async () => {} });
    core.correlator.network({ kind: 'request-start', op: 'like', targetId: '7', requestId: 'r1' });
    expect(busy(core.settled.state())).toEqual({ app: 1, correlator: 1 });
    core.correlator.network({ kind: 'confirmed', op: 'like', targetId: '7', requestId: 'r1' });
    expect(busy(core.settled.state())).toEqual({ app: 1, 'waiting-for-app': 1 });
    core.release();
    await vi.advanceTimersByTimeAsync(0);
    expect(busy(core.settled.state())).toEqual({});
  });

  it('answers an ask on the document at once, in the same dispatch, and stops when told', () => {
    const probe = createSettledProbe();
    let n = 2;
    probe.add('part', () => n);
    probe.add('broken', () => {
      throw new Error('boom');
    });
    probe.tally('answers', () => 5);
    const stop = answerSettledAsks(document, probe);
    const ask = () => {
      let got: string | undefined;
      const listener = (e: Event) => {
        got = (e as CustomEvent<string>).detail;
      };
      document.addEventListener(SETTLED_ANSWER, listener);
      document.dispatchEvent(new CustomEvent(SETTLED_ASK));
      document.removeEventListener(SETTLED_ANSWER, listener);
      return got === undefined ? undefined : (JSON.parse(got) as SettledState);
    };
    // A count that throws never reads as settled.
    expect(ask()).toEqual({ pending: { part: 2, broken: -1 }, seen: { answers: 5 } });
    n = 0;
    expect(ask()?.pending.part).toBe(0);
    stop();
    expect(ask()).toBeUndefined();
  });
});

describe('what each part counts as pending', () => {
  it('the correlator: DOM signals waiting and requests without an outcome', () => {
    const c = createCorrelator({ emit: () => {} });
    c.dom({ op: 'like', targetId: '1' });
    c.network({ kind: 'request-start', op: 'reply', targetId: '2', requestId: 'a' });
    expect(c.pending()).toBe(2);
    c.network({ kind: 'confirmed', op: 'like', targetId: '1', requestId: 'b' });
    c.network({ kind: 'failed', op: 'reply', targetId: '2', requestId: 'a', reason: 'no' });
    expect(c.pending()).toBe(0);
    c.dispose();
  });

  it('the like settler: flips still settling', () => {
    const likes = settleLikes(1_500, () => {});
    likes.flip('1', 'like');
    likes.flip('2', 'like');
    expect(likes.waiting()).toBe(2);
    likes.flip('1', 'unlike'); // reverted
    expect(likes.waiting()).toBe(1);
    vi.advanceTimersByTime(1_500);
    expect(likes.waiting()).toBe(0);
  });

  it('the health monitor: passes still to run', () => {
    const reports: unknown[] = [];
    const monitor = createHealthMonitor({
      platform: 'x',
      health: { dom: [], network: [] },
      doc: document,
      page: () => 'other',
      report: (r) => reports.push(r),
    });
    monitor.pageLoaded();
    expect(monitor.pending()).toBe(1);
    vi.advanceTimersByTime(2_000);
    expect(monitor.pending()).toBe(1);
    vi.advanceTimersByTime(2_000);
    expect(monitor.pending()).toBe(0);
    monitor.pageLoaded();
    monitor.dispose();
    expect(monitor.pending()).toBe(0);
  });
});
