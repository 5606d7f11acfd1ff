import { describe, expect, it } from 'vitest';
import { replyUrl } from '../../../lib/domain/links';
import type { TrackedThread } from '../../../lib/schemas/thread';
import {
  actionLabel,
  categoryLabel,
  describeError,
  excerpt,
  formatDuration,
  handle,
  priorityLabel,
  relativeTime,
  slaStatus,
} from '../../../lib/sidebar/format';
import { createShortcutGuard, isToggleShortcut, SAME_PRESS_MS } from '../../../lib/sidebar/shortcut';

const now = new Date('2025-06-10T12:00:00.000Z');
const at = (minutesFromNow: number) => new Date(now.getTime() + minutesFromNow * 60_000).toISOString();
const MIN = 60_000;

describe('formatDuration', () => {
  it.each([
    [30 * 1000, 'down', '1 min'],
    [30 * 1000, 'up', '1 min'],
    [45 * MIN, 'down', '45 min'],
    [60 * MIN, 'down', '1 h'],
    [(5 * 60 + 12) * MIN, 'down', '5 h 12 min'],
    [(5 * 60 + 11) * MIN + 30_000, 'up', '5 h 12 min'],
    [(5 * 60 + 11) * MIN + 30_000, 'down', '5 h 11 min'],
    [24 * 60 * MIN, 'down', '1 d'],
    [(2 * 24 * 60 + 3 * 60 + 40) * MIN, 'down', '2 d 3 h'],
  ] as const)('%i ms rounded %s is "%s"', (ms, round, label) => {
    expect(formatDuration(ms, round)).toBe(label);
  });
});

describe('slaStatus', () => {
  type Row = [string, Pick<TrackedThread, 'status' | 'slaDueAt' | 'firstReplyAt'>, string, string];
  it.each<Row>([
    ['open, due later', { status: 'open', slaDueAt: at(5 * 60 + 12) }, 'due', 'Due in 5 h 12 min'],
    ['open, due in seconds', { status: 'open', slaDueAt: at(0.5) }, 'due', 'Due in 1 min'],
    ['open, a day left', { status: 'open', slaDueAt: at(26 * 60) }, 'due', 'Due in 1 d 2 h'],
    ['open, exactly at the deadline', { status: 'open', slaDueAt: at(0) }, 'late', '1 min late'],
    ['open, past due', { status: 'open', slaDueAt: at(-(3 * 60 + 20)) }, 'late', '3 h 20 min late'],
    ['answered in time', { status: 'open', slaDueAt: at(-60), firstReplyAt: at(-120) }, 'met', 'Answered'],
    [
      'answered after the deadline',
      { status: 'answered', slaDueAt: at(-180), firstReplyAt: at(-60) },
      'met',
      'Answered, 2 h late',
    ],
    ['marked answered without a logged reply', { status: 'answered', slaDueAt: at(-60) }, 'met', 'Answered'],
    ['closed', { status: 'closed', slaDueAt: at(-600) }, 'met', 'Closed'],
  ])('%s', (_name, thread, state, label) => {
    expect(slaStatus(thread, now)).toEqual({ state, label });
  });
});

describe('relativeTime', () => {
  it.each([
    [at(0), 'just now'],
    [at(-0.5), 'just now'],
    [at(2), 'just now'],
    [at(-2), '2 min ago'],
    [at(-59), '59 min ago'],
    [at(-60), '1 h ago'],
    [at(-23 * 60), '23 h ago'],
    [at(-30 * 60), 'yesterday'],
    [at(-4 * 24 * 60), '4 d ago'],
    ['2025-05-20T12:00:00.000Z', '20 May'],
    ['2024-05-20T12:00:00.000Z', '20 May 2024'],
  ])('%s is "%s"', (iso, label) => {
    expect(relativeTime(iso, now)).toBe(label);
  });
});

describe('excerpt', () => {
  it.each([
    ['short text stays', 'Withdrawal stuck', 40, 'Withdrawal stuck'],
    ['whitespace collapses', '  Withdrawal\n\n  stuck  ', 40, 'Withdrawal stuck'],
    [
      'cuts at a word boundary',
      'My withdrawal has been pending for three days',
      25,
      'My withdrawal has been…',
    ],
    ['drops trailing punctuation', 'Is this a scam, really? Support is silent', 17, 'Is this a scam…'],
    [
      'one long word is cut mid-word',
      'https://example.com/aaaaaaaaaaaaaaaaaaaaaaaa',
      20,
      'https://example.com…',
    ],
    ['exactly at the limit stays', 'abcde fghij', 11, 'abcde fghij'],
  ])('%s', (_name, text, max, out) => {
    const result = excerpt(text, max);
    expect(result).toBe(out);
    expect(result.length).toBeLessThanOrEqual(max);
  });
});

describe('labels', () => {
  it.each([
    ['support_needed', 'Needs support'],
    ['legal_security_risk', 'Legal / security risk'],
    ['positive_neutral', 'Positive / neutral'],
  ] as const)('category %s is "%s"', (id, label) => {
    expect(categoryLabel(id)).toBe(label);
  });

  it('uses a team-specific label list when given one, falling back to the defaults', () => {
    const custom = [
      { id: 'trolling', label: 'Troll', description: '', priority: 'low', slaHours: 24 },
    ] as const;
    expect(categoryLabel('trolling', custom)).toBe('Troll');
    expect(categoryLabel('trust_doubt', custom)).toBe('Doubt in reliability');
  });

  it.each([
    ['urgent', 'Urgent'],
    ['low', 'Low'],
  ] as const)('priority %s is "%s"', (p, label) => expect(priorityLabel(p)).toBe(label));

  it.each([
    ['reply', 'Reply'],
    ['like', 'Like'],
    ['unlike', 'Unlike'],
  ] as const)('action %s is "%s"', (a, label) => expect(actionLabel(a)).toBe(label));

  it.each([
    ['angry_user', '@angry_user'],
    ['@angry_user', '@angry_user'],
  ])('handle %s shows as %s', (a, out) => expect(handle(a)).toBe(out));

  it('links a reply by id alone, which X redirects to the right author', () => {
    expect(replyUrl({ platform: 'x', action: 'reply', targetId: '1', replyId: '1800000000000000999' })).toBe(
      'https://x.com/i/web/status/1800000000000000999',
    );
    expect(
      replyUrl({
        platform: 'youtube',
        action: 'reply',
        targetId: 'UgzC',
        conversationId: 'dQw4w9WgXcQ',
        replyId: 'UgzC.9',
      }),
    ).toBe('https://www.youtube.com/watch?v=dQw4w9WgXcQ&lc=UgzC.9');
  });
});

describe('describeError', () => {
  it.each([
    [
      new Error('Extension context invalidated.'),
      'Reply Tracker was updated. Reload this page to keep counting your replies and likes.',
    ],
    [
      new Error("Reply Tracker's background is unreachable: Could not establish connection."),
      "Couldn't load your counts: Reply Tracker isn't responding. Try again in a moment.",
    ],
    [new Error('Database is full'), "Couldn't load your counts. Database is full."],
    ['quota exceeded!', "Couldn't load your counts. quota exceeded!"],
    [undefined, "Couldn't load your counts. Try again in a moment."],
  ])('%s', (err, message) => {
    expect(describeError(err, 'load your counts')).toBe(message);
  });
});

describe('isToggleShortcut', () => {
  const key = (over: Partial<KeyboardEvent>) => ({
    code: 'KeyR',
    altKey: true,
    shiftKey: true,
    ctrlKey: false,
    metaKey: false,
    repeat: false,
    ...over,
  });
  it.each([
    ['Alt+Shift+R', key({}), true],
    ['Alt+R', key({ shiftKey: false }), false],
    ['Ctrl+Alt+Shift+R', key({ ctrlKey: true }), false],
    ['Alt+Shift+T', key({ code: 'KeyT' }), false],
    ['held down', key({ repeat: true }), false],
  ])('%s → %s', (_name, e, out) => expect(isToggleShortcut(e)).toBe(out));
});

describe('the shortcut guard', () => {
  it('takes one toggle per key press (keydown and browser command alike) and says when it takes the next', () => {
    let now = 1_000;
    const guard = createShortcutGuard(() => now);
    expect(guard.waiting()).toBe(0);
    expect(guard.take()).toBe(true);
    expect(guard.waiting()).toBe(1);
    // The browser command's echo of the same press.
    now += 50;
    expect(guard.take()).toBe(false);
    now += SAME_PRESS_MS - 51;
    expect(guard.waiting()).toBe(1);
    expect(guard.take()).toBe(false);
    // Measured from the press that toggled, not the echo: the next press is taken once waiting() is 0.
    now += 1;
    expect(guard.waiting()).toBe(0);
    expect(guard.take()).toBe(true);
    expect(guard.waiting()).toBe(1);
  });
});
