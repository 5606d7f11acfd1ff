import { describe, expect, it } from 'vitest';
import { createCaptureHandlers } from '@/lib/background/capture';
import type { CapturedMention } from '@/lib/schemas/mention';
import { DEFAULT_MONITORING_SETTINGS } from '@/lib/schemas/monitoring';
import { connectionItem, monitoringItem } from '@/lib/settings/store';
import type { ReplyTrackerDB } from '@/lib/storage/db';
import { mentionsSentSince, pendingMentions, queueMentions } from '@/lib/storage/mentions';
import { freshDbs, shippedV3 } from './fresh-db';

const { fresh } = freshDbs();

const mention = (over: Partial<CapturedMention> = {}): CapturedMention => ({
  platform: 'x',
  kind: 'post',
  postId: '1922334455667788990',
  url: 'https://x.com/cryptocomplainer/status/1922334455667788990',
  authorHandle: '@cryptocomplainer',
  text: 'Kovra froze my withdrawal',
  postedAt: '2026-11-25T08:00:00.000Z',
  counts: { likes: 1 },
  seenAt: '2026-11-26T10:00:00.000Z',
  source: 'capture',
  ...over,
});

describe('the Dexie upgrade to v5 (mention outbox)', () => {
  it('opens a v3 database with its events and adds an empty mention outbox', async () => {
    const name = `rt-upgrade-${crypto.randomUUID()}`;
    await shippedV3(name);
    const db = fresh(name);
    expect(db.verno).toBeGreaterThanOrEqual(5);
    expect(await db.kv.get('k')).toEqual({ key: 'k', value: 1 });
    expect(await db.mentions.count()).toBe(0);
  });
});

describe('queueMentions', () => {
  it('keeps one row per platform + post, with the latest counts while it waits', async () => {
    const db = fresh();
    expect(
      await queueMentions(db, [
        mention(),
        mention({ counts: { likes: 5 }, seenAt: '2026-11-26T11:00:00.000Z' }),
      ]),
    ).toBe(1);
    expect(
      await queueMentions(db, [mention({ counts: { likes: 9 }, seenAt: '2026-11-26T12:00:00.000Z' })]),
    ).toBe(0);
    const rows = await pendingMentions(db).toArray();
    expect(rows).toHaveLength(1);
    expect(rows[0]?.mention.counts).toEqual({ likes: 9 });
  });

  it('does not queue again a post the server already has; counts what was sent today', async () => {
    const db = fresh();
    await queueMentions(db, [mention()]);
    await db.mentions.update('x:1922334455667788990', {
      syncState: 'sent',
      sentAt: '2026-11-26T10:30:00.000Z',
    });
    expect(await queueMentions(db, [mention({ seenAt: '2026-11-26T12:00:00.000Z' })])).toBe(0);
    expect(await pendingMentions(db).count()).toBe(0);
    expect(await mentionsSentSince(db, new Date('2026-11-26T00:00:00.000Z'))).toBe(1);
  });
});

describe('capture handlers', () => {
  const NOW = new Date('2026-11-26T12:00:00.000Z');
  async function connected(db: ReplyTrackerDB, include: string[], enabled = true) {
    await connectionItem.set(db, {
      serverUrl: 'http://127.0.0.1:1',
      token: 'rt_token_for_tests_only_0000000000',
      name: 'dana',
      role: 'ambassador',
      connectedAt: NOW.toISOString(),
    });
    await monitoringItem.set(db, {
      document: {
        ...DEFAULT_MONITORING_SETTINGS,
        terms: { include, exclude: [] },
        capture: { enabled },
        version: 2,
        updatedAt: NOW.toISOString(),
        updatedBy: 'mia',
      },
    });
  }

  it('on by default for a connected member once the team has terms; a pause stops queueing', async () => {
    const db = fresh();
    const h = createCaptureHandlers({ db, now: () => NOW });
    expect((await h['capture-status']()).active).toBe(false);
    await connected(db, ['Kovra']);
    expect(await h['capture-settings']()).toEqual({
      active: true,
      terms: { include: ['Kovra'], exclude: [] },
      version: 2,
    });
    expect(await h['capture-mentions']({ mentions: [mention()] })).toEqual({ queued: 1, refused: 0 });
    const paused = await h['capture-pause']({ paused: true });
    expect(paused).toMatchObject({ active: false, paused: true, pending: 1 });
    expect(await h['capture-mentions']({ mentions: [mention({ postId: '1922334455667788991' })] })).toEqual({
      queued: 0,
      refused: 0,
      inactive: true,
    });
    expect((await h['capture-settings']()).terms).toBeNull();
  });

  it('the team switch off, or no terms: not capturing; malformed uploads are refused', async () => {
    const db = fresh();
    const h = createCaptureHandlers({ db, now: () => NOW });
    await connected(db, ['Kovra'], false);
    expect(await h['capture-status']()).toMatchObject({ active: false, teamEnabled: false, hasTerms: true });
    await connected(db, []);
    expect(await h['capture-status']()).toMatchObject({ active: false, teamEnabled: true, hasTerms: false });
    await connected(db, ['Kovra']);
    expect(await h['capture-mentions']({ mentions: [{ postId: 'x' }] as never })).toEqual({
      queued: 0,
      refused: 1,
    });
  });

  it('one malformed entry costs only itself, and is counted; a batch that is not a list is an error', async () => {
    const db = fresh();
    const h = createCaptureHandlers({ db, now: () => NOW });
    await connected(db, ['Kovra']);
    const batch = [mention(), { ...mention({ postId: '1922334455667788992' }), postedAt: 'yesterday' }];
    expect(await h['capture-mentions']({ mentions: batch })).toEqual({ queued: 1, refused: 1 });
    expect((await h['capture-status']()).pending).toBe(1);
    await expect(h['capture-mentions']({ mentions: { postId: 'x' } as never })).rejects.toThrow(
      /must be a list of at most 200 mentions; nothing was queued/,
    );
  });
});
