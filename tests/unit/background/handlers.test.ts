import { Dexie } from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import { createHandlers, dispatch } from '@/lib/background/handlers';
import { ReplyTrackerDB } from '@/lib/storage/db';

const dbs: ReplyTrackerDB[] = [];
afterEach(async () => {
  for (const db of dbs.splice(0)) {
    db.close();
    await Dexie.delete(db.name);
  }
});

function setup() {
  const db = new ReplyTrackerDB(`rt-${crypto.randomUUID()}`);
  dbs.push(db);
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
