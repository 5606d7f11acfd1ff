import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ExportTarget } from '../../../components/export/ExportTarget';
import { Options } from '../../../components/options/Options';
import { createPagesStore } from '../../../lib/pages/store';
import type { ExportSink } from '../../../lib/reports/download';
import { defaultFilters } from '../../../lib/reports/local-export';
import { createLocalExportStore } from '../../../lib/reports/local-export-store';
import { dexieLocalExportServices, type LocalExportServices } from '../../../lib/reports/local-source';
import type { SyncStatus } from '../../../lib/schemas/status';
import { connectionItem } from '../../../lib/settings/store';
import { ReplyTrackerDB } from '../../../lib/storage/db';
import { fakeServices, status } from '../popup/fakes';
import { storedEvent } from '../reports/events';

const disconnected: SyncStatus = { connected: false, pending: 2, held: 0, syncing: false };
const NOVEMBER = defaultFilters(new Date('2026-11-15T12:00:00Z'), 'Europe/Moscow');

let db: ReplyTrackerDB;
let dbCount = 0;
beforeEach(async () => {
  db = new ReplyTrackerDB(`options-export-${++dbCount}`);
  await db.open();
});
afterEach(async () => {
  db.close();
  await db.delete();
});

/** Files the page saved, decoded; `hold` keeps the first page's write waiting until released. */
function fakeTarget(opts: { hold?: boolean } = {}) {
  const files: {
    name: string;
    mime: string;
    text: () => string;
    bytes: () => Uint8Array;
    state: { closed: boolean; aborted: boolean };
  }[] = [];
  let release = () => {};
  const held = new Promise<void>((r) => {
    release = r;
  });
  const target: ExportTarget = {
    open: vi.fn(async (name: string, mime: string) => {
      const chunks: Uint8Array[] = [];
      const state = { closed: false, aborted: false };
      files.push({
        name,
        mime,
        state,
        text: () => new TextDecoder('utf-8', { ignoreBOM: true }).decode(Buffer.concat(chunks)),
        bytes: () => Uint8Array.from(Buffer.concat(chunks)),
      });
      const sink: ExportSink = {
        async write(chunk) {
          chunks.push(chunk);
          if (opts.hold && chunks.length === 2) await held;
        },
        async close() {
          state.closed = true;
        },
        async abort() {
          state.aborted = true;
        },
      };
      return sink;
    }),
  };
  return { target, files, release };
}

function renderOptions(
  opts: {
    sync?: SyncStatus;
    services?: LocalExportServices;
    target?: ExportTarget;
    onOpenDashboard?: () => void;
  } = {},
) {
  const fake = fakeServices(opts.sync ?? disconnected);
  const localExport = createLocalExportStore(opts.services ?? dexieLocalExportServices(() => db), NOVEMBER);
  render(
    <Options
      store={createPagesStore(fake.services)}
      localExport={localExport}
      exportTarget={opts.target ?? fakeTarget().target}
      onOpenDashboard={opts.onOpenDashboard ?? vi.fn()}
      pollMs={60_000}
    />,
  );
  return within(screen.getByTestId('local-export'));
}

const count = () => screen.getByTestId('local-export-count');

async function seed() {
  const events = [
    storedEvent({
      replyText: 'Same here, "support" fixed it,\nthanks 🙏',
      occurredAt: '2026-11-03T08:00:00.000Z',
    }),
    storedEvent({
      action: 'like',
      replyId: undefined,
      replyText: undefined,
      occurredAt: '2026-11-04T08:00:00.000Z',
    }),
    storedEvent({
      platform: 'youtube',
      action: 'comment',
      targetId: 'vid_1',
      conversationId: undefined,
      pageUrl: 'https://www.youtube.com/watch?v=vid_1',
      replyId: 'Ugz1',
      replyText: '=1+1 is what I typed',
      occurredAt: '2026-11-05T08:00:00.000Z',
      syncState: 'synced',
      syncedAt: '2026-11-05T08:00:02.000Z',
    }),
    // Moscow's November starts at 21:00 UTC on 31 October.
    storedEvent({ occurredAt: '2026-10-31T21:00:00.000Z' }),
    storedEvent({ occurredAt: '2026-10-31T20:59:59.999Z' }),
  ];
  await db.events.bulkAdd(events);
  return events;
}

describe('my activity log on the options page', () => {
  it('counts this month’s events in my zone and follows the filters', async () => {
    await seed();
    const section = renderOptions();
    expect(section.getByRole('heading', { name: 'My activity log' })).toBeInTheDocument();
    expect(section.getByTestId('local-export-from')).toHaveValue('2026-11-01');
    expect(section.getByTestId('local-export-to')).toHaveValue('2026-11-30');
    expect(section.getByTestId('local-export-tz')).toHaveValue('Europe/Moscow');
    await waitFor(() => expect(count()).toHaveTextContent('4 matching events, times in Europe/Moscow.'));

    await userEvent.selectOptions(section.getByTestId('local-export-platform'), 'x');
    await waitFor(() => expect(count()).toHaveAttribute('data-count', '3'));
    await userEvent.selectOptions(section.getByTestId('local-export-action'), 'like');
    await waitFor(() => expect(count()).toHaveTextContent('1 matching event,'));
    await userEvent.selectOptions(section.getByTestId('local-export-platform'), '');
    await userEvent.selectOptions(section.getByTestId('local-export-action'), '');
    // In UTC the event at 21:00 on 31 October falls in October.
    await userEvent.selectOptions(section.getByTestId('local-export-tz'), 'UTC');
    await waitFor(() => expect(count()).toHaveTextContent('3 matching events, times in UTC.'));
  });

  it('exports CSV with the team export’s columns, marked "me" without a server', async () => {
    const events = await seed();
    const { target, files } = fakeTarget();
    const section = renderOptions({ target });
    await waitFor(() => expect(count()).toHaveAttribute('data-count', '4'));
    expect(section.getByTestId('local-export-member')).toHaveTextContent('me');
    await userEvent.click(section.getByTestId('local-export-start'));

    await waitFor(() =>
      expect(section.getByTestId('local-export-progress')).toHaveAttribute('data-status', 'done'),
    );
    expect(section.getByTestId('local-export-progress')).toHaveTextContent('4 rows');
    expect(target.open).toHaveBeenCalledWith('reply-tracker-my-log-2026-11-01_2026-11-30.csv', 'text/csv');
    const file = files[0]!;
    expect(file.state).toEqual({ closed: true, aborted: false });
    // The byte-order mark is on by default, for Excel.
    expect(file.text().startsWith('\uFEFFid,member,')).toBe(true);
    const rows = parse(file.text(), { columns: true, bom: true }) as Record<string, string>[];
    expect(rows.map((r) => r.id)).toEqual([events[3]!.id, events[0]!.id, events[1]!.id, events[2]!.id]);
    expect(rows.every((r) => r.member === 'me')).toBe(true);
    expect(rows[1]!.replyText).toBe('Same here, "support" fixed it,\nthanks 🙏');
    expect(rows[1]!.occurredAt).toBe('2026-11-03T11:00:00.000+03:00');
    expect(rows[1]!.receivedAt).toBe('');
    expect(rows[3]!.replyText).toBe("'=1+1 is what I typed");
    expect(rows[3]!.replyUrl).toBe('https://www.youtube.com/watch?v=vid_1&lc=Ugz1');
    expect(rows[3]!.receivedAt).toBe('2026-11-05T11:00:02.000+03:00');
  });

  it('exports JSON Lines under my member name once connected, without a byte-order mark', async () => {
    await seed();
    await connectionItem.set(db, {
      serverUrl: 'https://replies.example.org',
      token: 'rt_secret',
      name: 'amber',
      role: 'ambassador',
      connectedAt: '2026-11-01T00:00:00.000Z',
    });
    const { target, files } = fakeTarget();
    const section = renderOptions({ sync: status(), target });
    await waitFor(() => expect(section.getByTestId('local-export-member')).toHaveTextContent('amber'));
    await userEvent.click(section.getByLabelText('JSON Lines'));
    expect(section.getByLabelText('Byte-order mark for Excel')).toBeDisabled();
    await userEvent.click(section.getByTestId('local-export-start'));
    await waitFor(() =>
      expect(section.getByTestId('local-export-progress')).toHaveAttribute('data-status', 'done'),
    );
    expect(target.open).toHaveBeenCalledWith(
      'reply-tracker-my-log-2026-11-01_2026-11-30.jsonl',
      'application/x-ndjson',
    );
    const lines = files[0]!.text().trimEnd().split('\n');
    expect(lines).toHaveLength(4);
    expect(lines.map((l) => (JSON.parse(l) as { member: string }).member)).toEqual([
      'amber',
      'amber',
      'amber',
      'amber',
    ]);
    expect(files[0]!.text().charCodeAt(0)).toBe('{'.charCodeAt(0));
  });

  it('exports an Excel workbook whose formula-looking text stays text, and says what happens past Excel’s row limit', async () => {
    await seed();
    const { target, files } = fakeTarget();
    const section = renderOptions({ target });
    await waitFor(() => expect(count()).toHaveAttribute('data-count', '4'));
    expect(section.queryByTestId('xlsx-sheet-note')).toBeNull();
    await userEvent.click(section.getByLabelText('Excel (.xlsx)'));
    expect(section.getByLabelText('Byte-order mark for Excel')).toBeDisabled();
    expect(section.getByTestId('xlsx-sheet-note')).toHaveTextContent(
      /1,048,575 events a sheet; a longer export continues on sheets “Events 2”/,
    );
    await userEvent.click(section.getByTestId('local-export-start'));
    await waitFor(() =>
      expect(section.getByTestId('local-export-progress')).toHaveAttribute('data-status', 'done'),
    );
    expect(section.getByTestId('local-export-progress')).toHaveTextContent(/4 rows/);
    expect(target.open).toHaveBeenCalledWith(
      'reply-tracker-my-log-2026-11-01_2026-11-30.xlsx',
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
    expect(files[0]!.state).toEqual({ closed: true, aborted: false });
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(files[0]!.bytes().buffer as ArrayBuffer);
    const sheet = book.getWorksheet('Events')!;
    expect(sheet.rowCount).toBe(5);
    const texts = (sheet.getColumn(12).values as unknown[]).slice(2);
    expect(texts).toContain('=1+1 is what I typed');
    expect(sheet.getColumn(12).values[1]).toBe('replyText');
  });

  it('shows progress against the count, and cancelling throws the file away', async () => {
    await db.events.bulkAdd(
      Array.from({ length: 1200 }, (_, i) =>
        storedEvent({ occurredAt: new Date(Date.UTC(2026, 10, 2) + i * 1000).toISOString() }),
      ),
    );
    const { target, files, release } = fakeTarget({ hold: true });
    const section = renderOptions({ target });
    await waitFor(() => expect(count()).toHaveAttribute('data-count', '1200'));
    await userEvent.click(section.getByTestId('local-export-start'));
    const progress = section.getByTestId('local-export-progress');
    await waitFor(() => expect(progress).toHaveAttribute('data-status', 'running'));
    expect(section.getByRole('progressbar', { name: 'Export progress' })).toHaveAttribute('max', '1200');
    // Filters are locked while the file is being written.
    expect(section.getByTestId('local-export-platform')).toBeDisabled();
    await userEvent.click(section.getByTestId('local-export-cancel'));
    release();
    await waitFor(() => expect(progress).toHaveAttribute('data-status', 'cancelled'));
    expect(progress).toHaveTextContent('cancelled');
    expect(files[0]!.state).toEqual({ closed: false, aborted: true });
    expect(section.getByTestId('local-export-start')).toBeEnabled();
  });

  it('does not export a period that ends before it starts', async () => {
    const { target } = fakeTarget();
    const section = renderOptions({ target });
    const from = section.getByTestId('local-export-from');
    await userEvent.clear(from);
    await userEvent.type(from, '2026-12-05');
    await waitFor(() => expect(count()).toHaveTextContent('The period ends before it starts.'));
    expect(section.getByTestId('local-export-start')).toBeDisabled();
  });

  it('says what went wrong when the log cannot be read', async () => {
    const services: LocalExportServices = {
      member: async () => 'me',
      count: async () => 3,
      exportTo: async () => {
        throw new Error('The browser refused to read the log (QuotaExceededError).');
      },
    };
    const section = renderOptions({ services });
    await waitFor(() => expect(count()).toHaveAttribute('data-count', '3'));
    await userEvent.click(section.getByTestId('local-export-start'));
    await waitFor(() =>
      expect(section.getByTestId('local-export-progress')).toHaveTextContent(/failed: The browser refused/),
    );
  });

  it('leaves nothing behind when the save dialog is dismissed', async () => {
    const target: ExportTarget = { open: vi.fn(async () => null) };
    const section = renderOptions({ target });
    await waitFor(() => expect(count()).toHaveAttribute('data-count', '0'));
    await userEvent.click(section.getByTestId('local-export-start'));
    expect(target.open).toHaveBeenCalled();
    expect(section.getByTestId('local-export-progress')).toHaveAttribute('data-status', 'idle');
  });
});

describe('the team report link', () => {
  it.each([
    ['manager', true],
    ['lead', true],
    ['ambassador', false],
  ] as const)('a connected %s sees it: %s', async (role, shown) => {
    const open = vi.fn();
    renderOptions({ sync: status({ member: { name: 'mona', role } }), onOpenDashboard: open });
    await screen.findByTestId('options-member');
    const button = screen.queryByTestId('options-open-dashboard');
    if (!shown) {
      expect(button).toBeNull();
      return;
    }
    await userEvent.click(button!);
    expect(open).toHaveBeenCalledOnce();
  });

  it('is not offered while the connection is stopped', async () => {
    renderOptions({ sync: status({ connected: false, member: { name: 'leo', role: 'lead' } }) });
    await waitFor(() => expect(screen.getByTestId('options-status')).toHaveTextContent(/stopped/));
    expect(screen.queryByTestId('options-open-dashboard')).toBeNull();
  });
});
