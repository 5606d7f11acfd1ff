import { describe, expect, it, vi } from 'vitest';
import { type CoreApp, startContentCore } from '@/lib/content/core';
import type { ObservedAction } from '@/lib/schemas/event';
import type { TrackedThread } from '@/lib/schemas/thread';
import { playedPage, quietApp } from './played-page';

/*
 * The content script's first chunk (issue 10): it watches the page from document_start and logs what
 * the page shows, before the sidebar app is up; the app, once attached, adds the tracked thread's
 * category. Driven here through a page adapter whose watcher the test plays.
 */
const { adapter, ctx, signal, post } = playedPage();

const app = (over: Partial<CoreApp> = {}): CoreApp =>
  quietApp({
    tracked: (ids) =>
      ids.includes('101') ? ({ canonicalId: '101', category: 'trust_doubt' } as TrackedThread) : undefined,
    ...over,
  });

describe('the content core', () => {
  it('logs a like the page showed before the app was up, once, at the time it happened, with the app’s category', async () => {
    const sent: ObservedAction[] = [];
    const core = startContentCore(ctx, adapter, { send: async (a) => void sent.push(a) });
    signal({ op: 'like', targetId: '101' });
    // The DOM's grace for a network request passes: confirmed from the page alone.
    await vi.advanceTimersByTimeAsync(3_000);
    expect(sent).toEqual([]);
    await vi.advanceTimersByTimeAsync(500);
    core.attach(app());
    await vi.advanceTimersByTimeAsync(0);
    expect(sent).toEqual([
      expect.objectContaining({
        action: 'like',
        targetId: '101',
        source: 'dom',
        category: 'trust_doubt',
        occurredAt: '2026-11-26T08:00:03.000Z',
      }),
    ]);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(sent).toHaveLength(1);
  });

  it('logs it without the app when the app does not come in time', async () => {
    const sent: ObservedAction[] = [];
    startContentCore(ctx, adapter, { send: async (a) => void sent.push(a), appWaitMs: 3_000 });
    signal({ op: 'like', targetId: '101' });
    await vi.advanceTimersByTimeAsync(5_999);
    expect(sent).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(sent).toEqual([expect.objectContaining({ action: 'like', targetId: '101', source: 'dom' })]);
    expect(sent[0]).not.toHaveProperty('category');
  });

  it('logs at once when the app failed to load, and hands the app the posts it saw before it', async () => {
    const sent: ObservedAction[] = [];
    const core = startContentCore(ctx, adapter, { send: async (a) => void sent.push(a) });
    const el = document.createElement('article');
    post(el, { platform: 'x', id: '7', author: 'critic', text: 'hi', url: '', focused: false });
    expect([...core.posts.entries()]).toEqual([]); // not connected: not on the page
    document.body.append(el);
    expect([...core.posts.entries()].map(([info]) => info.id)).toEqual(['7']);
    const seen: string[] = [];
    core.attach(app({ onPost: (_el, info) => seen.push(info.id) }));
    post(el, { platform: 'x', id: '8', author: 'critic', text: 'hi', url: '', focused: false });
    expect(seen).toEqual(['8']);
    core.release();
    signal({ op: 'like', targetId: '7' });
    await vi.advanceTimersByTimeAsync(3_000);
    expect(sent).toEqual([expect.objectContaining({ targetId: '7', targetAuthor: 'critic' })]);
    el.remove();
  });
});
