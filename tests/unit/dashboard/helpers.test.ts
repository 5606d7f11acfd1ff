// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { blobSink, createRowCounter, pipeExport } from '@/lib/reports/download';
import { change, formatMinutes, formatPercent, shiftMonth, targetProgress } from '@/lib/reports/format';
import { exportSearch, periodSearch } from '@/lib/reports/services';
import { initialFromSearch } from '@/lib/reports/store';
import { ambassadorRows } from '@/lib/reports/table';
import { DEFAULT_REPORT_SETTINGS } from '@/lib/schemas/reports';
import { fakeReports } from './fakes';

describe('KPI arithmetic for the cards', () => {
  it.each([
    [{ current: 550, previous: 500 }, 'up', '+10%'],
    [{ current: 450, previous: 500 }, 'down', '-10%'],
    [{ current: 101, previous: 100 }, 'up', '+1.0%'],
    [{ current: 5, previous: 0 }, 'up', 'new'],
    [{ current: 7, previous: 7 }, 'flat', 'no change'],
    [{ current: null, previous: 0.5 }, 'none', ''],
    [{ current: 3, previous: -2 }, 'up', '+250%'],
  ])('%j changes %s (%s)', (metric, direction, text) => {
    expect(change(metric)).toEqual({ direction, text });
  });

  it.each([
    [250, 500, false, 0.5],
    [700, 500, false, 1],
    [null, 500, false, 0],
    [12 * 60, 24 * 60, true, 1],
    [48 * 60, 24 * 60, true, 0.5],
  ])('progress of %s towards %s (lower is better: %s) is %s', (current, target, lower, expected) => {
    expect(targetProgress(current, target, lower)).toBe(expected);
  });

  it.each([
    [null, '—'],
    [45, '45 min'],
    [480, '8 h'],
    [510, '8.5 h'],
    [60 * 72, '3.0 d'],
  ])('formats %s minutes as %s', (min, text) => {
    expect(formatMinutes(min)).toBe(text);
  });

  it('formats ratios and steps months across years', () => {
    expect(formatPercent(0.909)).toBe('91%');
    expect(formatPercent(null)).toBe('—');
    expect(shiftMonth('2026-01', -1)).toBe('2025-12');
    expect(shiftMonth('2026-12', 1)).toBe('2027-01');
  });
});

describe('the ambassador table', () => {
  const { members, levels } = fakeReports().ambassadors;
  it('sorts by any column, ties by name, and searches names and level labels', () => {
    const byActions = ambassadorRows(members, levels, '', { key: 'actions', dir: 'desc' });
    expect(byActions.map((r) => r.name)).toEqual(['amber', 'bo', 'cy', 'dee']);
    expect(ambassadorRows(members, levels, '', { key: 'level', dir: 'asc' }).map((r) => r.name)).toEqual([
      'dee',
      'cy',
      'bo',
      'amber',
    ]);
    expect(ambassadorRows(members, levels, 'MENT', { key: 'name', dir: 'asc' }).map((r) => r.name)).toEqual([
      'amber',
    ]);
    expect(ambassadorRows(members, levels, ' bo ', { key: 'name', dir: 'asc' }).map((r) => r.name)).toEqual([
      'bo',
    ]);
  });
});

describe('export plumbing', () => {
  const bytes = (s: string) => new TextEncoder().encode(s);

  it('counts CSV records across chunks, not the newlines inside quoted cells', () => {
    const count = createRowCounter('csv');
    expect(count(bytes('id,text\r\n1,"a\r\nb'))).toBe(0);
    expect(count(bytes('"" c"\r\n2,plain\r\n3,"x'))).toBe(2);
    expect(count(bytes('"\r\n'))).toBe(3);
    const jsonl = createRowCounter('json');
    expect(jsonl(bytes('{"a":"x\\ny"}\n{"b":1}\n'))).toBe(2);
  });

  it('pipes a stream into a sink with progress, and a Blob comes out', async () => {
    const parts = ['id,x\r\n', '1,a\r\n2,b\r\n'];
    const body = new ReadableStream<Uint8Array>({
      start(c) {
        for (const p of parts) c.enqueue(bytes(p));
        c.close();
      },
    });
    let saved: Blob | undefined;
    const seen: number[] = [];
    const done = await pipeExport(
      body,
      'csv',
      blobSink('text/csv', (b) => (saved = b)),
      (p) => seen.push(p.rows),
    );
    expect(done).toEqual({ bytes: 16, rows: 2 });
    expect(seen).toEqual([0, 2]);
    expect(await saved?.text()).toBe(parts.join(''));
  });

  it('builds the query strings the server reads', () => {
    expect(
      exportSearch({ format: 'csv', bom: true, from: 'a', tz: 'Europe/Moscow', action: 'reply,comment' }),
    ).toBe('format=csv&bom=1&from=a&tz=Europe%2FMoscow&action=reply%2Ccomment');
    expect(exportSearch({ format: 'json', bom: true })).toBe('format=json');
    expect(periodSearch({ month: '2026-11', tz: 'UTC' })).toBe('month=2026-11&tz=UTC');
    expect(periodSearch({ from: '2026-11-01', to: '2026-11-07' })).toBe('from=2026-11-01&to=2026-11-07');
  });

  it('opens the month or range a link names, else this month', () => {
    const now = new Date(2026, 10, 20);
    expect(initialFromSearch('?month=2026-10&tz=Europe/Moscow', now)).toEqual({
      selection: { mode: 'month', month: '2026-10' },
      tz: 'Europe/Moscow',
    });
    expect(initialFromSearch('?from=2026-11-01&to=2026-11-07', now).selection).toEqual({
      mode: 'range',
      from: '2026-11-01',
      to: '2026-11-07',
    });
    expect(initialFromSearch('?month=2026-13', now).selection).toEqual({ mode: 'month', month: '2026-11' });
    expect(DEFAULT_REPORT_SETTINGS.targets.replies).toBe(500);
  });
});
