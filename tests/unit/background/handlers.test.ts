import { describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { createHandlers, createHeldReplay, dispatch } from '@/lib/background/handlers';
import { heldMessage } from '@/lib/content/logger';
import { createHeldActions } from '@/lib/storage/held';
import { freshDbs } from '../storage/fresh-db';

const { fresh } = freshDbs();

function setup() {
  const db = fresh();
  const changes: string[] = [];
  const handlers = createHandlers({
    db,
    now: () => new Date('2026-11-20T10:00:00.000Z'),
    changed: (what) => {
      changes.push(what);
    },
  });
  return { db, handlers, changes };
}

const thread = {
  platform: 'x' as const,
  url: 'https://x.com/angry_trader/status/1850000000000000001',
  canonicalId: '1850000000000000001',
  author: 'angry_trader',
  category: 'support_needed' as const,
};

describe('background requests', () => {
  it('tracks a thread with its category defaults and an SLA from now', async () => {
    const { handlers, changes } = setup();
    const reply = await dispatch(handlers, { type: 'track-thread', thread });
    expect(reply).toMatchObject({
      ok: true,
      data: {
        thread: { priority: 'high', status: 'open', slaDueAt: '2026-11-21T10:00:00.000Z', origin: 'local' },
      },
    });
    expect(changes).toEqual(['threads']);
  });

  it('marks a tracked thread answered at my first reply in its conversation', async () => {
    const { handlers } = setup();
    await dispatch(handlers, { type: 'track-thread', thread });
    await dispatch(handlers, {
      type: 'log-action',
      action: {
        platform: 'x',
        action: 'reply',
        targetId: '1850000000000000009',
        conversationId: '1850000000000000001',
        replyId: '1850000000000000042',
        replyText: 'Same happened to me last month, support sorted it in a day',
        pageUrl: 'https://x.com/angry_trader/status/1850000000000000009',
        occurredAt: '2026-11-20T12:00:00.000Z',
        source: 'network',
        dedupeKey: 'x:reply:1850000000000000009:r1',
      },
    });
    const list = await dispatch(handlers, { type: 'tracked-list', platform: 'x' });
    expect(list).toMatchObject({
      ok: true,
      data: { threads: [{ status: 'answered', firstReplyAt: '2026-11-20T12:00:00.000Z' }] },
    });
  });

  it('answers a malformed request with a readable error, not a crash', async () => {
    const { handlers } = setup();
    const reply = await dispatch(handlers, { type: 'log-action', action: { platform: 'x' } });
    expect(reply).toMatchObject({ ok: false, error: expect.stringMatching(/malformed action/) });
  });

  it('ignores messages that are not its own', async () => {
    const { handlers } = setup();
    expect(await dispatch(handlers, { type: 'toggle-sidebar' })).toBeUndefined();
    expect(await dispatch(handlers, 'hello')).toBeUndefined();
  });

  it.each(['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf', '__defineGetter__'])(
    'does not take the inherited name %s for a request type',
    async (type) => {
      const { handlers } = setup();
      expect(await dispatch(handlers, { type })).toBeUndefined();
    },
  );
});

describe('a full disk', () => {
  it('says what to do and promises nothing it cannot keep', async () => {
    const { describeStorageError } = await import('@/lib/storage/errors');
    const full = Object.assign(new Error('quota'), { name: 'QuotaExceededError' });
    const text = describeStorageError(full);
    expect(text).toMatch(/no room left.*Free some disk space/);
    expect(text).not.toMatch(/nothing was lost/i);
  });
});

describe('a full disk while the ambassador works', () => {
  const like = (n: number) => ({
    platform: 'x' as const,
    action: 'like' as const,
    targetId: `18500000000000001${n}`,
    pageUrl: `https://x.com/angry_trader/status/18500000000000001${n}`,
    occurredAt: `2026-11-20T12:0${n}:00.000Z`,
    source: 'network' as const,
    dedupeKey: `x:like:18500000000000001${n}:${n}`,
  });

  it('holds what IndexedDB refuses outside the tab, then writes each once, under the id it was given', async () => {
    fakeBrowser.reset();
    const { db, handlers, changes } = setup();
    const quota = () =>
      Promise.reject(new DOMException('The quota has been exceeded.', 'QuotaExceededError'));
    const full = vi.spyOn(db.events, 'add').mockImplementation(quota as never);

    // Two actions while the disk is full: both accepted, both held, and the answer says where.
    const first = await dispatch(handlers, { type: 'log-action', action: like(1) });
    const second = await dispatch(handlers, { type: 'log-action', action: like(2) });
    expect(first).toMatchObject({ ok: true, data: { duplicate: false, held: 1 } });
    expect(second).toMatchObject({ ok: true, data: { duplicate: false, held: 2 } });
    expect(await db.events.count()).toBe(0);
    // The same action reported again (the DOM fallback after the network) is the held one.
    expect(await dispatch(handlers, { type: 'log-action', action: like(1) })).toMatchObject({
      data: { duplicate: true, held: 2 },
    });
    const heldIds = [first, second].map((r) => (r as { data: { event: { id: string } } }).data.event.id);
    // Not in the tab: in the browser's session storage, which a fresh worker (and every tab) finds.
    const session = await fakeBrowser.storage.session.get('heldActions');
    expect((session.heldActions as { id: string }[]).map((e) => e.id)).toEqual(heldIds);
    expect(heldMessage(2)).toMatch(/2 actions wait in the browser's memory.*closing the browser loses them/);

    // Room again. The service worker restarted meanwhile: a new replay, from storage alone.
    full.mockRestore();
    const replay = createHeldReplay({
      db,
      changed: (what) => void changes.push(what),
      held: createHeldActions(),
    });
    expect(await replay()).toBe(2);
    expect(await replay()).toBe(0);
    const events = await db.events.orderBy('occurredAt').toArray();
    expect(events.map((e) => e.id)).toEqual(heldIds);
    expect(events.map((e) => e.syncState)).toEqual(['pending', 'pending']);
    expect((await fakeBrowser.storage.session.get('heldActions')).heldActions).toEqual([]);
    expect(changes).toContain('events');

    // And once only: the same action again is a duplicate of the stored event.
    const again = await dispatch(handlers, { type: 'log-action', action: like(2) });
    expect(again).toMatchObject({ ok: true, data: { duplicate: true, event: { id: heldIds[1] } } });
    expect(await db.events.count()).toBe(2);
  });

  it('replays what it holds before the next action, so the log keeps their order', async () => {
    fakeBrowser.reset();
    const { db, handlers } = setup();
    const full = vi
      .spyOn(db.events, 'add')
      .mockImplementation((() => Promise.reject(new DOMException('full', 'QuotaExceededError'))) as never);
    await dispatch(handlers, { type: 'log-action', action: like(1) });
    full.mockRestore();
    const next = await dispatch(handlers, { type: 'log-action', action: like(2) });
    expect(next).toMatchObject({ ok: true, data: { duplicate: false } });
    expect((next as { data: { held?: number } }).data.held).toBeUndefined();
    expect((await db.events.toArray()).map((e) => e.dedupeKey).sort()).toEqual([
      like(1).dedupeKey,
      like(2).dedupeKey,
    ]);
  });
});
