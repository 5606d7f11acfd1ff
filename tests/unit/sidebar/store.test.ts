import { describe, expect, it } from 'vitest';
import type { ThreadContext } from '../../../lib/platforms/types';
import type { StoredEvent } from '../../../lib/schemas/event';
import type { SidebarServices } from '../../../lib/sidebar/services';
import {
  createSidebarStore,
  findTracked,
  selectActiveThread,
  selectTrackedHere,
  trackedFor,
} from '../../../lib/sidebar/store';
import { nextTurn } from '../event-loop';
import { counts, FakeServices, makeEvent, makeThread, NOW, statusContext } from './fakes';

const setup = () => {
  const services = new FakeServices();
  const store = createSidebarStore(services, { now: () => NOW });
  return { services, store, state: () => store.getState() };
};

/** Lets every pending promise callback run. */
const settle = nextTurn;

describe('trackedFor', () => {
  const reply: ThreadContext = statusContext({ targetId: '222', conversationId: '111' });

  it.each([
    ['the tweet itself', { canonicalId: '222' }, true],
    ['the conversation it belongs to', { canonicalId: '111' }, true],
    ['an unrelated tweet', { canonicalId: '333' }, false],
    ['the same id on another platform', { canonicalId: '222', platform: 'youtube' as const }, false],
  ])('matches %s: %s', (_name, over, matches) => {
    const thread = makeThread(over);
    expect(findTracked([thread], reply)).toBe(matches ? thread : undefined);
  });

  it('prefers the tweet over its conversation when both are tracked', () => {
    const root = makeThread({ canonicalId: '111' });
    const tweet = makeThread({ canonicalId: '222' });
    expect(findTracked([root, tweet], reply)).toBe(tweet);
  });

  it('does not match through a missing conversation id', () => {
    const ctx = statusContext({ targetId: '222', conversationId: undefined });
    expect(findTracked([makeThread({ canonicalId: '111' })], ctx)).toBeUndefined();
  });

  it('works as a store selector', async () => {
    const { services, store } = setup();
    services.threads = [makeThread({ canonicalId: '111' })];
    await store.getState().refresh();
    expect(trackedFor(reply)(store.getState())?.canonicalId).toBe('111');
    expect(trackedFor(undefined)(store.getState())).toBeUndefined();
  });
});

describe('refresh', () => {
  it('loads my events in this thread (newest first), my counts and the tracked list on context change', async () => {
    const { services, state } = setup();
    const older = makeEvent({ action: 'like', occurredAt: '2025-06-10T10:00:00.000Z' });
    const newer = makeEvent({ action: 'reply', replyId: '999', occurredAt: '2025-06-10T11:00:00.000Z' });
    services.events = [older, newer, makeEvent({ targetId: '5', conversationId: '5' })];
    services.myCountsValue = { today: counts(1, 1, 0), month: counts(12, 30, 2) };
    services.threads = [makeThread()];

    state().setContext(statusContext(), 'status');
    expect(state().loading).toBe(true);
    await settle();

    expect(state().events.map((e) => e.id)).toEqual([newer.id, older.id]);
    expect(state().counts?.month).toEqual(counts(12, 30, 2));
    expect(selectTrackedHere(state())?.category).toBe('support_needed');
    expect(state()).toMatchObject({ loading: false, loaded: true, loadError: undefined });
  });

  it('without a thread (home timeline) asks only for counts and tracked threads', async () => {
    const { services, state } = setup();
    state().setContext(undefined, 'home');
    await state().refresh();
    expect(services.calls.threadActivity).toBe(0);
    expect(services.calls.myCounts).toBe(1);
    expect(state().events).toEqual([]);
  });

  it('does not reload when the page re-sends the same thread (e.g. its text appeared)', async () => {
    const { services, state } = setup();
    state().setContext(statusContext({ text: undefined }), 'status');
    await settle();
    state().setContext(statusContext({ text: 'now with text' }), 'status');
    await settle();
    expect(services.calls.myCounts).toBe(1);
    expect(state().context?.text).toBe('now with text');
  });

  it('keeps what is shown when a refresh brings the same answers: no new render, no re-badge of every post (issue 10)', async () => {
    const { services, state, store } = setup();
    services.events = [makeEvent()];
    services.myCountsValue = { today: counts(1, 1, 0), month: counts(12, 30, 2) };
    services.threads = [makeThread()];
    state().setContext(statusContext(), 'status');
    await settle();
    const shown = { events: state().events, counts: state().counts, threads: state().threads };
    let threadChanges = 0;
    const unsubscribe = store.subscribe((s, prev) => {
      if (s.threads !== prev.threads) threadChanges++;
    });
    await state().refresh();
    unsubscribe();
    expect(state().events).toBe(shown.events);
    expect(state().counts).toBe(shown.counts);
    expect(state().threads).toBe(shown.threads);
    expect(threadChanges).toBe(0);
    services.threads = [...services.threads, makeThread({ canonicalId: '777' })];
    await state().refresh();
    expect(state().threads).toHaveLength(2);
  });

  it('drops a slow answer for the previous thread', async () => {
    let releaseFirst: (events: StoredEvent[]) => void = () => {};
    const fake = new FakeServices();
    const services: SidebarServices = {
      ...fake,
      myCounts: () => fake.myCounts(),
      trackedList: () => fake.trackedList(),
      track: (t) => fake.track(t),
      untrack: (id) => fake.untrack(id),
      threadActivity: (ctx) =>
        ctx.targetId === 'old'
          ? new Promise((r) => {
              releaseFirst = r;
            })
          : Promise.resolve([makeEvent({ targetId: 'new', action: 'reply' })]),
    };
    const store = createSidebarStore(services, { now: () => NOW });
    const state = () => store.getState();

    state().setContext(statusContext({ targetId: 'old', conversationId: 'old' }), 'status');
    state().setContext(statusContext({ targetId: 'new', conversationId: 'new' }), 'status');
    await settle();
    releaseFirst([makeEvent({ targetId: 'old', action: 'like' })]);
    await settle();

    expect(state().events.map((e) => e.targetId)).toEqual(['new']);
  });

  it('catches failures, says what could not load in plain words and keeps what did load', async () => {
    const { services, state } = setup();
    services.myCountsValue = { today: counts(2, 3, 0), month: counts(2, 3, 0) };
    services.failing.set('threadActivity', new Error('Database is closed'));
    services.failing.set('trackedList', new Error('Database is closed'));

    state().setContext(statusContext(), 'status');
    await settle();

    expect(state().loadError).toBe(
      "Couldn't load your activity in this thread and the tracked threads. Database is closed.",
    );
    expect(state().counts?.today.likes).toBe(3);

    services.failing.clear();
    await state().refresh();
    expect(state().loadError).toBeUndefined();
  });

  it('a thread change asks only for the thread once the rest loaded, and again for what failed (issue 10)', async () => {
    const { services, state } = setup();
    services.failing.set('myCounts', new Error('Database is closed'));
    state().setContext(statusContext({ targetId: 'a', conversationId: 'a' }), 'status');
    await settle();
    expect(state().loadError).toBe("Couldn't load your counts. Database is closed.");

    services.failing.clear();
    services.myCountsValue = { today: counts(1, 0, 0), month: counts(4, 0, 0) };
    state().setContext(statusContext({ targetId: 'b', conversationId: 'b' }), 'status');
    await settle();
    expect(state().counts?.month.replies).toBe(4);
    expect(state().loadError).toBeUndefined();
    expect(services.calls).toMatchObject({ threadActivity: 2, myCounts: 2, trackedList: 2 });

    state().setContext(statusContext({ targetId: 'c', conversationId: 'c' }), 'status');
    state().selectThread(statusContext({ targetId: 'd', conversationId: 'c' }));
    await settle();
    expect(services.calls).toMatchObject({ threadActivity: 4, myCounts: 2, trackedList: 2 });
    expect(state()).toMatchObject({ loading: false, loaded: true, loadError: undefined });
  });

  it('a failure in the thread alone is said, and cleared by the next thread that loads', async () => {
    const { services, state } = setup();
    state().setContext(statusContext({ targetId: 'a', conversationId: 'a' }), 'status');
    await settle();
    services.failing.set('threadActivity', new Error('Database is closed'));
    state().setContext(statusContext({ targetId: 'b', conversationId: 'b' }), 'status');
    await settle();
    expect(state().loadError).toBe("Couldn't load your activity in this thread. Database is closed.");
    expect(state().counts).toBeDefined();
    services.failing.clear();
    state().setContext(statusContext({ targetId: 'c', conversationId: 'c' }), 'status');
    await settle();
    expect(state().loadError).toBeUndefined();
  });

  it('connect() refreshes once now and again on every revision bump, until disconnected', async () => {
    const { services, state } = setup();
    const disconnect = state().connect();
    await settle();
    expect(services.calls.myCounts).toBe(1);

    services.myCountsValue = { today: counts(1, 0, 0), month: counts(1, 0, 0) };
    services.bumpRevision();
    await settle();
    expect(state().counts?.today.replies).toBe(1);

    disconnect();
    expect(services.watching).toBe(0);
  });
});

describe('track and untrack', () => {
  it('tracks the thread in view with the chosen category, priority and note', async () => {
    const { services, state } = setup();
    state().setContext(statusContext(), 'status');
    await settle();

    const ok = await state().track({ category: 'trust_doubt', priority: 'urgent', note: '  calm, facts  ' });

    expect(ok).toBe(true);
    expect(services.tracked[0]).toEqual({
      platform: 'x',
      url: 'https://x.com/angry_user/status/1800000000000000001',
      canonicalId: '1800000000000000001',
      author: 'angry_user',
      excerpt: 'Withdrawal pending for three days now and support is silent. Is this a scam?',
      category: 'trust_doubt',
      priority: 'urgent',
      note: 'calm, facts',
    });
    expect(selectTrackedHere(state())?.category).toBe('trust_doubt');
    expect(state().pending).toBeUndefined();
  });

  it.each([
    [
      'a YouTube comment picked under its video: tied to the video by parentId, its own permalink',
      {
        platform: 'youtube',
        targetId: 'UgxKq3R7v0m1Yp2dN4B4AaABAg',
        conversationId: 'k3Vq9pXz1aE',
        url: 'https://www.youtube.com/watch?v=k3Vq9pXz1aE&lc=UgxKq3R7v0m1Yp2dN4B4AaABAg',
        author: '@laura_chen_btc',
      },
      { canonicalId: 'UgxKq3R7v0m1Yp2dN4B4AaABAg', parentId: 'k3Vq9pXz1aE' },
    ],
    [
      'the YouTube video itself: no parent',
      {
        platform: 'youtube',
        targetId: 'k3Vq9pXz1aE',
        conversationId: 'k3Vq9pXz1aE',
        url: 'https://www.youtube.com/watch?v=k3Vq9pXz1aE',
      },
      { canonicalId: 'k3Vq9pXz1aE' },
    ],
    [
      'an X reply: its conversation is no parent',
      statusContext({ targetId: '1800000000000000002', conversationId: '1800000000000000001' }),
      { canonicalId: '1800000000000000002' },
    ],
  ] as const)('tracks %s', async (_, ctx: ThreadContext, expected) => {
    const { services, state } = setup();
    state().setContext(undefined, 'home');
    state().selectThread(ctx);
    await settle();
    expect(await state().track({ category: 'support_needed' })).toBe(true);
    const sent = services.tracked[0]!;
    expect(sent).toMatchObject({ ...expected, platform: ctx.platform, url: ctx.url });
    if (!('parentId' in expected)) expect(sent).not.toHaveProperty('parentId');
    expect(selectTrackedHere(state())?.canonicalId).toBe(ctx.targetId);
  });

  it("defaults the priority to the category's", async () => {
    const { services, state } = setup();
    state().setContext(statusContext(), 'status');
    await state().track({ category: 'incident_complaint' });
    expect(services.tracked[0]?.priority).toBe('urgent');
    expect(services.tracked[0]).not.toHaveProperty('note');
  });

  it('does nothing without a thread in view', async () => {
    const { services, state } = setup();
    expect(await state().track({ category: 'trolling' })).toBe(false);
    expect(services.calls.track).toBe(0);
  });

  it('untracks and reports a failure instead of throwing', async () => {
    const { services, state } = setup();
    const thread = makeThread();
    services.threads = [thread];
    state().setContext(statusContext(), 'status');
    await settle();

    services.failing.set('untrack', new Error('Extension context invalidated.'));
    await expect(state().untrack(thread.id)).resolves.toBe(false);
    expect(state().actionError).toMatch(/Reload this page/);
    expect(selectTrackedHere(state())).toBe(thread);

    services.failing.clear();
    state().dismissActionError();
    await expect(state().untrack(thread.id)).resolves.toBe(true);
    expect(selectTrackedHere(state())).toBeUndefined();
    expect(state().actionError).toBeUndefined();
  });

  it('reports a failed track in plain words', async () => {
    const { services, state } = setup();
    services.failing.set('track', new Error('No answer from the background for "track-thread"'));
    state().setContext(statusContext(), 'status');
    expect(await state().track({ category: 'trolling' })).toBe(false);
    expect(state().actionError).toBe(
      "Couldn't track this thread: Reply Tracker isn't responding. Try again in a moment.",
    );
  });
});

describe('ui', () => {
  it('opens, collapses, toggles and switches theme', () => {
    const { state } = setup();
    expect(state().isOpen).toBe(true);
    state().collapse();
    expect(state().isOpen).toBe(false);
    state().toggle();
    expect(state().isOpen).toBe(true);
    state().setTheme('dim');
    expect(state().theme).toBe('dim');
  });

  it('starts from remembered state', () => {
    const store = createSidebarStore(new FakeServices(), { initial: { isOpen: false, theme: 'dark' } });
    expect(store.getState()).toMatchObject({ isOpen: false, theme: 'dark' });
  });

  it('a badge click opens the sidebar on that thread until the page changes', async () => {
    const { services, state } = setup();
    state().collapse();
    state().setContext(undefined, 'home');
    await settle();
    const badged = statusContext({ targetId: '42', conversationId: '42', author: 'someone' });
    services.events = [makeEvent({ targetId: '42', conversationId: '42', action: 'reply' })];

    state().selectThread(badged);
    await settle();
    expect(state().isOpen).toBe(true);
    expect(selectActiveThread(state())).toBe(badged);
    expect(state().events).toHaveLength(1);

    // The observer re-announcing the same page keeps the pick.
    state().setContext(undefined, 'home');
    expect(selectActiveThread(state())).toBe(badged);

    state().setContext(statusContext(), 'status');
    await settle();
    expect(state().selected).toBeUndefined();
    expect(state().events).toEqual([]);
  });

  it('clearSelection goes back to the page thread', async () => {
    const { state } = setup();
    const page = statusContext();
    state().setContext(page, 'status');
    state().selectThread(statusContext({ targetId: '42', conversationId: '42' }));
    state().clearSelection();
    await settle();
    expect(selectActiveThread(state())).toBe(page);
  });
});
