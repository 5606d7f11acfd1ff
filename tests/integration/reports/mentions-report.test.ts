// @vitest-environment node
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CapturedMentionInput, MentionsUploadResponse } from '../../../lib/schemas/mention';
import { type MentionsReport, MentionsReportSchema } from '../../../lib/schemas/mentions-report';
import { applyRetention } from '../../../server/core/retention';
import { backends, makeEvent, sendAsItHappened, setupApi, type TestApi } from '../server/helpers';
import { publishTerms } from '../server/mentions-fixtures';

const MONTHS = ['2026-03', '2026-04', '2026-05', '2026-06', '2026-07', '2026-08', '2026-09', '2026-10'];
const NEGATIVE = [
  'Finvo withdrawal stuck for 3 days, support ignores me',
  'finvo is a scam, they stole my money',
  'Finvo app crashes every time I log in, terrible',
];

/** Negative mentions a month: 40 in March falling to 20 in October, the campaign's promise. */
const negativesIn = (i: number) => Math.round(40 * (1 - (0.5 * i) / (MONTHS.length - 1)));

let seq = 0;
function post(month: string, day: number, hour: number, text: string): CapturedMentionInput {
  seq += 1;
  const postId = `19${String(seq).padStart(10, '0')}`;
  const postedAt = `${month}-${String(day).padStart(2, '0')}T${String(hour).padStart(2, '0')}:00:00.000Z`;
  return {
    platform: 'x',
    kind: 'post',
    postId,
    conversationId: postId,
    url: `https://x.com/someone/status/${postId}`,
    authorHandle: '@someone',
    authorFollowers: 100,
    text,
    lang: 'en',
    postedAt,
    counts: { likes: 1 },
    seenAt: new Date(Date.parse(postedAt) + 3_600_000).toISOString(),
    source: 'capture',
  };
}

describe.each(backends)('the mentions report on $name', (backend) => {
  let api: TestApi;
  beforeEach(async () => {
    api = await setupApi(backend);
    await publishTerms(api);
  });
  afterEach(() => api.cleanup());

  const upload = async (items: CapturedMentionInput[]) => {
    const ids: string[] = [];
    for (let i = 0; i < items.length; i += 200) {
      const res = await api.json<MentionsUploadResponse>('POST', '/mentions', {
        body: { mentions: items.slice(i, i + 200) },
      });
      expect(res.status).toBe(200);
      for (const r of res.body.results) {
        expect(r.outcome).toBe('created');
        ids.push(r.id!);
      }
    }
    return ids;
  };
  const decide = async (month: string, id: string, patch: Record<string, unknown>) => {
    api.clock.now = new Date(`${month}-15T12:00:00.000Z`);
    const res = await api.json('PATCH', `/mentions/${id}`, { as: 'manager', body: patch });
    expect(res.status).toBe(200);
  };

  it('an eight-month campaign shows the negative background halved against its first month', async () => {
    const october: { negatives: CapturedMentionInput[]; ids: string[] } = { negatives: [], ids: [] };
    for (const [i, month] of MONTHS.entries()) {
      const negatives = Array.from({ length: negativesIn(i) }, (_, k) =>
        post(month, 1 + (k % 28), 9 + (k % 10), NEGATIVE[k % 3]!),
      );
      const neutral = Array.from({ length: 15 }, (_, k) =>
        post(month, 1 + k, 8, 'Just opened a Finvo account today'),
      );
      const positive = Array.from({ length: 5 }, (_, k) =>
        post(month, 2 + k, 7, 'Love the new Finvo card, great design'),
      );
      const spam =
        month === '2026-10' ? Array.from({ length: 6 }, (_, k) => post(month, 20 + k, 6, NEGATIVE[1]!)) : [];
      const ids = await upload([...negatives, ...neutral, ...positive, ...spam]);
      const negIds = ids.slice(0, negatives.length);
      const neutralIds = ids.slice(negatives.length, negatives.length + 15);
      // Each month the manager tracks two negative mentions and dismisses three off-topic ones.
      for (const id of negIds.slice(0, 2)) await decide(month, id, { status: 'tracked' });
      for (const id of neutralIds.slice(0, 3))
        await decide(month, id, { status: 'dismissed', reason: 'irrelevant' });
      if (spam.length > 0)
        for (const id of ids.slice(-spam.length))
          await decide(month, id, { status: 'dismissed', reason: 'spam' });
      if (month === '2026-10') Object.assign(october, { negatives, ids: negIds });
    }
    api.clock.now = new Date('2026-11-20T12:00:00.000Z');

    // The team answered four of October's support complaints: three within the 24-hour SLA.
    const support = october.negatives.filter((m) => m.text === NEGATIVE[0]).slice(0, 4);
    const delays = [60, 120, 600, 30 * 60];
    await sendAsItHappened(
      api,
      support.map((m, i) =>
        makeEvent({
          action: 'reply',
          targetId: m.postId!,
          conversationId: m.postId!,
          pageUrl: m.url!,
          occurredAt: new Date(Date.parse(m.postedAt!) + delays[i]! * 60_000).toISOString(),
        }),
      ),
    );
    api.clock.now = new Date('2026-11-20T12:00:00.000Z');

    // Retention empties the spring's texts; the counts stay.
    expect(await applyRetention(api.db, api.clock.read())).toBeGreaterThan(0);

    const res = await api.json<MentionsReport>('GET', '/reports/mentions?month=2026-10', { as: 'lead' });
    expect(res.status).toBe(200);
    const report = MentionsReportSchema.parse(res.body);

    expect(report.background).toMatchObject({
      baselineMonth: '2026-03',
      baseline: 40,
      target: 20,
      ratio: 0.5,
      halved: true,
    });
    expect(report.background.months.map((m) => m.month)).toEqual(MONTHS);
    expect(report.background.months.map((m) => m.negative)).toEqual(MONTHS.map((_, i) => negativesIn(i)));
    expect(report.background.months.map((m) => [m.tracked, m.dismissed])).toEqual(
      MONTHS.map((m) => [2, m === '2026-10' ? 9 : 3]),
    );
    expect(report.background.months.at(-1)!.mentions).toBe(20 + 6 + 15 + 5);

    expect(report.daily).toHaveLength(31);
    const sum = (k: 'total' | 'negative' | 'neutral' | 'positive') =>
      report.daily.reduce((n, d) => n + d[k], 0);
    expect([sum('total'), sum('negative'), sum('neutral'), sum('positive')]).toEqual([46, 26, 15, 5]);
    expect(report.daily.reduce((n, d) => n + (d.categories.trust_doubt ?? 0), 0)).toBe(7 + 6);

    expect(report.firstReply).toEqual({
      mentions: 20,
      replied: 4,
      decided: 20,
      withinSla: 3,
      share: 3 / 20,
      medianMinutes: 360,
      p90Minutes: 1800,
    });

    expect(report.narrativeMonths).toEqual(MONTHS.slice(-6));
    const scam = report.narratives.find((n) => n.category === 'trust_doubt')!;
    expect(scam.recurring).toBe(true);
    expect(scam.words).toContain('scam');

    // An explicit baseline month is honoured; ambassadors do not read reports.
    const fromMay = await api.json<MentionsReport>(
      'GET',
      '/reports/mentions?month=2026-10&baseline=2026-05',
      { as: 'manager' },
    );
    expect(fromMay.body.background).toMatchObject({
      baselineMonth: '2026-05',
      baseline: negativesIn(2),
      halved: false,
    });
    expect((await api.json('GET', '/reports/mentions?month=2026-10', { as: 'ambassador' })).status).toBe(403);
    expect((await api.json('GET', '/reports/mentions?month=2026-13', { as: 'lead' })).status).toBe(400);
  });
});
