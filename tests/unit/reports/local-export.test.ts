import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { safeCellText } from '../../../lib/domain/csv';
import {
  type ActionFilter,
  defaultFilters,
  encodePage,
  eventMatcher,
  exportFilename,
  exportHeader,
  filtersProblem,
  localExportRow,
  monthOf,
  type PlatformFilter,
  periodBounds,
} from '../../../lib/reports/local-export';
import { zoneFormatter } from '../../../lib/reports/time';
import { EXPORT_COLUMNS, ExportRowSchema } from '../../../lib/schemas/api';
import type { Action, StoredEvent } from '../../../lib/schemas/event';
import { storedEvent } from './events';

const AWKWARD = [
  'Plain answer',
  'Commas, "quotes" and\na newline\r\nor two',
  'Emoji 🚀🙏 and ümlauts, 中文',
  '=HYPERLINK("http://evil.example","click")',
  '+1 same here',
  '-2 points',
  '@support can you check?',
  '\tindented',
  '\rcarriage',
  '"quoted from the start"',
  'понятно;=1+1',
  ' =1+1 behind a space',
  '＝1+1 full width',
];
const utc = zoneFormatter('UTC');
const keepAll = () => true;

/** A local row may lack receivedAt (not synced yet); everything else is the server's contract. */
const LocalRowSchema = ExportRowSchema.partial({ receivedAt: true });

function csvOf(events: StoredEvent[], member = 'me', bom = false): string {
  return exportHeader({ format: 'csv', bom }) + encodePage(events, member, 'csv', utc, keepAll).text;
}

describe('CSV rows parsed back with a real CSV parser', () => {
  it.each(AWKWARD)('keeps %j', (text) => {
    const e = storedEvent({ replyText: text, targetAuthor: text.slice(0, 100) });
    const [row] = parse(csvOf([e]), { columns: true, relax_column_count: false }) as Record<string, string>[];
    // A formula-looking cell comes back with the apostrophe that keeps a spreadsheet from running it.
    const expected = safeCellText(text);
    expect(row!.replyText).toBe(expected);
    expect(row!.targetAuthor).toBe(expected);
    expect(row!.id).toBe(e.id);
  });

  it('has exactly the server export’s columns, with empty cells for what the event lacks', () => {
    const e = storedEvent({ action: 'like', replyId: undefined, replyText: undefined });
    const rows = parse(csvOf([e], 'amber'), { columns: true }) as Record<string, string>[];
    expect(Object.keys(rows[0]!)).toEqual([...EXPORT_COLUMNS]);
    expect(rows[0]).toEqual({
      id: e.id,
      member: 'amber',
      platform: 'x',
      action: 'like',
      targetId: e.targetId,
      targetUrl: `https://x.com/i/web/status/${e.targetId}`,
      targetAuthor: '',
      conversationId: e.conversationId,
      pageUrl: e.pageUrl,
      replyId: '',
      replyUrl: '',
      replyText: '',
      category: '',
      suggestedCategory: '',
      playbookId: '',
      templateId: '',
      occurredAt: e.occurredAt,
      source: 'network',
      receivedAt: '',
    });
  });

  it('starts with a byte-order mark only when asked', () => {
    expect(csvOf([], 'me', true).startsWith('\uFEFFid,member,')).toBe(true);
    expect(csvOf([], 'me', false).startsWith('id,member,')).toBe(true);
    const rows = parse(csvOf([storedEvent()], 'me', true), { columns: true, bom: true }) as Record<
      string,
      string
    >[];
    expect(rows).toHaveLength(1);
    expect(exportHeader({ format: 'json', bom: true })).toBe('');
  });

  it('writes every line ending as CRLF outside quotes, one record per event', () => {
    const events = AWKWARD.map((t) => storedEvent({ replyText: t }));
    const records = parse(csvOf(events), { columns: true }) as Record<string, string>[];
    expect(records.map((r) => r.id)).toEqual(events.map((e) => e.id));
  });
});

describe('JSON Lines', () => {
  it.each(AWKWARD)('round-trips %j unchanged (JSON needs no neutralising)', (text) => {
    const e = storedEvent({ replyText: text });
    const { text: out, rows } = encodePage([e], 'amber', 'json', utc, keepAll);
    expect(rows).toBe(1);
    expect(out.endsWith('\n')).toBe(true);
    expect(out.slice(0, -1)).not.toContain('\n');
    const parsed = LocalRowSchema.parse(JSON.parse(out));
    expect(parsed.replyText).toBe(text);
    expect(parsed).toEqual(localExportRow(e, 'amber', utc));
  });

  it('writes keys in the CSV column order and leaves absent ones out', () => {
    const e = storedEvent({ targetAuthor: undefined, category: 'trust_doubt' });
    const row = JSON.parse(encodePage([e], 'me', 'json', utc, keepAll).text) as Record<string, unknown>;
    expect(Object.keys(row)).toEqual(EXPORT_COLUMNS.filter((k) => k in row));
    expect('targetAuthor' in row).toBe(false);
    expect('receivedAt' in row).toBe(false);
    expect(row.category).toBe('trust_doubt');
  });
});

describe('a local row', () => {
  it.each([
    ['pending', undefined, undefined],
    ['synced', '2026-11-10T09:31:05.000Z', '2026-11-10T09:31:05.000Z'],
    // Synced before syncedAt was recorded: better empty than invented.
    ['synced', undefined, undefined],
  ] as const)('%s with syncedAt %s has receivedAt %s', (syncState, syncedAt, receivedAt) => {
    const e = storedEvent({ syncState, ...(syncedAt ? { syncedAt } : {}) });
    expect(localExportRow(e, 'me', utc).receivedAt).toBe(receivedAt);
  });

  it.each([
    [
      { platform: 'x', action: 'reply', targetId: '11', conversationId: '10', replyId: '12' },
      'https://x.com/i/web/status/11',
      'https://x.com/i/web/status/12',
    ],
    [
      {
        platform: 'youtube',
        action: 'comment',
        targetId: 'vid_1',
        conversationId: undefined,
        replyId: 'Ugz1',
      },
      'https://www.youtube.com/watch?v=vid_1',
      'https://www.youtube.com/watch?v=vid_1&lc=Ugz1',
    ],
    [
      { platform: 'youtube', action: 'like', targetId: 'Ugx9', conversationId: 'vid_2', replyId: undefined },
      'https://www.youtube.com/watch?v=vid_2&lc=Ugx9',
      undefined,
    ],
  ] as const)('links %o to its target and my reply', (over, target, reply) => {
    const row = localExportRow(storedEvent(over), 'me', utc);
    expect(row.targetUrl).toBe(target);
    expect(row.replyUrl).toBe(reply);
  });

  it('never carries the outbox’s own fields', () => {
    const e = storedEvent({ syncState: 'pending', attempts: 3, lastError: 'offline' });
    const row = localExportRow(e, 'me', utc) as Record<string, unknown>;
    for (const k of ['dedupeKey', 'syncState', 'attempts', 'lastError', 'syncedAt'])
      expect(k in row).toBe(false);
  });
});

describe('filters', () => {
  const events = (['reply', 'comment', 'like', 'unlike'] as Action[]).flatMap((action) =>
    (['x', 'youtube'] as const).map((platform) => storedEvent({ platform, action })),
  );
  it.each([
    ['', '', 8],
    ['x', '', 4],
    ['youtube', '', 4],
    ['', 'reply,comment', 4],
    ['x', 'reply,comment', 2],
    ['', 'like', 2],
    ['youtube', 'unlike', 1],
  ] as [PlatformFilter, ActionFilter, number][])('platform %j, action %j keeps %i', (platform, action, n) => {
    const keep = eventMatcher({ platform, action });
    const kept = events.filter(keep);
    expect(kept).toHaveLength(n);
    expect(encodePage(events, 'me', 'csv', utc, keep).rows).toBe(n);
  });

  it.each([
    [{ from: '2026-11-01', to: '2026-11-30' }, undefined],
    [{ from: '2026-11-30', to: '2026-11-30' }, undefined],
    [{ from: '2026-12-01', to: '2026-11-30' }, /ends before it starts/],
    [{ from: '', to: '2026-11-30' }, /both days/],
  ])('%o: %s', (period, problem) => {
    const f = { ...defaultFilters(new Date('2026-11-10T00:00:00Z'), 'UTC'), ...period };
    const got = filtersProblem(f);
    if (problem) expect(got).toMatch(problem);
    else expect(got).toBeUndefined();
  });
});

describe('time zones', () => {
  it.each([
    ['UTC', '2026-11-01', '2026-11-30', '2026-11-01T00:00:00.000Z', '2026-12-01T00:00:00.000Z'],
    ['Europe/Moscow', '2026-11-01', '2026-11-30', '2026-10-31T21:00:00.000Z', '2026-11-30T21:00:00.000Z'],
    ['Asia/Kolkata', '2026-11-01', '2026-11-01', '2026-10-31T18:30:00.000Z', '2026-11-01T18:30:00.000Z'],
    // New York leaves summer time at 02:00 on 1 Nov 2026: October ends at 04:00Z, November at 05:00Z.
    ['America/New_York', '2026-10-01', '2026-10-31', '2026-10-01T04:00:00.000Z', '2026-11-01T04:00:00.000Z'],
    ['America/New_York', '2026-11-01', '2026-11-30', '2026-11-01T04:00:00.000Z', '2026-12-01T05:00:00.000Z'],
  ])('%s %s–%s covers [%s, %s)', (tz, from, to, start, end) => {
    expect(periodBounds({ from, to, tz })).toEqual({ start, end });
  });

  it.each([
    ['UTC', '2026-11-01T12:00:00.000Z'],
    ['Europe/Moscow', '2026-11-01T15:00:00.000+03:00'],
    ['Asia/Kathmandu', '2026-11-01T17:45:00.000+05:45'],
    ['America/St_Johns', '2026-11-01T08:30:00.000-03:30'],
    ['America/New_York', '2026-11-01T07:00:00.000-05:00'],
  ])('writes times in %s as %s', (tz, expected) => {
    const e = storedEvent({
      occurredAt: '2026-11-01T12:00:00.000Z',
      syncState: 'synced',
      syncedAt: '2026-11-01T12:00:00.000Z',
    });
    const row = localExportRow(e, 'me', zoneFormatter(tz));
    expect(row.occurredAt).toBe(expected);
    expect(row.receivedAt).toBe(expected);
    expect(Date.parse(row.occurredAt)).toBe(Date.parse(e.occurredAt));
  });

  it.each([
    ['2026-11-30T22:30:00.000Z', 'UTC', '2026-11-01', '2026-11-30'],
    ['2026-11-30T22:30:00.000Z', 'Europe/Moscow', '2026-12-01', '2026-12-31'],
    ['2026-11-01T02:00:00.000Z', 'America/Los_Angeles', '2026-10-01', '2026-10-31'],
    ['2028-02-10T12:00:00.000Z', 'UTC', '2028-02-01', '2028-02-29'],
  ])('at %s in %s this month is %s to %s', (now, tz, from, to) => {
    expect(monthOf(new Date(now), tz)).toEqual({ from, to });
  });

  it('names the file after the period and format', () => {
    const f = defaultFilters(new Date('2026-11-10T00:00:00Z'), 'UTC');
    expect(exportFilename(f, 'csv')).toBe('reply-tracker-my-log-2026-11-01_2026-11-30.csv');
    expect(exportFilename(f, 'json')).toBe('reply-tracker-my-log-2026-11-01_2026-11-30.jsonl');
  });
});
