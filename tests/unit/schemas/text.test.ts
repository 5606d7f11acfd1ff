import { Dexie } from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import { cleanText, storableText, TextSchema } from '@/lib/schemas/common';
import { ActivityEventSchema } from '@/lib/schemas/event';
import { NewTrackedThreadSchema } from '@/lib/schemas/thread';
import { ReplyTrackerDB } from '@/lib/storage/db';
import { recordAction } from '@/lib/storage/events';

const opened: Dexie[] = [];
afterEach(async () => {
  for (const db of opened.splice(0)) {
    db.close();
    await Dexie.delete(db.name);
  }
});

describe('the shared text type', () => {
  it('refuses NUL and half a surrogate pair, keeps whole emoji, Cyrillic and other controls', () => {
    for (const bad of ['a\u0000', '\uD83D', 'x\uDE00', '\uDE00\uD83D']) {
      expect(storableText(bad)).toBe(false);
      expect(TextSchema.safeParse(bad).error?.issues[0]?.message).toMatch(/NUL .* unpaired surrogate/);
    }
    for (const good of ['', 'Понятно 👍🏽', 'tab\there\u0001', '\uD83D\uDE00']) {
      expect(TextSchema.safeParse(good).success).toBe(true);
    }
  });

  it('is the type of the free-text fields on both sides (events, threads)', () => {
    const event = {
      id: '00000000-0000-4000-8000-000000000001',
      platform: 'x',
      action: 'reply',
      targetId: '1',
      pageUrl: 'https://x.com/a/status/1',
      occurredAt: '2026-11-20T10:00:00.000Z',
      source: 'network',
    };
    expect(ActivityEventSchema.safeParse({ ...event, replyText: 'ok\u0000' }).success).toBe(false);
    expect(ActivityEventSchema.safeParse({ ...event, targetAuthor: '\uD800' }).success).toBe(false);
    const thread = { platform: 'x', url: 'https://x.com/a/status/1', canonicalId: '1', category: 'trolling' };
    expect(NewTrackedThreadSchema.safeParse({ ...thread, note: '\u0000' }).success).toBe(false);
  });

  it('cleans page text: NUL dropped, a lone surrogate becomes U+FFFD, pairs untouched', () => {
    expect(cleanText('a\u0000b \uD83D \uD83D\uDE00 \uDE00')).toBe('ab \uFFFD \uD83D\uDE00 \uFFFD');
  });

  it('logs a real action whose page text carries NUL or half an emoji, cleaned rather than refused', async () => {
    const db = new ReplyTrackerDB(`rt-${crypto.randomUUID()}`);
    opened.push(db);
    const { event } = await recordAction(db, {
      platform: 'x',
      action: 'reply',
      targetId: '1850000000000000001',
      targetAuthor: 'troll\u0000',
      replyText: 'Thanks, fixed 👍\uD83D',
      pageUrl: 'https://x.com/troll/status/1850000000000000001',
      occurredAt: '2026-11-20T10:00:00.000Z',
      source: 'network',
      dedupeKey: 'x:reply:1',
    });
    expect(event).toMatchObject({ targetAuthor: 'troll', replyText: 'Thanks, fixed 👍\uFFFD' });
    expect(await db.events.count()).toBe(1);
  });
});
