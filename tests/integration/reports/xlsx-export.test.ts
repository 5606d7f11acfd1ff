// @vitest-environment node
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { wallClockDate, xlsxHeader } from '../../../lib/reports/xlsx';
import { EXPORT_COLUMNS } from '../../../lib/schemas/api';
import { createApp } from '../../../server/app';
import { backends, makeEvent, setupApi, type TestApi } from '../server/helpers';

const TEXTS = [
  '=1+1',
  'понятно;=1+1',
  ' =1+1',
  '＝1+1',
  '-2 points',
  '@support can you check?',
  '=HYPERLINK("http://evil.example","click")',
  'Commas, "quotes" and\na newline',
  '00123',
  '1e5',
  'TRUE',
  'Emoji 🚀🙏 and ümlauts, 中文',
];

const col = (name: (typeof EXPORT_COLUMNS)[number]) => EXPORT_COLUMNS.indexOf(name) + 1;

async function readBook(res: Response): Promise<ExcelJS.Workbook> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(await res.arrayBuffer());
  return book;
}

/** A sheet's data rows, header skipped, as ExcelJS read them back. */
function dataRows(sheet: ExcelJS.Worksheet): ExcelJS.Row[] {
  const rows: ExcelJS.Row[] = [];
  sheet.eachRow((row, n) => {
    if (n > 1) rows.push(row);
  });
  return rows;
}

describe.each(backends)('xlsx export on $name', (backend) => {
  let api: TestApi;
  beforeEach(async () => {
    api = await setupApi(backend);
  });
  afterEach(() => api.cleanup());

  const logReplies = async (texts: readonly string[]) => {
    const events = texts.map((text, i) =>
      makeEvent({
        action: 'reply',
        replyText: text,
        replyId: `77${i}`,
        targetAuthor: text.slice(0, 50),
        occurredAt: `2026-11-20T11:${String(10 + i).padStart(2, '0')}:30.250Z`,
      }),
    );
    const stored = await api.json('POST', '/events', { body: { events } });
    expect(stored.status, JSON.stringify(stored.body)).toBe(200);
    return events;
  };

  it('keeps every text a string, formulas included, and the times as real dates in the chosen zone', async () => {
    const events = await logReplies(TEXTS);
    const res = await api.req('GET', '/export?format=xlsx&tz=Europe/Moscow', { as: 'lead' });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe(
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
    expect(res.headers.get('content-disposition')).toMatch(/attachment; filename=".+\.xlsx"/);

    const book = await readBook(res);
    expect(book.worksheets.map((s) => s.name)).toEqual(['Events']);
    const sheet = book.worksheets[0]!;
    const header = sheet.getRow(1).values as unknown[];
    expect(header.slice(1)).toEqual(xlsxHeader('Europe/Moscow'));
    expect(header).toContain('occurredAt (Europe/Moscow)');

    const rows = dataRows(sheet);
    expect(rows).toHaveLength(events.length);
    for (const [i, e] of events.entries()) {
      const row = rows[i]!;
      for (const [name, want] of [
        ['id', e.id],
        ['replyText', e.replyText],
        ['targetAuthor', e.targetAuthor],
        ['member', 'amber'],
        ['targetId', e.targetId],
      ] as const) {
        const cell = row.getCell(col(name));
        // Exactly the logged text: no apostrophe needed, a string cell is never run.
        expect(cell.type, `${name} of ${JSON.stringify(want)}`).toBe(ExcelJS.ValueType.String);
        expect(cell.value).toBe(want);
      }
      const occurred = row.getCell(col('occurredAt'));
      expect(occurred.type).toBe(ExcelJS.ValueType.Date);
      // Moscow is UTC+3: the sheet shows 14:xx for 11:xx UTC, to the millisecond.
      expect((occurred.value as Date).toISOString()).toBe(e.occurredAt.replace('T11:', 'T14:'));
      expect(occurred.numFmt).toBe('yyyy-mm-dd hh:mm:ss');
      expect(row.getCell(col('receivedAt')).value).toEqual(wallClockDate('2026-11-20T15:00:00.000+03:00'));
      // Nothing in the file is a formula.
      row.eachCell((cell) => expect(cell.type).not.toBe(ExcelJS.ValueType.Formula));
    }
    expect(rows[0]!.getCell(col('replyText')).value).toBe('=1+1');
    expect(rows[1]!.getCell(col('replyText')).value).toBe('понятно;=1+1');
    expect(rows[8]!.getCell(col('replyText')).value).toBe('00123');
    // An absent value is an empty cell, not the text "undefined".
    expect(rows[0]!.getCell(col('category')).type).toBe(ExcelJS.ValueType.Null);
  });

  it('shows text that looks like Excel’s _xHHHH_ escape as typed, in the file’s own XML', async () => {
    const texts = [
      '_x0041_',
      'price_x0024_up_x00e9_ now',
      '_x005F_',
      '__x0041__',
      '_X00C9_',
      'my_x_var _x12_',
    ];
    await logReplies(texts);
    const res = await api.req('GET', '/export?format=xlsx', { as: 'lead' });
    const zip = await JSZip.loadAsync(await res.arrayBuffer());
    // Every string the workbook holds (shared, inline, or a `t="str"` cell's <v>, which is what the
    // streaming writer makes), read as Excel reads it: XML entities, then
    // each _xHHHH_ as the character U+HHHH (ECMA-376 ST_Xstring).
    const xml = await Promise.all(
      Object.keys(zip.files)
        .filter((f) => /^xl\/(sharedStrings|worksheets\/sheet\d+)\.xml$/.test(f))
        .map((f) => zip.file(f)!.async('string')),
    );
    const entities: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
    const shown = xml.flatMap((x) =>
      [...x.matchAll(/<(t|v)(?:\s[^>]*)?>([^<]*)<\/\1>/g)].map((m) =>
        m[2]!
          .replace(/&(amp|lt|gt|quot|apos);/g, (_, e: string) => entities[e]!)
          .replace(/_x([0-9A-Fa-f]{4})_/g, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16))),
      ),
    );
    for (const text of texts) expect(shown, text).toContain(text);
    // (exceljs's reader is no judge here: it decodes the escape in shared strings only, not in these cells.)
  });

  it('continues on another sheet, header repeated, when a sheet is full, losing and repeating nothing', async () => {
    const events = await logReplies(['a', 'b', 'c', 'd', 'e']);
    const app = createApp({ db: api.db, clock: api.clock.read, rateLimit: false, xlsxEventsPerSheet: 2 });
    const res = await app.request('/api/v1/export?format=xlsx', {
      headers: { authorization: `Bearer ${api.tokens.lead}` },
    });
    expect(res.status).toBe(200);
    const book = await readBook(res);
    expect(book.worksheets.map((s) => s.name)).toEqual(['Events', 'Events 2', 'Events 3']);
    for (const sheet of book.worksheets) {
      expect((sheet.getRow(1).values as unknown[]).slice(1)).toEqual(xlsxHeader('UTC'));
    }
    expect(book.worksheets.map((s) => dataRows(s).length)).toEqual([2, 2, 1]);
    const ids = book.worksheets.flatMap((s) => dataRows(s).map((r) => r.getCell(col('id')).value));
    expect(ids).toEqual(events.map((e) => e.id));
  });

  it('answers an empty period with a workbook holding just the header', async () => {
    await logReplies(['only one']);
    const res = await api.req(
      'GET',
      '/export?format=xlsx&from=2020-01-01T00:00:00Z&to=2020-02-01T00:00:00Z',
      {
        as: 'lead',
      },
    );
    const book = await readBook(res);
    expect(book.worksheets).toHaveLength(1);
    expect(book.worksheets[0]!.rowCount).toBe(1);
  });
});
