import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ExportSink } from '../../../lib/reports/download';
import { defaultFilters, type LocalExportFilters } from '../../../lib/reports/local-export';
import {
  countEvents,
  dexieLocalExportServices,
  eventPages,
  type LocalExportRun,
  runLocalExport,
} from '../../../lib/reports/local-source';
import { wallClockDate, xlsxHeader } from '../../../lib/reports/xlsx';
import { EXPORT_COLUMNS } from '../../../lib/schemas/api';
import type { StoredEvent } from '../../../lib/schemas/event';
import { connectionItem } from '../../../lib/settings/store';
import { ReplyTrackerDB } from '../../../lib/storage/db';
import { storedEvent } from './events';

let db: ReplyTrackerDB;
let dbCount = 0;

beforeEach(async () => {
  db = new ReplyTrackerDB(`local-export-${++dbCount}`);
  await db.open();
});
afterEach(async () => {
  db.close();
  await db.delete();
});

const NOVEMBER: LocalExportFilters = { ...defaultFilters(new Date('2026-11-15T12:00:00Z'), 'UTC') };

/** Collects what was written; `gate` holds the export at a chosen write until released. */
function memorySink(gate?: { at: number; reached: () => void; wait: Promise<void> }) {
  const chunks: Uint8Array[] = [];
  const state = { closed: false, aborted: false };
  const sink: ExportSink = {
    async write(chunk) {
      chunks.push(chunk);
      if (gate && chunks.length === gate.at) {
        gate.reached();
        await gate.wait;
      }
    },
    async close() {
      state.closed = true;
    },
    async abort() {
      state.aborted = true;
    },
  };
  const text = () => new TextDecoder().decode(Buffer.concat(chunks));
  return { sink, state, text };
}

function deferred() {
  let resolve = () => {};
  const promise = new Promise<void>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

const run = (sink: ExportSink, over: Partial<LocalExportRun> = {}): LocalExportRun => ({
  filters: NOVEMBER,
  options: { format: 'csv', bom: false },
  member: 'amber',
  sink,
  signal: new AbortController().signal,
  onProgress: () => {},
  ...over,
});

describe('reading the log a page at a time', () => {
  it.each([1, 3, 7, 500])(
    'yields every event once, oldest first, with pages of %i and many equal times',
    async (size) => {
      // Ten events per second: pages end in the middle of a run of equal timestamps.
      const events = Array.from({ length: 95 }, (_, i) =>
        storedEvent({ occurredAt: `2026-11-10T09:30:${String(Math.floor(i / 10)).padStart(2, '0')}.000Z` }),
      );
      await db.events.bulkAdd([...events].reverse());
      const seen: StoredEvent[] = [];
      let pages = 0;
      for await (const page of eventPages(
        db,
        { start: '2026-11-01T00:00:00.000Z', end: '2026-12-01T00:00:00.000Z' },
        size,
      )) {
        expect(page.length).toBeLessThanOrEqual(size);
        seen.push(...page);
        pages++;
      }
      expect(seen.map((e) => e.id).sort()).toEqual(events.map((e) => e.id).sort());
      expect(new Set(seen.map((e) => e.id)).size).toBe(events.length);
      expect(seen.map((e) => e.occurredAt)).toEqual(events.map((e) => e.occurredAt));
      expect(pages).toBe(Math.ceil(events.length / size));
    },
  );

  it('takes the start of the period and leaves its end out', async () => {
    const at = (occurredAt: string) => storedEvent({ occurredAt });
    const inside = [at('2026-11-01T00:00:00.000Z'), at('2026-11-30T23:59:59.999Z')];
    await db.events.bulkAdd([at('2026-10-31T23:59:59.999Z'), ...inside, at('2026-12-01T00:00:00.000Z')]);
    const { sink, text } = memorySink();
    const done = await runLocalExport(db, run(sink));
    const rows = parse(text(), { columns: true }) as Record<string, string>[];
    expect(rows.map((r) => r.id)).toEqual(inside.map((e) => e.id));
    expect(done.rows).toBe(2);
    expect(await countEvents(db, NOVEMBER)).toBe(2);
  });
});

describe('exporting the log', () => {
  it('streams every matching event into the sink as CSV equal to the stored events, reporting progress', async () => {
    const events = Array.from({ length: 1234 }, (_, i) =>
      storedEvent({
        platform: i % 3 === 0 ? 'youtube' : 'x',
        action: i % 2 === 0 ? 'like' : 'reply',
        replyText: i % 2 === 0 ? undefined : `answer ${i}, "quoted"\nwith a newline 🚀`,
        occurredAt: new Date(Date.UTC(2026, 10, 1) + i * 60_000).toISOString(),
      }),
    );
    await db.events.bulkAdd(events);
    const progress: number[] = [];
    const { sink, state, text } = memorySink();
    const done = await runLocalExport(db, run(sink, { onProgress: (p) => progress.push(p.rows) }));
    expect(state).toEqual({ closed: true, aborted: false });
    expect(done.rows).toBe(1234);
    expect(done.bytes).toBe(new TextEncoder().encode(text()).byteLength);
    // More than one page, each reported, never going backwards.
    expect(progress.length).toBeGreaterThan(1);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
    expect(progress.at(-1)).toBe(1234);
    const rows = parse(text(), { columns: true }) as Record<string, string>[];
    expect(rows.map((r) => [r.id, r.platform, r.action, r.replyText, r.occurredAt])).toEqual(
      events.map((e) => [e.id, e.platform, e.action, e.replyText ?? '', e.occurredAt]),
    );
  });

  it.each([
    [{ platform: 'youtube' }, 4],
    [{ action: 'like' }, 6],
    [{ platform: 'x', action: 'reply,comment' }, 4],
  ] as const)('applies %o to the count and the file alike (%i)', async (patch, n) => {
    const events = Array.from({ length: 12 }, (_, i) =>
      storedEvent({ platform: i % 3 === 0 ? 'youtube' : 'x', action: i % 2 === 0 ? 'like' : 'reply' }),
    );
    await db.events.bulkAdd(events);
    const filters = { ...NOVEMBER, ...patch };
    expect(await countEvents(db, filters)).toBe(n);
    const { sink, text } = memorySink();
    await runLocalExport(db, run(sink, { filters, options: { format: 'json', bom: true } }));
    expect(text().trimEnd().split('\n')).toHaveLength(n);
  });

  it('stops between pages when cancelled and throws the file away', async () => {
    await db.events.bulkAdd(
      Array.from({ length: 2000 }, (_, i) =>
        storedEvent({ occurredAt: new Date(Date.UTC(2026, 10, 2) + i * 1000).toISOString() }),
      ),
    );
    const controller = new AbortController();
    const held = deferred();
    const release = deferred();
    // Held while writing the first page (the header is write 1).
    const { sink, state } = memorySink({ at: 2, reached: held.resolve, wait: release.promise });
    const running = runLocalExport(db, run(sink, { signal: controller.signal }));
    await held.promise;
    controller.abort();
    release.resolve();
    await expect(running).rejects.toMatchObject({ name: 'AbortError' });
    expect(state).toEqual({ closed: false, aborted: true });
  });

  it('attributes rows to the connected member, else to "me"', async () => {
    const services = dexieLocalExportServices(() => db);
    expect(await services.member()).toBe('me');
    await connectionItem.set(db, {
      serverUrl: 'https://replies.example.org',
      token: 'rt_secret',
      name: 'amber',
      role: 'ambassador',
      connectedAt: '2026-11-01T00:00:00.000Z',
    });
    expect(await services.member()).toBe('amber');
  });
});

describe('exporting the log as .xlsx', () => {
  const col = (name: (typeof EXPORT_COLUMNS)[number]) => EXPORT_COLUMNS.indexOf(name) + 1;
  async function workbook(chunks: Uint8Array[]) {
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(Uint8Array.from(Buffer.concat(chunks)).buffer);
    return book;
  }
  function sinkOf() {
    const chunks: Uint8Array[] = [];
    const state = { closed: false, aborted: false };
    const sink: ExportSink = {
      async write(c) {
        chunks.push(c);
      },
      async close() {
        state.closed = true;
      },
      async abort() {
        state.aborted = true;
      },
    };
    return { sink, chunks, state };
  }

  it('writes one workbook whose texts are strings, formulas included, and whose times are dates', async () => {
    const texts = ['=1+1', 'понятно;=1+1', '＝1+1', 'bell\u0007 gone', '-2 points'];
    const events = texts.map((replyText, i) =>
      storedEvent({
        replyText,
        occurredAt: new Date(Date.UTC(2026, 10, 3, 9, i)).toISOString(),
        ...(i === 0 ? { syncState: 'synced' as const, syncedAt: '2026-11-03T09:30:00.000Z' } : {}),
      }),
    );
    await db.events.bulkAdd(events);
    const { sink, chunks, state } = sinkOf();
    const progress: number[] = [];
    const done = await runLocalExport(
      db,
      run(sink, {
        filters: { ...NOVEMBER, tz: 'Europe/Moscow' },
        options: { format: 'xlsx', bom: false },
        onProgress: (p) => progress.push(p.rows),
      }),
    );
    expect(state).toEqual({ closed: true, aborted: false });
    expect(done).toEqual({ rows: 5, bytes: Buffer.concat(chunks).byteLength });
    expect(progress.at(-1)).toBe(5);
    const sheet = (await workbook(chunks)).getWorksheet('Events')!;
    expect((sheet.getRow(1).values as unknown[]).slice(1)).toEqual(xlsxHeader('Europe/Moscow'));
    const want = ['=1+1', 'понятно;=1+1', '＝1+1', 'bell gone', '-2 points'];
    for (const [i, e] of events.entries()) {
      const row = sheet.getRow(i + 2);
      const text = row.getCell(col('replyText'));
      expect(text.type).toBe(ExcelJS.ValueType.String);
      expect(text.value).toBe(want[i]);
      expect(row.getCell(col('id')).value).toBe(e.id);
      const at = row.getCell(col('occurredAt'));
      expect(at.type).toBe(ExcelJS.ValueType.Date);
      expect(at.value).toEqual(new Date(Date.parse(e.occurredAt) + 3 * 3_600_000));
    }
    // Heard back from the server: a date; not yet: an empty cell, as in the CSV.
    expect(sheet.getRow(2).getCell(col('receivedAt')).value).toEqual(
      wallClockDate('2026-11-03T12:30:00.000'),
    );
    expect(sheet.getRow(3).getCell(col('receivedAt')).type).toBe(ExcelJS.ValueType.Null);
  });

  it('continues on a new sheet at the per-sheet limit', async () => {
    const events = Array.from({ length: 7 }, (_, i) =>
      storedEvent({ occurredAt: new Date(Date.UTC(2026, 10, 4, 8, i)).toISOString() }),
    );
    await db.events.bulkAdd(events);
    const { sink, chunks } = sinkOf();
    await runLocalExport(db, run(sink, { options: { format: 'xlsx', bom: false }, xlsxEventsPerSheet: 3 }));
    const book = await workbook(chunks);
    expect(book.worksheets.map((s) => [s.name, s.rowCount])).toEqual([
      ['Events', 4],
      ['Events 2', 4],
      ['Events 3', 2],
    ]);
    const ids = book.worksheets.flatMap((s) => (s.getColumn(col('id')).values as unknown[]).slice(2));
    expect(ids).toEqual(events.map((e) => e.id));
  });

  it('throws the workbook away when cancelled', async () => {
    await db.events.bulkAdd(Array.from({ length: 3 }, () => storedEvent()));
    const controller = new AbortController();
    controller.abort();
    const { sink, chunks, state } = sinkOf();
    await expect(
      runLocalExport(db, run(sink, { options: { format: 'xlsx', bom: false }, signal: controller.signal })),
    ).rejects.toMatchObject({ name: 'AbortError' });
    expect(state).toEqual({ closed: false, aborted: true });
    expect(chunks).toEqual([]);
  });
});
