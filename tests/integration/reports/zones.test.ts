// @vitest-environment node
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatInZone, startOfLocalDay, zoneFormatter } from '../../../lib/reports/time';
import { DailyResponseSchema, SummaryResponseSchema } from '../../../lib/schemas/reports';
import { resolvePeriods } from '../../../server/reports/period';
import { backends, makeEvent, sendAsItHappened, setupApi, type TestApi } from '../server/helpers';

const iso = (t: number) => new Date(t).toISOString();

describe('local day and month boundaries', () => {
  it.each([
    ['Europe/Moscow', '2026-11-01', '2026-10-31T21:00:00.000Z'],
    ['Europe/Berlin', '2026-10-25', '2026-10-24T22:00:00.000Z'], // the 25-hour day: CEST at midnight
    ['Europe/Berlin', '2026-10-26', '2026-10-25T23:00:00.000Z'],
    ['Europe/Berlin', '2026-03-29', '2026-03-28T23:00:00.000Z'], // the 23-hour day
    ['Europe/Berlin', '2026-03-30', '2026-03-29T22:00:00.000Z'],
    ['America/New_York', '2026-11-01', '2026-11-01T04:00:00.000Z'],
    ['America/New_York', '2026-11-02', '2026-11-02T05:00:00.000Z'],
    ['Asia/Kathmandu', '2026-11-02', '2026-11-01T18:15:00.000Z'],
    ['Australia/Lord_Howe', '2026-10-05', '2026-10-04T13:00:00.000Z'], // half-hour DST, after it starts
    // Chile skips local midnight when DST starts: the day begins at 01:00, when the clocks jump.
    ['America/Santiago', '2026-09-06', '2026-09-06T04:00:00.000Z'],
    ['America/Santiago', '2026-09-07', '2026-09-07T03:00:00.000Z'],
    ['UTC', '2026-01-01', '2026-01-01T00:00:00.000Z'],
  ])('%s starts %s at %s', (tz, date, expected) => {
    const [year, month, day] = date.split('-').map(Number) as [number, number, number];
    expect(iso(startOfLocalDay(tz, { year, month, day }))).toBe(expected);
  });

  it('resolves a month and the month before it, and a custom range and as many days before it', () => {
    const m = resolvePeriods({ month: '2026-03' }, 'Europe/Berlin');
    expect(m.period).toMatchObject({
      start: '2026-02-28T23:00:00.000Z',
      end: '2026-03-31T22:00:00.000Z',
      days: 31,
    });
    expect(m.previous).toMatchObject({ from: '2026-02-01', to: '2026-02-28', month: '2026-02', days: 28 });
    const jan = resolvePeriods({ month: '2026-01' }, 'UTC');
    expect(jan.previous).toMatchObject({ from: '2025-12-01', to: '2025-12-31' });
    const r = resolvePeriods({ from: '2026-03-01', to: '2026-03-10' }, 'UTC');
    expect(r.previous).toMatchObject({ from: '2026-02-19', to: '2026-02-28', days: 10 });
  });

  it.each([
    ['Europe/Moscow', '2026-10-31T23:30:00.000Z', '2026-11-01T02:30:00.000+03:00'],
    ['America/New_York', '2026-11-01T05:30:00.000Z', '2026-11-01T01:30:00.000-04:00'],
    ['America/New_York', '2026-11-01T06:30:00.000Z', '2026-11-01T01:30:00.000-05:00'],
    ['Asia/Kathmandu', '2026-11-01T18:14:59.999Z', '2026-11-01T23:59:59.999+05:45'],
    ['UTC', '2026-11-01T00:00:00.000Z', '2026-11-01T00:00:00.000+00:00'],
  ])('writes %s times with their offset: %s is %s', (tz, utc, local) => {
    expect(formatInZone(tz, utc)).toBe(local);
    expect(Date.parse(local)).toBe(Date.parse(utc));
  });

  it('formats a run of times across a DST change the same as one at a time', () => {
    const fmt = zoneFormatter('Europe/Berlin');
    for (
      let t = Date.parse('2026-10-24T23:00:00Z');
      t < Date.parse('2026-10-25T03:00:00Z');
      t += 7 * 60_000
    ) {
      expect(fmt(iso(t))).toBe(formatInZone('Europe/Berlin', iso(t)));
    }
  });
});

describe.each(backends)('per-day figures across DST and odd offsets on $name', (backend) => {
  let api: TestApi;
  beforeAll(async () => {
    api = await setupApi(backend);
    const times = [
      '2026-10-24T21:59:59.999Z', // Berlin 24 Oct 23:59:59 CEST
      '2026-10-24T22:00:00.000Z', // Berlin 25 Oct 00:00 CEST
      '2026-10-25T00:30:00.000Z', // 02:30 CEST, the first time round
      '2026-10-25T01:30:00.000Z', // 02:30 CET, the second
      '2026-10-25T22:59:00.000Z', // 23:59 CET: still the 25th
      '2026-10-25T23:00:00.000Z', // 26 Oct
      '2026-11-01T18:14:00.000Z', // Kathmandu 1 Nov 23:59
      '2026-11-01T18:15:00.000Z', // Kathmandu 2 Nov 00:00
    ];
    await sendAsItHappened(
      api,
      times.map((occurredAt) => makeEvent({ action: 'reply', occurredAt })),
    );
  });
  afterAll(() => api.cleanup());

  const days = async (q: string) => {
    const res = await api.json('GET', `/reports/daily?${q}`, { as: 'lead' });
    expect(res.status).toBe(200);
    const d = DailyResponseSchema.parse(res.body);
    return Object.fromEntries(d.days.map((x) => [x.date, x.x.replies]));
  };

  it('gives Berlin’s 25-hour 25 October all four of its replies', async () => {
    const d = await days('from=2026-10-24&to=2026-10-26&tz=Europe/Berlin');
    expect(d).toEqual({ '2026-10-24': 1, '2026-10-25': 4, '2026-10-26': 1 });
  });

  it('splits Kathmandu’s days at 18:15 UTC', async () => {
    const d = await days('from=2026-11-01&to=2026-11-02&tz=Asia/Kathmandu');
    expect(d['2026-11-01']).toBe(1);
    expect(d['2026-11-02']).toBe(1);
    const s = SummaryResponseSchema.parse(
      (
        await api.json('GET', '/reports/summary?from=2026-11-02&to=2026-11-02&tz=Asia/Kathmandu', {
          as: 'lead',
        })
      ).body,
    );
    expect(s.kpis.replies.current).toBe(1);
  });
});
