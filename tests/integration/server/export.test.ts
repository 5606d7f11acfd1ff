// @vitest-environment node
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EXPORT_COLUMNS, ExportRowSchema } from '../../../lib/schemas/api';
import { backends, makeEvent, parseCsv, setupApi, type TestApi } from './helpers';

const AWKWARD = [
  'Plain answer',
  'Commas, "quotes" and\na newline\r\nor two',
  'Emoji 🚀🙏 and ümlauts',
  '=HYPERLINK("http://evil.example","click")',
  '+1 same here',
  '-2 points',
  '@support can you check?',
  '\tindented',
  '\rcarriage',
  'понятно;=1+1',
];

describe.each(backends)('GET /export on $name', (backend) => {
  let api: TestApi;
  beforeEach(async () => {
    api = await setupApi(backend);
  });
  afterEach(() => api.cleanup());

  it('exports CSV that parses back to what was logged, with formulas defused', async () => {
    const events = AWKWARD.map((text, i) =>
      makeEvent({
        action: 'reply',
        replyText: text,
        replyId: `99${i}`,
        occurredAt: `2026-11-20T10:00:${String(i).padStart(2, '0')}.000Z`,
      }),
    );
    await api.req('POST', '/events', { body: { events } });

    const res = await api.req('GET', '/export?format=csv', { as: 'lead' });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(res.headers.get('content-disposition')).toMatch(/attachment; filename=".+\.csv"/);
    const rows = parseCsv(await res.text());
    expect(rows[0]).toEqual([...EXPORT_COLUMNS]);
    const col = (name: (typeof EXPORT_COLUMNS)[number]) => EXPORT_COLUMNS.indexOf(name);
    const body = rows.slice(1);
    expect(body).toHaveLength(AWKWARD.length);
    expect(body.map((r) => r[col('id')])).toEqual(events.map((e) => e.id));
    expect(body.map((r) => r[col('member')])).toEqual(AWKWARD.map(() => 'amber'));
    expect(body.map((r) => r[col('replyText')])).toEqual([
      'Plain answer',
      // One kind of line break in a cell: \r is a control character (and a formula trigger).
      'Commas, "quotes" and\na newline\nor two',
      'Emoji 🚀🙏 and ümlauts',
      `'=HYPERLINK("http://evil.example","click")`,
      `'+1 same here`,
      `'-2 points`,
      `'@support can you check?`,
      ' indented',
      '\ncarriage',
      // Russian-locale Excel splits on ";": the second half must not become a formula there.
      `понятно;'=1+1`,
    ]);
    expect(body[0]?.[col('targetAuthor')]).toBe('');
    expect(body[0]?.[col('receivedAt')]).toBe('2026-11-20T12:00:00.000Z');
  });

  it('exports JSON Lines in time order, filtered by from (inclusive) and to (exclusive)', async () => {
    const times = ['2026-11-01T00:00:00.000Z', '2026-11-10T00:00:00.000Z', '2026-11-15T00:00:00.000Z'];
    await api.req('POST', '/events', {
      body: { events: [...times].reverse().map((t) => makeEvent({ occurredAt: t, replyText: AWKWARD[1] })) },
    });
    const res = await api.req(
      'GET',
      '/export?format=json&from=2026-11-01T00:00:00Z&to=2026-11-15T00:00:00Z',
      {
        as: 'lead',
      },
    );
    expect(res.headers.get('content-type')).toMatch(/^application\/x-ndjson/);
    const lines = (await res.text()).split('\n');
    expect(lines.at(-1)).toBe('');
    const rows = lines.slice(0, -1).map((l) => ExportRowSchema.parse(JSON.parse(l)));
    expect(rows.map((r) => r.occurredAt)).toEqual(times.slice(0, 2));
    expect(rows[0]?.replyText).toBe(AWKWARD[1]);
  });

  it('pages through more events than one page holds without losing or repeating any', async () => {
    const events = Array.from({ length: 1234 }, (_, i) =>
      // Many share a timestamp, so paging must break ties by id.
      makeEvent({ occurredAt: `2026-11-20T0${i % 10}:00:00.000Z` }),
    );
    for (let i = 0; i < events.length; i += 500) {
      await api.req('POST', '/events', { body: { events: events.slice(i, i + 500) } });
    }
    const text = await (await api.req('GET', '/export', { as: 'lead' })).text();
    const ids = text
      .trim()
      .split('\n')
      .map((l) => (JSON.parse(l) as { id: string }).id);
    expect(ids).toHaveLength(1234);
    expect(new Set(ids).size).toBe(1234);
  });

  it("lets other work run while a long export streams (a member's sync is not held up by it)", async () => {
    const events = Array.from({ length: 4000 }, (_, i) =>
      makeEvent({ occurredAt: `2026-11-20T0${i % 10}:00:00.000Z` }),
    );
    for (let i = 0; i < events.length; i += 500) {
      await api.req('POST', '/events', { body: { events: events.slice(i, i + 500) } });
    }
    const res = await api.req('GET', '/export?format=csv', { as: 'lead' });
    const reader = res.body!.getReader();
    let lines = 0;
    let linesWhenTimerRan: number | undefined;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      // A timer set once the export is under way: it must run before the last row goes out.
      if (lines === 0) setTimeout(() => (linesWhenTimerRan ??= lines), 0);
      for (const b of value) if (b === 0x0a) lines++;
    }
    expect(lines).toBe(4001);
    expect(linesWhenTimerRan).toBeLessThan(4001);
  });

  it('refuses an unknown format or a backwards range', async () => {
    expect((await api.req('GET', '/export?format=xls', { as: 'lead' })).status).toBe(400);
    expect(
      (await api.req('GET', '/export?from=2026-11-20T00:00:00Z&to=2026-11-01T00:00:00Z', { as: 'lead' }))
        .status,
    ).toBe(400);
  });
});
