/**
 * An ambassador with no team server likes a reply on x.com, then exports their own log from the
 * options page: the CSV that lands in Downloads reads back as the stored event.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localExportRow } from '../../lib/reports/local-export';
import { zoneFormatter } from '../../lib/reports/time';
import { wallClockDate, xlsxHeader } from '../../lib/reports/xlsx';
import { EXPORT_COLUMNS } from '../../lib/schemas/api';
import type { StoredEvent } from '../../lib/schemas/event';
import { FIXTURE } from '../fixtures/x/routes';
import {
  type ExtensionBrowser,
  launchWithExtension,
  PRODUCTION_DIR,
  watchPageErrors,
} from './harness/extension';
import { eventually, readEvents } from './harness/idb';
import { article, serveFakeX } from './harness/x-site';

let browser: ExtensionBrowser;

beforeAll(async () => {
  browser = await launchWithExtension();
  await serveFakeX(browser.context);
});
afterAll(async () => browser?.close());

describe('my activity log without a server', () => {
  it('exports the like I just gave as a CSV row equal to the stored event', async () => {
    const x = await browser.context.newPage();
    const xErrors = watchPageErrors(x);
    await x.goto(FIXTURE.status.url);
    const target = FIXTURE.status.replyIds[0];
    const tweet = article(x, target);
    await tweet.locator('[data-testid="like"]').click();
    await expect.poll(() => tweet.locator('[data-testid="unlike"]').count()).toBe(1);
    const logged = await eventually(
      async () => readEvents(await browser.worker()),
      (es) => es.some((e) => e.targetId === target),
    );
    const like = logged.find((e) => e.targetId === target) as StoredEvent;
    expect(like).toMatchObject({ action: 'like', syncState: 'pending' });
    expect(xErrors).toEqual([]);
    await x.close();

    const options = await browser.context.newPage();
    const errors = watchPageErrors(options);
    // The save dialog cannot be answered headless; the page falls back to an ordinary download.
    await options.addInitScript(() => {
      Object.defineProperty(window, 'showSaveFilePicker', { value: undefined });
    });
    await options.goto(`chrome-extension://${browser.extensionId}/options.html`);
    const section = options.getByTestId('local-export');
    await expect
      .poll(() => options.getByTestId('options-status').getAttribute('data-connected'))
      .toBe('false');
    await expect.poll(() => section.getByTestId('local-export-count').getAttribute('data-count')).toBe('1');
    expect(await section.getByTestId('local-export-member').innerText()).toBe('me');
    // Nobody here is a manager: no team report to open.
    expect(await options.getByTestId('options-open-dashboard').count()).toBe(0);

    const tz = await section.getByTestId('local-export-tz').inputValue();
    const download = options.waitForEvent('download');
    await section.getByTestId('local-export-start').click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/^reply-tracker-my-log-\d{4}-\d{2}-01_\d{4}-\d{2}-\d{2}\.csv$/);
    await expect
      .poll(() => section.getByTestId('local-export-progress').getAttribute('data-status'))
      .toBe('done');
    expect(await section.getByTestId('local-export-progress').innerText()).toContain('1 row');

    const text = readFileSync((await file.path())!, 'utf8');
    expect(text.startsWith('\uFEFF')).toBe(true);
    const rows = parse(text, { columns: true, bom: true }) as Record<string, string>[];
    expect(rows).toHaveLength(1);
    const row = rows[0]!;
    expect(Object.keys(row)).toEqual([...EXPORT_COLUMNS]);
    const expected = localExportRow(like, 'me', zoneFormatter(tz));
    expect(row).toEqual(Object.fromEntries(EXPORT_COLUMNS.map((k) => [k, expected[k] ?? ''])));
    // And said plainly, not only through the shared mapping:
    expect(row).toMatchObject({
      id: like.id,
      member: 'me',
      platform: 'x',
      action: 'like',
      targetId: target,
      targetUrl: `https://x.com/i/web/status/${target}`,
      conversationId: FIXTURE.status.rootId,
      pageUrl: FIXTURE.status.url,
      replyId: '',
      source: 'network',
      receivedAt: '',
    });
    expect(Date.parse(row.occurredAt!)).toBe(Date.parse(like.occurredAt));
    expect(errors).toEqual([]);
    await options.close();
  });

  it('exports the same log as an Excel workbook, exceljs fetched by the options page alone', async () => {
    const logged = await readEvents(await browser.worker());
    expect(logged).toHaveLength(1);
    const like = logged[0] as StoredEvent;

    const options = await browser.context.newPage();
    const errors = watchPageErrors(options);
    await options.addInitScript(() => {
      Object.defineProperty(window, 'showSaveFilePicker', { value: undefined });
    });
    await options.goto(`chrome-extension://${browser.extensionId}/options.html`);
    const section = options.getByTestId('local-export');
    await expect.poll(() => section.getByTestId('local-export-count').getAttribute('data-count')).toBe('1');
    await section.getByLabel('Excel (.xlsx)').check();
    expect(await section.getByTestId('xlsx-sheet-note').innerText()).toContain('1,048,575 events a sheet');
    const tz = await section.getByTestId('local-export-tz').inputValue();
    const download = options.waitForEvent('download');
    await section.getByTestId('local-export-start').click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/^reply-tracker-my-log-\d{4}-\d{2}-01_\d{4}-\d{2}-\d{2}\.xlsx$/);
    await expect
      .poll(() => section.getByTestId('local-export-progress').getAttribute('data-status'))
      .toBe('done');
    expect(await section.getByTestId('local-export-progress').innerText()).toContain('1 row');

    const book = new ExcelJS.Workbook();
    await book.xlsx.load(Uint8Array.from(readFileSync((await file.path())!)).buffer);
    const sheet = book.getWorksheet('Events')!;
    expect((sheet.getRow(1).values as unknown[]).slice(1)).toEqual(xlsxHeader(tz));
    expect(sheet.rowCount).toBe(2);
    const row = sheet.getRow(2);
    const cell = (name: (typeof EXPORT_COLUMNS)[number]) => row.getCell(EXPORT_COLUMNS.indexOf(name) + 1);
    expect(cell('id').value).toBe(like.id);
    expect(cell('targetId').type).toBe(ExcelJS.ValueType.String);
    expect(cell('targetId').value).toBe(like.targetId);
    expect(cell('member').value).toBe('me');
    expect(cell('occurredAt').type).toBe(ExcelJS.ValueType.Date);
    expect(cell('occurredAt').value).toEqual(wallClockDate(zoneFormatter(tz)(like.occurredAt)));
    // The page's CSP allowed the lazily loaded library to run: no errors.
    expect(errors).toEqual([]);
    await options.close();

    // Content scripts run on x.com and YouTube in every tab: the workbook library stays out of them.
    const scripts = join(PRODUCTION_DIR, 'content-scripts');
    for (const name of readdirSync(scripts).filter((f) => f.endsWith('.js'))) {
      const code = readFileSync(join(scripts, name), 'utf8');
      expect(code, name).not.toContain('xl/worksheets');
      expect(code, name).not.toContain('ExcelJS');
    }
  });
});
