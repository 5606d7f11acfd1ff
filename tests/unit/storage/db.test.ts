import { Dexie } from 'dexie';
import { describe, expect, it } from 'vitest';
import type { ObservedAction } from '@/lib/schemas/event';
import { countActions, myCounts, recordAction, threadActivity } from '@/lib/storage/events';
import { freshDbs } from './fresh-db';

const { fresh } = freshDbs();

const like = (over: Partial<ObservedAction> = {}): ObservedAction => ({
  platform: 'x',
  action: 'like',
  targetId: '1850000000000000001',
  targetAuthor: 'angry_trader',
  pageUrl: 'https://x.com/angry_trader/status/1850000000000000001',
  occurredAt: '2026-11-20T10:00:00.000Z',
  source: 'network',
  dedupeKey: 'x:like:1850000000000000001:r1',
  ...over,
});

describe('the Dexie upgrade from v1', () => {
  it('keeps every v1 event and gives each a dedupe key and an outbox state', async () => {
    const name = `rt-upgrade-${crypto.randomUUID()}`;
    // The v1 shape exactly as it shipped: no dedupeKey, no outbox fields.
    const v1 = new Dexie(name);
    v1.version(1).stores({
      events: 'id, occurredAt, targetId, conversationId',
      threads: 'id, &[platform+canonicalId]',
    });
    await v1.table('events').bulkAdd([
      { ...like(), id: 'a0000000-0000-4000-8000-000000000001', dedupeKey: undefined },
      { ...like({ action: 'unlike' }), id: 'a0000000-0000-4000-8000-000000000002', dedupeKey: undefined },
    ]);
    v1.close();

    const db = fresh(name);
    const events = await db.events.orderBy('id').toArray();
    // Later versions (mention outbox, v5…) apply on top; the v2 upgrade must still have run.
    expect(db.verno).toBeGreaterThanOrEqual(3);
    expect(events.map((e) => [e.action, e.dedupeKey, e.syncState, e.attempts])).toEqual([
      ['like', 'legacy:a0000000-0000-4000-8000-000000000001', 'pending', 0],
      ['unlike', 'legacy:a0000000-0000-4000-8000-000000000002', 'pending', 0],
    ]);
    // The new indexes work on upgraded rows.
    expect(
      await db.events.where('[syncState+occurredAt]').between(['pending', ''], ['pending', '\uffff']).count(),
    ).toBe(2);
  });
});

describe('the Dexie upgrade from v2', () => {
  it('keeps the log and local threads, and adds empty team-thread and settings tables', async () => {
    const name = `rt-upgrade-${crypto.randomUUID()}`;
    // The v2 shape as it shipped (2026-11-21).
    const v2 = new Dexie(name);
    v2.version(2).stores({
      events: 'id, occurredAt, targetId, conversationId, &dedupeKey, [syncState+occurredAt]',
      threads: 'id, &[platform+canonicalId]',
    });
    const event = {
      ...like(),
      id: 'a0000000-0000-4000-8000-000000000003',
      syncState: 'pending',
      attempts: 2,
    };
    const local = {
      id: 'b0000000-0000-4000-8000-000000000001',
      platform: 'x',
      canonicalId: '1850000000000000001',
      status: 'open',
      origin: 'local',
    };
    await v2.table('events').add(event);
    await v2.table('threads').add(local);
    v2.close();

    const db = fresh(name);
    expect(await db.events.toArray()).toEqual([event]);
    expect(await db.threads.toArray()).toEqual([local]);
    expect(await db.teamThreads.count()).toBe(0);
    expect(await db.kv.count()).toBe(0);
    // The new tables are usable at once, with their unique index.
    await db.kv.put({ key: 'sync', value: { failures: 0 } });
    await db.teamThreads.add({ ...local, origin: 'server' } as never);
    await expect(
      db.teamThreads.add({ ...local, id: 'b0000000-0000-4000-8000-000000000002' } as never),
    ).rejects.toThrow();
  });
});

describe('recordAction', () => {
  it('stores an action once however many times it is reported', async () => {
    const db = fresh();
    const first = await recordAction(db, like());
    const again = await recordAction(db, like({ source: 'dom' }));
    expect(first.duplicate).toBe(false);
    expect(again).toEqual({ event: first.event, duplicate: true });
    expect(await db.events.count()).toBe(1);
    expect(first.event).toMatchObject({ syncState: 'pending', attempts: 0, action: 'like' });
  });

  it('gives a new event a time-ordered id (UUIDv7) made when it was logged', async () => {
    const db = fresh();
    const before = Date.now();
    const { event } = await recordAction(db, like());
    const after = Date.now();
    expect(event.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    const ms = Number.parseInt(event.id.replace('-', '').slice(0, 12), 16);
    expect(ms).toBeGreaterThanOrEqual(before);
    expect(ms).toBeLessThanOrEqual(after);
  });

  it('keeps a like and the unlike after it as two events', async () => {
    const db = fresh();
    await recordAction(db, like());
    await recordAction(db, like({ action: 'unlike', dedupeKey: 'x:unlike:1850000000000000001:r2' }));
    expect((await db.events.toArray()).map((e) => e.action).sort()).toEqual(['like', 'unlike']);
  });

  it('refuses a malformed action with a message naming the field, storing nothing', async () => {
    const db = fresh();
    await expect(recordAction(db, like({ targetId: 'not an id!' }))).rejects.toThrow(/targetId/);
    expect(await db.events.count()).toBe(0);
  });
});

describe('threadActivity', () => {
  it('finds my events on the tweet and anywhere in its conversation, newest first', async () => {
    const db = fresh();
    await recordAction(db, like({ targetId: '11', dedupeKey: 'k1', occurredAt: '2026-11-20T10:00:00.000Z' }));
    await recordAction(
      db,
      like({
        action: 'reply',
        targetId: '12',
        conversationId: '11',
        replyId: '99',
        dedupeKey: 'k2',
        occurredAt: '2026-11-20T11:00:00.000Z',
      }),
    );
    await recordAction(db, like({ targetId: '77', dedupeKey: 'k3' }));
    const events = await threadActivity(db, 'x', '12', '11');
    expect(events.map((e) => e.dedupeKey)).toEqual(['k2', 'k1']);
  });
});

describe('my counts', () => {
  it.each([
    ['2026-11-20T12:00:00', { replies: 1, likes: 1, unlikes: 1 }, { replies: 2, likes: 2, unlikes: 1 }],
    ['2026-12-01T00:30:00', { replies: 0, likes: 0, unlikes: 0 }, { replies: 0, likes: 0, unlikes: 0 }],
  ])('on %s counts today and this month in local time', async (now, today, month) => {
    const db = fresh();
    const at = (local: string) => new Date(local).toISOString();
    const rows: Array<[ObservedAction['action'], string]> = [
      ['reply', at('2026-11-20T09:00:00')],
      ['like', at('2026-11-20T09:05:00')],
      ['unlike', at('2026-11-20T09:06:00')],
      ['reply', at('2026-11-02T09:00:00')],
      ['like', at('2026-11-01T00:00:00')],
      ['like', at('2026-10-31T23:59:59')],
    ];
    for (const [i, [action, occurredAt]] of rows.entries()) {
      await recordAction(db, like({ action, occurredAt, dedupeKey: `k${i}` }));
    }
    expect(await myCounts(db, new Date(now))).toEqual({ today, month });
  });

  it('counts a YouTube comment as a reply', () => {
    expect(countActions([{ action: 'comment' }, { action: 'reply' }])).toEqual({
      replies: 2,
      likes: 0,
      unlikes: 0,
    });
  });
});
