// @vitest-environment node
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type AmbassadorsResponse,
  AmbassadorsResponseSchema,
  CategoriesResponseSchema,
  DailyResponseSchema,
  NarrativesResponseSchema,
  type ReportSettings,
  ReportSettingsDocumentSchema,
  SummaryResponseSchema,
  ThreadsReportResponseSchema,
} from '../../../lib/schemas/reports';
import { revokeMember } from '../../../server/core/members';
import { backends, setupApi, type TestApi } from '../server/helpers';
import { inMoscowMonth, isReply, moscowDate, NOW, type SeededMonth, seedMonth, TZ } from './month';

const NOVEMBER = `month=2026-11&tz=${encodeURIComponent(TZ)}`;

describe.each(backends)('monthly KPIs on $name', (backend) => {
  let api: TestApi;
  let seeded: SeededMonth;
  beforeAll(async () => {
    api = await setupApi(backend);
    seeded = await seedMonth(api);
    const levels: ReportSettings = {
      timezone: TZ,
      targets: {
        replies: 500,
        likes: 500,
        activeAmbassadors: 100,
        slaCompliance: 0.9,
        medianFirstReplyHours: 24,
      },
      levels: [
        { id: 'mentor', label: 'Mentor', minActions: 60 },
        { id: 'newcomer', label: 'Newcomer', minActions: 1 },
        { id: 'regular', label: 'Regular', minActions: 20 },
      ],
    };
    const put = await api.json('PUT', '/reports/settings', { as: 'lead', body: levels });
    expect(put.status).toBe(200);
  }, 60_000);
  afterAll(() => api.cleanup());

  const get = async <T>(path: string, parse: { parse(v: unknown): T }): Promise<T> => {
    const res = await api.json(`GET`, path, { as: 'manager' });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return parse.parse(res.body);
  };

  it('counts replies, net likes and active members by Moscow month, with October beside November', async () => {
    const s = await get(`/reports/summary?${NOVEMBER}`, SummaryResponseSchema);
    expect(s.period).toMatchObject({
      from: '2026-11-01',
      to: '2026-11-30',
      start: '2026-10-31T21:00:00.000Z',
      end: '2026-11-30T21:00:00.000Z',
      days: 30,
      month: '2026-11',
    });
    expect(s.previousPeriod).toMatchObject({ from: '2026-10-01', to: '2026-10-31', month: '2026-10' });
    // By hand: ana 30 + 3 thread replies, bo 15 + 1, cy 20 + 1; October: dee 5 + 1.
    expect(s.kpis.replies).toEqual({ current: 70, previous: 6 });
    // ana 60 + 3, bo 30, cy 12, amber's 23:30Z like on 31 October UTC; minus 6 + 2 unlikes.
    expect(s.kpis.likesGiven).toEqual({ current: 106, previous: 8 });
    expect(s.kpis.unlikes).toEqual({ current: 8, previous: 0 });
    expect(s.kpis.likes).toEqual({ current: 98, previous: 8 });
    expect(s.kpis.activeAmbassadors).toEqual({ current: 4, previous: 2 });

    // The same from the raw events, by fixed-offset arithmetic rather than the zone database.
    const nov = seeded.events.filter((e) => inMoscowMonth(e.occurredAt, '2026-11'));
    expect(s.kpis.replies.current).toBe(nov.filter(isReply).length);
    expect(s.kpis.likes.current).toBe(
      nov.filter((e) => e.action === 'like').length - nov.filter((e) => e.action === 'unlike').length,
    );
    expect(s.kpis.activeAmbassadors.current).toBe(new Set(nov.map((e) => e.member)).size);
    expect(s.targets.replies).toBe(500);
  });

  it('measures the SLA on threads opened in the month: late and unanswered count against it, closed-unanswered and still-in-time do not', async () => {
    const s = await get(`/reports/summary?${NOVEMBER}`, SummaryResponseSchema);
    // T0 (opened 22:00Z on 31 October = 1 November in Moscow) … T6.
    expect(s.kpis.threadsOpened).toEqual({ current: 7, previous: 1 });
    expect(s.kpis.threadsAnswered).toEqual({ current: 4, previous: 1 });
    // Met: T0, T1, T3. Missed: T2 (48 h late), T4 (overdue). Not decided: T5 closed, T6 in time.
    expect(s.kpis.slaMet).toEqual({ current: 3, previous: 1 });
    expect(s.kpis.slaDecided).toEqual({ current: 5, previous: 1 });
    expect(s.kpis.slaCompliance).toEqual({ current: 0.6, previous: 1 });
    // First replies after 180, 300, 660 and 2880 minutes.
    expect(s.kpis.medianFirstReplyMinutes).toEqual({ current: 480, previous: 120 });
  });

  it('splits replies and likes per Moscow day and platform', async () => {
    const d = await get(`/reports/daily?${NOVEMBER}`, DailyResponseSchema);
    expect(d.days).toHaveLength(30);
    expect(d.days[0]).toEqual({
      date: '2026-11-01',
      // ana's reply and T0's, cy's reply; ana's 2 likes and amber's.
      x: { replies: 3, likes: 3, unlikes: 0 },
      youtube: { replies: 0, likes: 1, unlikes: 0 },
    });
    const expected = d.days.map(({ date }) => {
      const day = seeded.events.filter((e) => moscowDate(e.occurredAt) === date);
      const count = (platform: string, pred: (e: { action: string }) => boolean) =>
        day.filter((e) => e.platform === platform && pred(e)).length;
      const forPlatform = (p: string) => ({
        replies: count(p, isReply),
        likes: count(p, (e) => e.action === 'like'),
        unlikes: count(p, (e) => e.action === 'unlike'),
      });
      return { date, x: forPlatform('x'), youtube: forPlatform('youtube') };
    });
    expect(d.days).toEqual(expected);
  });

  it('reports activity and SLA compliance per category', async () => {
    const c = await get(`/reports/categories?${NOVEMBER}`, CategoriesResponseSchema);
    const row = (id: string) => c.categories.find((r) => r.category === id)!;
    expect(row('support_needed').replies).toEqual({ current: 30, previous: 0 });
    expect(row('trust_doubt').replies).toEqual({ current: 15, previous: 5 });
    expect(row('positive_neutral').likes).toEqual({ current: 60, previous: 0 });
    expect(row('rumor_narrative').likes).toEqual({ current: 14, previous: 1 });
    // bo's likes and the thread replies carry no category.
    expect(row('uncategorised').replies.current).toBe(5);
    expect(row('technical_question').slaCompliance).toEqual({ current: 1, previous: null });
    expect(row('support_needed').slaCompliance).toEqual({ current: 1, previous: 1 });
    expect(row('trust_doubt').slaCompliance).toEqual({ current: 0, previous: null });
    expect(row('rumor_narrative').slaCompliance.current).toBe(0);
    expect(row('trolling')).toMatchObject({
      threadsOpened: { current: 1 },
      slaCompliance: { current: null },
    });
    expect(row('positive_neutral').slaDecided.current).toBe(0);
    const sum = c.categories.reduce((n, r) => n + r.replies.current, 0);
    expect(sum).toBe(70);
  });

  it('finds the narratives and conversations that keep growing', async () => {
    const n = await get(`/reports/narratives?${NOVEMBER}`, NarrativesResponseSchema);
    expect(n.months).toEqual(['2026-06', '2026-07', '2026-08', '2026-09', '2026-10', '2026-11']);
    const rumours = n.categories.find((c) => c.category === 'rumor_narrative')!;
    // cy's 30 conversations and the recurring one; October had only that one. T4 is tracked in November.
    expect(rumours.months.at(-1)).toEqual({
      month: '2026-11',
      conversations: 31,
      actions: 34,
      threadsTracked: 1,
    });
    expect(rumours.months.at(-2)).toEqual({
      month: '2026-10',
      conversations: 1,
      actions: 1,
      threadsTracked: 0,
    });
    expect(rumours).toMatchObject({ growing: true, growth: 31 });
    const trust = n.categories.find((c) => c.category === 'trust_doubt')!;
    expect(trust.months.at(-2)?.conversations).toBe(5);
    expect(n.threads).toHaveLength(1);
    expect(n.threads[0]).toMatchObject({
      platform: 'x',
      current: 4,
      previous: 1,
      category: 'rumor_narrative',
    });
    expect(n.threads[0]!.url).toBe(`https://x.com/i/web/status/${n.threads[0]!.key}`);
  });

  it('lists every member with their month, first replies within SLA and recognition level', async () => {
    const a: AmbassadorsResponse = await get(`/reports/ambassadors?${NOVEMBER}`, AmbassadorsResponseSchema);
    expect(a.levels.map((l) => l.id)).toEqual(['newcomer', 'regular', 'mentor']);
    const m = (name: string) => a.members.find((r) => r.name === name);
    expect(m('ana')).toMatchObject({
      replies: 33,
      likes: 57,
      actions: 90,
      platforms: ['x'],
      firstReplies: 2,
      firstRepliesWithinSla: 2,
      level: 'mentor',
      lastActiveAt: '2026-11-30T12:00:00.000Z',
    });
    expect(m('bo')).toMatchObject({
      replies: 16,
      likes: 30,
      platforms: ['youtube'],
      firstReplies: 1,
      firstRepliesWithinSla: 0,
      level: 'regular',
    });
    expect(m('cy')).toMatchObject({
      replies: 21,
      likes: 10,
      actions: 31,
      platforms: ['x', 'youtube'],
      firstReplies: 1,
      firstRepliesWithinSla: 1,
      level: 'regular',
    });
    expect(m('amber')).toMatchObject({
      actions: 1,
      level: 'newcomer',
      lastActiveAt: '2026-10-31T23:30:00.000Z',
    });
    expect(m('dee')).toMatchObject({ actions: 0, previousActions: 11, level: null, platforms: [] });
    expect(m('eve')).toMatchObject({ actions: 0, level: null });
    expect(m('eve')?.lastActiveAt).toBeUndefined();
    expect(m('gone')).toBeUndefined();
    const novAna = seeded.events.filter((e) => e.member === 'ana' && inMoscowMonth(e.occurredAt, '2026-11'));
    expect(m('ana')?.threadsTouched).toBe(new Set(novAna.map((e) => e.conversationId ?? e.targetId)).size);
    expect(a.members[0]?.name).toBe('ana');
  });

  it('keeps a member revoked since in the month they were last active in, and in the month after', async () => {
    // dee was active in October only; revoked now, the report still shows who did the work.
    await revokeMember(api.db, 'dee', api.clock.read());
    const m = async (q: string) =>
      (await get(`/reports/ambassadors?${q}`, AmbassadorsResponseSchema)).members.find(
        (r) => r.name === 'dee',
      );
    expect(await m(`month=2026-10&tz=${encodeURIComponent(TZ)}`)).toMatchObject({
      revoked: true,
      actions: 11,
    });
    expect(await m(NOVEMBER)).toMatchObject({ revoked: true, actions: 0, previousActions: 11 });
    // Two months on, nothing in the month or the one before: no longer part of the team reported on.
    expect(await m(`month=2027-01&tz=${encodeURIComponent(TZ)}`)).toBeUndefined();
  });

  it('lists open, overdue (most overdue first), answered and closed threads with links', async () => {
    const t = await get(`/reports/threads?${NOVEMBER}`, ThreadsReportResponseSchema);
    expect(t.generatedAt).toBe(NOW);
    const ids = (list: { threads: { id: string }[] }) => list.threads.map((x) => x.id);
    const th = seeded.threads;
    expect(ids(t.open)).toEqual([th.T6!.id]);
    expect(ids(t.overdue)).toEqual([th.T4!.id]);
    expect(t.overdue.threads[0]?.overdueMinutes).toBe(9 * 24 * 60 + 12 * 60);
    expect(ids(t.answered).sort()).toEqual([th.T0!.id, th.T1!.id, th.T2!.id].sort());
    expect(t.answered.threads.find((x) => x.id === th.T2!.id)).toMatchObject({
      withinSla: false,
      firstReplyMinutes: 2880,
      repliedBy: ['bo'],
    });
    expect(ids(t.closed).sort()).toEqual([th.T3!.id, th.T5!.id].sort());
    expect(t.closed.threads.find((x) => x.id === th.T3!.id)?.repliedBy).toEqual(['cy', 'ana']);
    expect(t.answered.threads[0]?.url).toMatch(/^https:\/\//);
  });

  it('takes the lead’s stored zone when the request names none, and custom ranges compare with as many days before', async () => {
    const s = await get('/reports/summary?from=2026-11-01&to=2026-11-07', SummaryResponseSchema);
    expect(s.period).toMatchObject({
      tz: TZ,
      start: '2026-10-31T21:00:00.000Z',
      end: '2026-11-07T21:00:00.000Z',
      days: 7,
    });
    expect(s.previousPeriod).toMatchObject({ from: '2026-10-25', to: '2026-10-31' });
    expect(s.period.month).toBeUndefined();
    const utc = await get('/reports/summary?month=2026-11&tz=UTC', SummaryResponseSchema);
    // In UTC amber's like is October's, and the December-in-Moscow like is November's.
    expect(utc.kpis.likesGiven.current).toBe(106);
    expect(utc.kpis.activeAmbassadors.current).toBe(3);
  });

  it('keeps reports to managers and leads, and settings edits to leads', async () => {
    expect((await api.req('GET', `/reports/summary?${NOVEMBER}`, { as: 'ambassador' })).status).toBe(403);
    expect((await api.req('GET', '/reports/settings', { as: 'ambassador' })).status).toBe(403);
    const doc = ReportSettingsDocumentSchema.parse(
      (await api.json('GET', '/reports/settings', { as: 'manager' })).body,
    );
    expect(doc.updatedBy).toBe('leo');
    expect((await api.req('PUT', '/reports/settings', { as: 'manager', body: doc.settings })).status).toBe(
      403,
    );
    const bad = await api.json<{ error: { details: { issues: { path: unknown[] }[] } } }>(
      'PUT',
      '/reports/settings',
      {
        as: 'lead',
        body: { ...doc.settings, timezone: 'Mars/Olympus' },
      },
    );
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.issues[0]?.path).toEqual(['timezone']);
    for (const q of [
      'month=2026-13',
      'from=2026-11-05&to=2026-11-01',
      'from=2025-01-01&to=2026-12-31',
      'tz=Nowhere&month=2026-11',
      '',
    ]) {
      expect((await api.req('GET', `/reports/summary?${q}`, { as: 'lead' })).status, q).toBe(400);
    }
  });
});
