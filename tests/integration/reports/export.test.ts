// @vitest-environment node
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { safeCellText } from '../../../lib/domain/csv';
import { EXPORT_COLUMNS, type ExportRow, ExportRowSchema } from '../../../lib/schemas/api';
import type { ActivityEvent } from '../../../lib/schemas/event';
import { addMember } from '../../../server/core/members';
import { backends, makeEvent, setupApi, type TestApi } from '../server/helpers';

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
  '',
];

type Logged = ActivityEvent & { member: string };

describe.each(backends)('export on $name', (backend) => {
  let api: TestApi;
  const logged: Logged[] = [];
  beforeAll(async () => {
    api = await setupApi(backend);
    const yara = (await addMember(api.db, { name: 'yara', role: 'ambassador' }, api.clock.read())).token;
    const mine = AWKWARD.map((text, i) =>
      makeEvent({
        action: 'reply',
        replyText: text || undefined,
        replyId: `99${i}`,
        conversationId: '1700000000000000001',
        category: i % 2 === 0 ? 'trust_doubt' : undefined,
        playbookId: 'trust',
        templateId: `t${i}`,
        targetAuthor: i === 3 ? '@=cmd' : undefined,
        occurredAt: `2026-10-31T23:${String(45 + i).padStart(2, '0')}:00.000Z`,
      }),
    );
    const hers: ActivityEvent[] = [
      makeEvent({
        platform: 'youtube',
        action: 'comment',
        targetId: 'dQw4w9WgXcQ',
        pageUrl: 'https://www.youtube.com/watch?v=dQw4w9WgXcQ',
        replyId: 'UgzNEW',
        replyText: 'Same here, support sorted it in a day',
        occurredAt: '2026-11-02T10:00:00.000Z',
      }),
      makeEvent({
        platform: 'youtube',
        action: 'like',
        targetId: 'UgxCOMMENT',
        conversationId: 'dQw4w9WgXcQ',
        pageUrl: 'https://www.youtube.com/watch?v=dQw4w9WgXcQ',
        occurredAt: '2026-11-02T11:00:00.000Z',
        category: 'positive_neutral',
      }),
      makeEvent({ action: 'unlike', occurredAt: '2026-11-03T11:00:00.000Z' }),
    ];
    const stored = await api.json('POST', '/events', { body: { events: mine } });
    expect(stored.status, JSON.stringify(stored.body)).toBe(200);
    await api.req('POST', '/events', { as: yara, body: { events: hers } });
    logged.push(
      ...mine.map((e) => ({ ...e, member: 'amber' })),
      ...hers.map((e) => ({ ...e, member: 'yara' })),
    );
  });
  afterAll(() => api.cleanup());

  const fetchText = async (query: string) => {
    const res = await api.req('GET', `/export?${query}`, { as: 'lead' });
    expect(res.status).toBe(200);
    return { res, bytes: new Uint8Array(await res.arrayBuffer()) };
  };
  const csvRecords = (text: string) =>
    parse(text, { columns: true, bom: true, relax_column_count: false }) as Record<string, string>[];

  it('writes CSV that a real parser reads back as the stored events, formulas defused and nothing else changed', async () => {
    const { bytes } = await fetchText('format=csv');
    const text = new TextDecoder().decode(bytes);
    expect(text.startsWith('id,')).toBe(true);
    const rows = csvRecords(text);
    expect(Object.keys(rows[0]!)).toEqual([...EXPORT_COLUMNS]);
    expect(rows).toHaveLength(logged.length);
    const defuse = (v: string | undefined) => (v === undefined ? '' : safeCellText(v));
    for (const [i, e] of logged.entries()) {
      const row = rows[i]!;
      expect(row.id).toBe(e.id);
      expect(row.member).toBe(e.member);
      expect(row.replyText).toBe(defuse(e.replyText));
      expect(row.targetAuthor).toBe(defuse(e.targetAuthor));
      expect(row.category).toBe(e.category ?? '');
      expect(row.playbookId).toBe(e.playbookId ?? '');
      expect(row.templateId).toBe(e.templateId ?? '');
      expect(row.occurredAt).toBe(e.occurredAt);
      expect(row.pageUrl).toBe(e.pageUrl);
    }
    expect(rows[3]!.replyText).toBe(`'=HYPERLINK("http://evil.example","click")`);
    expect(rows[3]!.targetAuthor).toBe(`'@=cmd`);
    // What Russian-locale Excel would otherwise split off on ";" and run.
    expect(rows.map((r) => r.replyText)).toEqual(
      expect.arrayContaining(["понятно;'=1+1", "' =1+1 behind a space", "'＝1+1 full width", ' indented']),
    );
  });

  it('links the target and my reply on X and on YouTube', async () => {
    const rows = csvRecords(new TextDecoder().decode((await fetchText('format=csv')).bytes));
    const x = rows[0]!;
    expect(x.targetUrl).toBe(`https://x.com/i/web/status/${logged[0]!.targetId}`);
    expect(x.replyUrl).toBe('https://x.com/i/web/status/990');
    const comment = rows.find((r) => r.replyId === 'UgzNEW')!;
    expect(comment.targetUrl).toBe('https://www.youtube.com/watch?v=dQw4w9WgXcQ');
    expect(comment.replyUrl).toBe('https://www.youtube.com/watch?v=dQw4w9WgXcQ&lc=UgzNEW');
    const like = rows.find((r) => r.targetId === 'UgxCOMMENT')!;
    expect(like.targetUrl).toBe('https://www.youtube.com/watch?v=dQw4w9WgXcQ&lc=UgxCOMMENT');
    expect(like.replyUrl).toBe('');
  });

  it('starts with a byte-order mark only when asked', async () => {
    const withBom = (await fetchText('format=csv&bom=1')).bytes;
    expect([...withBom.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(csvRecords(new TextDecoder('utf-8', { ignoreBOM: false }).decode(withBom))).toHaveLength(
      logged.length,
    );
    const without = (await fetchText('format=csv')).bytes;
    expect(without[0]).toBe('i'.charCodeAt(0));
  });

  it('writes JSON Lines equal to the stored events, lossless, with times in the lead’s zone', async () => {
    const { res, bytes } = await fetchText('format=json&tz=Europe/Moscow');
    expect(res.headers.get('content-type')).toMatch(/^application\/x-ndjson/);
    const rows: ExportRow[] = new TextDecoder()
      .decode(bytes)
      .trimEnd()
      .split('\n')
      .map((l) => ExportRowSchema.parse(JSON.parse(l)));
    expect(rows).toHaveLength(logged.length);
    for (const [i, e] of logged.entries()) {
      const { occurredAt, receivedAt, member, targetUrl, replyUrl, ...rest } = rows[i]!;
      const { occurredAt: at, member: who, ...stored } = e;
      expect(rest).toEqual(stored);
      expect(member).toBe(who);
      expect(Date.parse(occurredAt)).toBe(Date.parse(at));
      expect(occurredAt).toMatch(/\+03:00$/);
      expect(receivedAt).toMatch(/\+03:00$/);
      expect(targetUrl).toMatch(/^https:\/\//);
    }
    expect(rows[0]!.occurredAt).toBe('2026-11-01T02:45:00.000+03:00');
    expect(rows[0]!.replyText).toBe(AWKWARD[0]);
    expect(rows[3]!.replyText).toBe(AWKWARD[3]);
  });

  it.each([
    ['member=yara', (e: Logged) => e.member === 'yara'],
    ['platform=youtube', (e: Logged) => e.platform === 'youtube'],
    ['action=reply,comment', (e: Logged) => e.action === 'reply' || e.action === 'comment'],
    ['action=unlike', (e: Logged) => e.action === 'unlike'],
    ['category=trust_doubt', (e: Logged) => e.category === 'trust_doubt'],
    ['category=none', (e: Logged) => !e.category],
    [
      'category=positive_neutral,none&member=yara',
      (e: Logged) => e.member === 'yara' && e.category !== 'trust_doubt',
    ],
    [
      'from=2026-11-01T00:00:00%2B03:00&to=2026-11-02T10:30:00Z',
      (e: Logged) => e.occurredAt >= '2026-10-31T21:00:00.000Z' && e.occurredAt < '2026-11-02T10:30:00.000Z',
    ],
  ])('filters by %s', async (query, keep) => {
    const rows = csvRecords(new TextDecoder().decode((await fetchText(`format=csv&${query}`)).bytes));
    expect(rows.map((r) => r.id)).toEqual(logged.filter(keep).map((e) => e.id));
  });

  it('refuses unknown filter values, zones and non-leads', async () => {
    for (const q of [
      'platform=tiktok',
      'action=retweet',
      'category=spam',
      'tz=Mars/Base',
      'member=bad%20name',
      'bom=yes',
    ]) {
      expect((await api.req('GET', `/export?${q}`, { as: 'lead' })).status, q).toBe(400);
    }
    expect((await api.req('GET', '/export', { as: 'manager' })).status).toBe(403);
  });
});
