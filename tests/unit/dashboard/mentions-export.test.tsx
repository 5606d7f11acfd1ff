// The dashboard's "Export mentions" against the real server over HTTP (a real SQLite file): the file a
// manager saves holds exactly the period's mentions, in each format.
import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Dashboard } from '@/components/dashboard/Dashboard';
import type { ExportTarget } from '@/components/export/ExportTarget';
import type { ExportSink } from '@/lib/reports/download';
import { createServerReportsServices } from '@/lib/reports/services';
import { createDashboardStore } from '@/lib/reports/store';
import { type RealTeam, startRealTeam } from '../sync/real-team';

let team: RealTeam;

const post = (postId: string, text: string, postedAt: string) => ({
  platform: 'x',
  kind: 'post',
  postId,
  conversationId: postId,
  url: `https://x.com/upset_user/status/${postId}`,
  authorHandle: '@upset_user',
  authorFollowers: 1200,
  text,
  lang: 'en',
  postedAt,
  counts: { replies: 2, likes: 5, views: 900 },
  seenAt: postedAt,
  source: 'capture',
});

async function call(token: string, method: string, path: string, body?: unknown, headers = {}) {
  const res = await fetch(`${team.server.url}/api/v1${path}`, {
    method,
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
  return res.json();
}

beforeAll(async () => {
  team = await startRealTeam('rt-mentions-export-', [['maria', 'manager']]);
  const token = team.tokens.maria!;
  await call(token, 'PUT', '/monitoring', { terms: { include: ['finvo'] } }, { 'if-match': '"0"' });
  await call(token, 'POST', '/mentions', {
    mentions: [
      post('1860000000000000001', 'Finvo froze my card, "again", for 3 days', '2026-11-03T09:00:00.000Z'),
      post('1860000000000000002', 'Does finvo support SEPA?', '2026-11-10T09:00:00.000Z'),
      // Posted in October: outside the exported month.
      post('1860000000000000003', 'finvo was down all night', '2026-10-20T09:00:00.000Z'),
      // Not a mention: never stored, never exported.
      post('1860000000000000004', 'my finvoice is late', '2026-11-11T09:00:00.000Z'),
    ],
  });
});
afterAll(async () => team?.close());

/** Collects the saved file's bytes, and the name and type the save dialog was given. */
function byteTarget() {
  const saved: { name: string; mime: string; bytes: Uint8Array; closed: boolean }[] = [];
  const target: ExportTarget = {
    async open(name, mime) {
      const file = { name, mime, bytes: new Uint8Array(), closed: false };
      saved.push(file);
      const sink: ExportSink = {
        async write(chunk) {
          const next = new Uint8Array(file.bytes.length + chunk.length);
          next.set(file.bytes);
          next.set(chunk, file.bytes.length);
          file.bytes = next;
        },
        async close() {
          file.closed = true;
        },
        async abort() {},
      };
      return sink;
    },
  };
  return { target, saved };
}

describe('exporting mentions from the dashboard', () => {
  it('saves the month’s mentions as CSV, JSON Lines and an Excel workbook', async () => {
    const services = createServerReportsServices({
      connection: async () => ({
        serverUrl: team.server.url,
        name: 'maria',
        role: 'manager',
        token: team.tokens.maria!,
      }),
      fetch: (input, init) => fetch(input, init),
    });
    const store = createDashboardStore(services, { selection: { mode: 'month', month: '2026-11' } });
    const { target, saved } = byteTarget();
    render(<Dashboard store={store} exportTarget={target} />);
    const user = userEvent.setup();
    const start = await screen.findByRole('button', { name: 'Export mentions' }, { timeout: 10_000 });
    const panel = screen.getByTestId('mentions-export');
    const done = async (n: number) => {
      await waitFor(() =>
        expect(screen.getByTestId('mentions-export-progress')).toHaveAttribute('data-status', 'done'),
      );
      await waitFor(() => expect(saved[n]?.closed).toBe(true));
      return saved[n]!;
    };

    await user.click(start);
    const csv = await done(0);
    expect(csv).toMatchObject({ name: 'reply-tracker-mentions-2026-11-01_2026-11-30.csv', mime: 'text/csv' });
    // ignoreBOM keeps the byte-order mark in the text, so the test sees it.
    const csvText = new TextDecoder('utf-8', { ignoreBOM: true }).decode(csv.bytes);
    expect(csvText.startsWith('\uFEFF')).toBe(true);
    const lines = csvText.slice(1).split('\r\n').filter(Boolean);
    expect(lines[0]!.split(',').slice(0, 4)).toEqual(['id', 'platform', 'kind', 'postId']);
    expect(lines).toHaveLength(3);
    expect(csvText).toContain('"Finvo froze my card, ""again"", for 3 days"');
    expect(csvText).toContain('Does finvo support SEPA?');
    expect(csvText).not.toContain('1860000000000000003');
    expect(csvText).not.toContain('finvoice');
    expect(screen.getByTestId('mentions-export-progress')).toHaveTextContent('2 mentions');

    await user.click(screen.getByLabelText('JSON Lines', { exact: false }));
    await user.click(screen.getByRole('button', { name: 'Export mentions' }));
    const jsonl = await done(1);
    expect(jsonl.name).toBe('reply-tracker-mentions-2026-11-01_2026-11-30.jsonl');
    const rows = new TextDecoder()
      .decode(jsonl.bytes)
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as { postId: string; status: string; text: string });
    expect(rows.map((r) => r.postId).sort()).toEqual(['1860000000000000001', '1860000000000000002']);
    expect(rows.every((r) => r.status === 'new')).toBe(true);

    await user.click(screen.getByLabelText('Excel (.xlsx)', { exact: false }));
    expect(panel).toHaveTextContent('mentions a sheet');
    await user.click(screen.getByRole('button', { name: 'Export mentions' }));
    const xlsx = await done(2);
    expect(xlsx.name).toBe('reply-tracker-mentions-2026-11-01_2026-11-30.xlsx');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx.bytes.buffer as ArrayBuffer);
    const sheet = book.getWorksheet('Mentions')!;
    const postIdCol = (sheet.getRow(1).values as unknown[]).indexOf('postId');
    const ids: string[] = [];
    sheet.eachRow((row, n) => {
      if (n > 1) ids.push(String(row.getCell(postIdCol).value));
    });
    expect(ids.sort()).toEqual(['1860000000000000001', '1860000000000000002']);
  });
});
