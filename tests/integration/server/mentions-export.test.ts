// @vitest-environment node
import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MentionsUploadResponse } from '../../../lib/schemas/mention';
import { MENTION_EXPORT_COLUMNS } from '../../../lib/schemas/mentions-report';
import { backends, makeEvent, parseCsv, sendAsItHappened, setupApi, type TestApi } from './helpers';
import { publishTerms, xMention } from './mentions-fixtures';

describe.each(backends)('mentions in the export on $name', (backend) => {
  let api: TestApi;
  beforeEach(async () => {
    api = await setupApi(backend);
    await publishTerms(api);
  });
  afterEach(() => api.cleanup());

  it('streams every mention as CSV and JSON Lines, with the manager’s correction beside the suggestion', async () => {
    const a = xMention({
      postedAt: '2026-11-19T08:00:00.000Z',
      text: '=HYPERLINK("http://evil") finvo is a scam',
    });
    const b = xMention({
      postedAt: '2026-11-20T09:00:00.000Z',
      text: 'финво не работает, деньги зависли',
      lang: 'ru',
    });
    const c = xMention({ postedAt: '2026-11-10T09:00:00.000Z' });
    const up = await api.json<MentionsUploadResponse>('POST', '/mentions', { body: { mentions: [a, b, c] } });
    const [idA] = up.body.results.map((r) => r.id!);
    const patched = await api.json('PATCH', `/mentions/${idA}`, {
      as: 'manager',
      body: { status: 'tracked', category: 'rumor_narrative' },
    });
    expect(patched.status).toBe(200);
    await sendAsItHappened(api, [
      makeEvent({
        action: 'reply',
        targetId: a.postId!,
        conversationId: a.postId!,
        occurredAt: '2026-11-19T10:00:00.000Z',
      }),
    ]);

    const res = await api.req('GET', '/export/mentions?format=json', { as: 'manager' });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toMatch(/reply-tracker-mentions-2026-11-20\.jsonl/);
    const lines = (await res.text())
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.map((l) => l.postId)).toEqual([c.postId, a.postId, b.postId]);
    expect(lines[1]).toMatchObject({
      text: a.text,
      suggestedCategory: 'trust_doubt',
      category: 'rumor_narrative',
      effectiveCategory: 'rumor_narrative',
      status: 'tracked',
      decidedBy: 'mona',
      firstReplyAt: '2026-11-19T10:00:00.000Z',
      repliedBy: ['amber'],
      polarity: 'negative',
      textDropped: false,
    });
    expect(lines[2]).toMatchObject({ language: 'ru', category: null });

    const csv = await api.req('GET', '/export/mentions?format=csv&bom=1&from=2026-11-15T00:00:00Z', {
      as: 'lead',
    });
    // Response.text() would drop the byte-order mark: read the bytes.
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(await csv.arrayBuffer());
    expect(text.startsWith('\uFEFF')).toBe(true);
    const rows = parseCsv(text.slice(1));
    expect(rows[0]).toEqual([...MENTION_EXPORT_COLUMNS]);
    expect(rows).toHaveLength(3);
    const col = (name: string) => MENTION_EXPORT_COLUMNS.indexOf(name as never);
    // A formula in a post never runs in a spreadsheet.
    expect(rows[1]![col('text')]!.startsWith('=')).toBe(false);
    expect(rows[1]![col('text')]).toContain('HYPERLINK');
    expect(rows[2]![col('text')]).toBe(b.text);

    // The same as an Excel workbook: text stays text (no formula runs), counts are numbers, times dates.
    const xlsx = await api.req('GET', '/export/mentions?format=xlsx', { as: 'lead' });
    expect(xlsx.status).toBe(200);
    expect(xlsx.headers.get('content-disposition')).toMatch(/reply-tracker-mentions-2026-11-20\.xlsx/);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(await xlsx.arrayBuffer());
    const sheet = book.getWorksheet('Mentions')!;
    const header = (sheet.getRow(1).values as unknown[]).slice(1);
    expect(header).toHaveLength(MENTION_EXPORT_COLUMNS.length);
    expect(header[col('postedAt')]).toBe('postedAt (UTC)');
    expect(sheet.rowCount).toBe(4);
    const rowA = sheet.getRow(3);
    const cell = (name: string) => rowA.getCell(col(name) + 1);
    expect(cell('text').type).toBe(ExcelJS.ValueType.String);
    expect(cell('text').value).toBe(a.text);
    expect(cell('postedAt').value).toEqual(new Date(a.postedAt));
    expect(cell('likes').value).toBe(a.counts!.likes);
    expect(cell('repliedBy').value).toBe('amber');
    rowA.eachCell((c) => expect(c.type).not.toBe(ExcelJS.ValueType.Formula));

    expect((await api.req('GET', '/export/mentions', { as: 'ambassador' })).status).toBe(403);
    expect((await api.req('GET', '/export/mentions?format=xml', { as: 'lead' })).status).toBe(400);
  });
});
