import { describe, expect, it } from 'vitest';
import type { StoredEvent } from '@/lib/schemas/event';
import type { TrackedThread } from '@/lib/schemas/thread';
import { markAnswered } from '@/lib/storage/threads';
import { freshDbs } from './fresh-db';

const { fresh } = freshDbs('rt-answered');
const NOW = new Date('2026-11-20T13:00:00.000Z');

const thread = (over: Partial<TrackedThread> = {}): TrackedThread => ({
  id: 'c0000000-0000-4000-8000-000000000001',
  platform: 'x',
  url: 'https://x.com/angry_trader/status/1850000000000000001',
  canonicalId: '1850000000000000001',
  category: 'support_needed',
  priority: 'high',
  note: '',
  status: 'open',
  slaDueAt: '2026-11-21T10:00:00.000Z',
  createdBy: 'maria',
  createdAt: '2026-11-20T10:00:00.000Z',
  updatedAt: '2026-11-20T10:00:00.000Z',
  origin: 'server',
  ...over,
});

const reply = (over: Partial<StoredEvent> = {}): StoredEvent => ({
  id: 'a0000000-0000-4000-8000-000000000001',
  dedupeKey: 'x:reply:1',
  platform: 'x',
  action: 'reply',
  targetId: '1850000000000000009',
  conversationId: '1850000000000000001',
  pageUrl: 'https://x.com/angry_trader/status/1850000000000000009',
  occurredAt: '2026-11-20T12:00:00.000Z',
  source: 'network',
  syncState: 'pending',
  attempts: 0,
  ...over,
});

describe('a reply of mine answers the tracked thread it is in', () => {
  it("answers the team's thread and this machine's alike, at the reply's time", async () => {
    const db = fresh();
    await db.teamThreads.add(thread());
    await db.threads.add(thread({ id: 'c0000000-0000-4000-8000-000000000002', origin: 'local' }));
    await markAnswered(db, reply(), NOW);
    for (const t of [...(await db.teamThreads.toArray()), ...(await db.threads.toArray())]) {
      expect(t).toMatchObject({
        status: 'answered',
        firstReplyAt: '2026-11-20T12:00:00.000Z',
        updatedAt: NOW.toISOString(),
      });
    }
  });

  it('keeps the first reply, a closed thread closed, and leaves likes and other platforms alone', async () => {
    const db = fresh();
    await db.teamThreads.bulkAdd([
      thread({ status: 'answered', firstReplyAt: '2026-11-20T11:00:00.000Z' }),
      thread({ id: 'c0000000-0000-4000-8000-000000000003', canonicalId: '3', status: 'closed' }),
      thread({ id: 'c0000000-0000-4000-8000-000000000004', canonicalId: '4', platform: 'youtube' }),
    ]);
    const before = await db.teamThreads.toArray();
    await markAnswered(db, reply(), NOW);
    await markAnswered(db, reply({ targetId: '4', conversationId: '4', platform: 'x' }), NOW);
    await markAnswered(db, reply({ action: 'like', targetId: '1850000000000000001' }), NOW);
    expect(await db.teamThreads.toArray()).toEqual(before);
    // A reply in a closed thread is its first reply, but the manager's "closed" stands.
    await markAnswered(db, reply({ targetId: '3', conversationId: '3' }), NOW);
    expect(await db.teamThreads.get('c0000000-0000-4000-8000-000000000003')).toMatchObject({
      status: 'closed',
      firstReplyAt: '2026-11-20T12:00:00.000Z',
    });
  });
});
