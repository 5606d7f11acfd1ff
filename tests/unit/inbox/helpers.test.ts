import { afterEach, describe, expect, it, vi } from 'vitest';
import { slaState } from '../../../lib/inbox/format';
import { pollWhileVisible } from '../../../lib/inbox/poll';
import { DEFAULT_INBOX_FILTERS, inboxSearch } from '../../../lib/inbox/services';

/* The inbox's pure helpers (lib/inbox); the inbox itself, through its view: tests/unit/dashboard/inbox.test.tsx. */
const NOW = new Date('2026-11-20T12:00:00.000Z');

afterEach(() => {
  vi.useRealTimers();
});

describe('inbox helpers', () => {
  it.each([
    [
      { postedAt: '2026-11-20T10:00:00.000Z', slaDueAt: '2026-11-21T10:00:00.000Z' },
      'due',
      'posted 2 h ago · reply due in 22 h',
    ],
    [
      { postedAt: '2026-11-18T10:00:00.000Z', slaDueAt: '2026-11-19T10:00:00.000Z' },
      'overdue',
      'posted 2 d ago · overdue by 26 h',
    ],
    [
      {
        postedAt: '2026-11-20T08:00:00.000Z',
        slaDueAt: '2026-11-20T10:00:00.000Z',
        firstReplyAt: '2026-11-20T09:00:00.000Z',
      },
      'answered',
      'posted 4 h ago · first reply after 1 h, within SLA',
    ],
  ])('the SLA of %o reads %s', (m, kind, text) => {
    expect(slaState(m, NOW)).toEqual({ kind, text });
  });

  it('asks the server with only the filters set', () => {
    expect(inboxSearch(DEFAULT_INBOX_FILTERS)).toBe('status=new&limit=50');
    expect(
      inboxSearch({ ...DEFAULT_INBOX_FILTERS, platform: 'x', minReach: 1000, maxAgeHours: 48 }, 'abc'),
    ).toBe('platform=x&status=new&minReach=1000&maxAgeHours=48&cursor=abc&limit=50');
  });

  it('polls only while the page is visible, and at once when it comes back', () => {
    vi.useFakeTimers();
    const doc = Object.assign(new EventTarget(), { visibilityState: 'visible' as DocumentVisibilityState });
    const tick = vi.fn();
    const stop = pollWhileVisible(doc as unknown as Document, 1000, tick);
    vi.advanceTimersByTime(2500);
    expect(tick).toHaveBeenCalledTimes(2);
    doc.visibilityState = 'hidden';
    doc.dispatchEvent(new Event('visibilitychange'));
    vi.advanceTimersByTime(5000);
    expect(tick).toHaveBeenCalledTimes(2);
    doc.visibilityState = 'visible';
    doc.dispatchEvent(new Event('visibilitychange'));
    expect(tick).toHaveBeenCalledTimes(3);
    stop();
    vi.advanceTimersByTime(5000);
    expect(tick).toHaveBeenCalledTimes(3);
  });
});
