// @vitest-environment node
// No DOM needed; and under jsdom WXT's mock browser pulls in esbuild, which rejects jsdom's TextEncoder.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { storage } from 'wxt/utils/storage';
import { REVISION_KEY, type Request } from '../../../lib/messaging/protocol';
import { backgroundServices } from '../../../lib/sidebar/services';
import { createSidebarStore } from '../../../lib/sidebar/store';
import { nextTurn } from '../event-loop';
import { counts, makeEvent, makeThread, statusContext } from './fakes';

/** Answers like the background would, recording what the sidebar asked. */
function fakeBackground(answer: (req: Request) => unknown) {
  const seen: Request[] = [];
  fakeBrowser.runtime.onMessage.addListener((msg: unknown) => {
    seen.push(msg as Request);
    return Promise.resolve(answer(msg as Request));
  });
  return seen;
}

beforeEach(() => fakeBrowser.reset());

describe('backgroundServices', () => {
  it('asks the background with typed requests and unwraps the answers', async () => {
    const event = makeEvent();
    const thread = makeThread();
    const seen = fakeBackground((req) => {
      switch (req.type) {
        case 'thread-activity':
          return { ok: true, data: { events: [event] } };
        case 'my-counts':
          return { ok: true, data: { today: counts(1, 2, 0), month: counts(3, 4, 1) } };
        case 'tracked-list':
          return { ok: true, data: { threads: [thread] } };
        case 'track-thread':
          return { ok: true, data: { thread } };
        case 'untrack-thread':
          return { ok: true, data: { ok: true } };
        default:
          return { ok: false, error: 'unexpected' };
      }
    });

    const ctx = statusContext({ targetId: '222', conversationId: '111' });
    expect(await backgroundServices.threadActivity(ctx)).toEqual([event]);
    expect(await backgroundServices.myCounts()).toEqual({ today: counts(1, 2, 0), month: counts(3, 4, 1) });
    expect(await backgroundServices.trackedList()).toEqual([thread]);
    const input = {
      platform: 'x',
      url: ctx.url,
      canonicalId: '222',
      category: 'trolling',
    } as const;
    expect(await backgroundServices.track(input)).toEqual(thread);
    await backgroundServices.untrack(thread.id);

    expect(seen).toEqual([
      { type: 'thread-activity', platform: 'x', targetId: '222', conversationId: '111' },
      { type: 'my-counts' },
      { type: 'tracked-list' },
      { type: 'track-thread', thread: input },
      { type: 'untrack-thread', id: thread.id },
    ]);
  });

  it("passes the background's error on so the store can explain it", async () => {
    fakeBackground(() => ({ ok: false, error: 'Database is closed' }));
    await expect(backgroundServices.myCounts()).rejects.toThrow('Database is closed');
  });

  it('calls back when the revision is bumped, until unsubscribed', async () => {
    const listener = vi.fn();
    const stop = backgroundServices.onRevision!(listener);
    await storage.setItem(REVISION_KEY, 1);
    await vi.waitFor(() => expect(listener).toHaveBeenCalledTimes(1));
    stop();
    await storage.setItem(REVISION_KEY, 2);
    await nextTurn();
    expect(listener).toHaveBeenCalledTimes(1);
  });

  it("answers the team's published content, the same object while the version is the same", async () => {
    let version = 4;
    const seen = fakeBackground((req) =>
      req.type === 'playbooks'
        ? {
            ok: true,
            data: {
              document: {
                version,
                updatedAt: `2026-11-0${version}T10:00:00.000Z`,
                updatedBy: 'maria',
                content: { marker: version },
              },
            },
          }
        : { ok: false, error: 'unexpected' },
    );
    const first = await backgroundServices.playbooks!();
    expect(first).toEqual({ marker: 4 });
    expect(await backgroundServices.playbooks!()).toBe(first);
    version = 5;
    expect(await backgroundServices.playbooks!()).toEqual({ marker: 5 });
    expect(seen.every((r) => r.type === 'playbooks')).toBe(true);
  });

  it('answers nothing (the defaults) when the background has no team document', async () => {
    fakeBackground(() => ({ ok: true, data: { document: null } }));
    expect(await backgroundServices.playbooks!()).toBeUndefined();
  });

  it('a Short swiped to asks the background only about that Short; counts and tracked threads still change with the revision (issue 10)', async () => {
    let month = counts(1, 0, 0);
    let threads = [makeThread({ platform: 'youtube', canonicalId: 'short0' })];
    const seen = fakeBackground((req) => {
      switch (req.type) {
        case 'thread-activity':
          return { ok: true, data: { events: [] } };
        case 'my-counts':
          return { ok: true, data: { today: month, month } };
        case 'tracked-list':
          return { ok: true, data: { threads } };
        case 'playbooks':
          return { ok: true, data: { document: null } };
        case 'team-activity':
          return { ok: true, data: { events: null } };
        default:
          return { ok: false, error: 'not connected' };
      }
    });
    const short = (id: string) =>
      statusContext({
        platform: 'youtube',
        targetId: id,
        conversationId: id,
        url: `https://www.youtube.com/shorts/${id}`,
      });
    const store = createSidebarStore(backgroundServices);
    store.getState().setContext(short('short0'), 'status');
    const disconnect = store.getState().connect();
    await vi.waitFor(() => expect(store.getState().loaded).toBe(true));
    await nextTurn();
    const asked = () => seen.map((r) => r.type).sort();
    const firstLoad = asked();
    expect(firstLoad).toEqual([
      'my-counts',
      'playbooks',
      'sync-status',
      'team-activity',
      'thread-activity',
      'tracked-list',
    ]);

    seen.length = 0;
    for (const id of ['short1', 'short2', 'short3']) {
      store.getState().setContext(short(id), 'status');
      await nextTurn();
    }
    await vi.waitFor(() => expect(store.getState().loading).toBe(false));
    // Three Shorts, two requests each: before, each swipe asked all six again.
    expect(asked()).toEqual([...Array(3).fill('team-activity'), ...Array(3).fill('thread-activity')]);
    expect(
      seen.filter((r) => r.type === 'thread-activity').map((r) => 'targetId' in r && r.targetId),
    ).toEqual(['short1', 'short2', 'short3']);

    // Something logged or tracked elsewhere: the background bumps the revision, the sidebar follows.
    month = counts(2, 1, 0);
    threads = [...threads, makeThread({ platform: 'youtube', canonicalId: 'short3' })];
    await storage.setItem(REVISION_KEY, { at: 1, what: 'events' });
    await vi.waitFor(() => expect(store.getState().counts?.month).toEqual(counts(2, 1, 0)));
    await vi.waitFor(() => expect(store.getState().threads).toHaveLength(2));
    disconnect();
  });
});
