import { act, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { Dashboard } from '@/components/dashboard/Dashboard';
import type { ExportTarget } from '@/components/export/ExportTarget';
import { createDashboardStore } from '@/lib/reports/store';
import { fakeServices, memorySink } from './fakes';

async function open(opts: Parameters<typeof fakeServices>[0] = {}, target?: ExportTarget) {
  const services = fakeServices(opts);
  const store = createDashboardStore(services, { selection: { mode: 'month', month: '2026-11' } });
  render(<Dashboard store={store} exportTarget={target} />);
  await screen.findByTestId('kpi-replies-value');
  return { services, store, user: userEvent.setup() };
}

describe('the dashboard', () => {
  it('shows each KPI with the previous period and the target', async () => {
    await open();
    expect(screen.getByTestId('report-title')).toHaveTextContent('November 2026');
    expect(screen.getByTestId('kpi-replies-value')).toHaveTextContent('512');
    expect(screen.getByTestId('kpi-replies-previous')).toHaveTextContent('430');
    expect(screen.getByTestId('kpi-replies')).toHaveTextContent('+19%');
    expect(screen.getByTestId('kpi-replies')).toHaveTextContent('Target 500 · met');
    expect(screen.getByTestId('kpi-likes-value')).toHaveTextContent('470');
    expect(screen.getByTestId('kpi-likes')).toHaveTextContent('490 given, 20 taken back');
    expect(screen.getByTestId('kpi-active')).toHaveTextContent('Target 100 · 87%');
    expect(screen.getByTestId('kpi-sla-value')).toHaveTextContent('91%');
    expect(screen.getByTestId('kpi-median-value')).toHaveTextContent('5 h');
    expect(screen.getByTestId('kpi-median')).toHaveTextContent('met');
  });

  it('moves to the previous month and asks the server for it', async () => {
    const { services, user } = await open();
    await user.click(screen.getByRole('button', { name: 'Previous month' }));
    await waitFor(() => expect(services.queries.at(-1)).toEqual({ month: '2026-10' }));
  });

  it('turns every chart into a table of the same numbers', async () => {
    const { user } = await open();
    await user.click(screen.getByTestId('chart-daily-toggle'));
    const daily = screen.getByTestId('chart-daily-table');
    expect(daily).toBeVisible();
    const first = within(daily).getByRole('rowheader', { name: '2026-11-01' }).closest('tr')!;
    // 10 likes minus 3 unlikes on X that day.
    expect(
      within(first)
        .getAllByRole('cell')
        .map((c) => c.textContent),
    ).toEqual(['1', '2', '7', '4']);
    expect(screen.getByTestId('chart-daily-toggle')).toHaveAttribute('aria-pressed', 'true');

    await user.click(screen.getByTestId('chart-sla-toggle'));
    const sla = screen.getByTestId('chart-sla-table');
    expect(within(sla).getByRole('rowheader', { name: 'Needs support' }).closest('tr')).toHaveTextContent(
      '18 / 20',
    );
    expect(within(sla).getByRole('rowheader', { name: 'Trolling' }).closest('tr')).toHaveTextContent('—');

    await user.click(screen.getByTestId('chart-narratives-toggle'));
    const narratives = screen.getByTestId('chart-narratives-table');
    expect(
      within(narratives).getByRole('rowheader', { name: 'Rumour / narrative' }).closest('tr'),
    ).toHaveTextContent('growing (+7)');
    expect(
      within(narratives).getByRole('link', { name: 'They are shutting down in Europe' }),
    ).toHaveAttribute('href', 'https://x.com/i/web/status/1800');
  });

  it('sorts and searches the ambassadors, showing their levels', async () => {
    const { user } = await open();
    const table = screen.getByTestId('ambassador-table');
    const names = () =>
      within(table)
        .getAllByRole('rowheader')
        .map((r) => r.textContent?.match(/^[a-z]+/)?.[0]);
    expect(names()).toEqual(['amber', 'bo', 'cy', 'dee']);
    await user.click(within(table).getByRole('button', { name: /Member/ }));
    expect(within(table).getByRole('columnheader', { name: /Member/ })).toHaveAttribute(
      'aria-sort',
      'ascending',
    );
    await user.click(within(table).getByRole('button', { name: /Member/ }));
    expect(names()).toEqual(['dee', 'cy', 'bo', 'amber']);
    expect(within(table).getAllByText('Mentor')).toHaveLength(1);
    await user.type(screen.getByTestId('ambassador-search'), 'regular');
    expect(names()).toEqual(['bo']);
    await user.clear(screen.getByTestId('ambassador-search'));
    await user.type(screen.getByTestId('ambassador-search'), 'zed');
    expect(within(table).getByText(/No member matches/)).toBeInTheDocument();
  });

  it('lists overdue threads with links and how late they are', async () => {
    await open();
    const overdue = screen.getByTestId('threads-overdue');
    expect(within(overdue).getByRole('link', { name: 'Is this a scam?' })).toHaveAttribute(
      'href',
      'https://x.com/u/status/1',
    );
    expect(overdue).toHaveTextContent('26 h overdue');
    expect(screen.getByTestId('threads-tab-overdue')).toHaveAttribute('aria-selected', 'true');
  });

  it('lets the lead change targets and levels, then reloads the figures', async () => {
    const { services, user } = await open();
    await user.click(screen.getByTestId('settings-edit'));
    const active = screen.getByTestId('target-active');
    await user.clear(active);
    await user.type(active, '120');
    await user.clear(screen.getByRole('textbox', { name: 'Level 3 name' }));
    await user.type(screen.getByRole('textbox', { name: 'Level 3 name' }), 'Champion');
    await user.click(screen.getByTestId('settings-save'));
    await waitFor(() => expect(services.saved).toHaveLength(1));
    expect(services.saved[0]?.targets.activeAmbassadors).toBe(120);
    expect(services.saved[0]?.levels.map((l) => l.label)).toEqual(['Newcomer', 'Regular', 'Champion']);
    await screen.findByText(/Last changed by leo/);
  });

  it('keeps settings read-only and export closed for a manager', async () => {
    await open({ role: 'manager' });
    expect(screen.queryByTestId('settings-edit')).toBeNull();
    expect(screen.getByTestId('export')).toHaveTextContent('Exports are for leads');
  });

  it('exports the period with the chosen filters, shows rows and bytes as they arrive, and cancels', async () => {
    const sinks: ReturnType<typeof memorySink>[] = [];
    const target: ExportTarget = {
      async open() {
        const s = memorySink();
        sinks.push(s);
        return s;
      },
    };
    const { services, user } = await open({}, target);
    const panel = screen.getByTestId('export');
    await user.selectOptions(within(panel).getByRole('combobox', { name: 'Platform' }), 'youtube');
    await user.selectOptions(within(panel).getByRole('combobox', { name: 'Action' }), 'reply,comment');
    await user.click(screen.getByTestId('export-start'));
    await waitFor(() => expect(services.exports).toHaveLength(1));
    expect(services.exports[0]).toEqual({
      format: 'csv',
      bom: true,
      from: '2026-10-31T21:00:00.000Z',
      to: '2026-11-30T21:00:00.000Z',
      tz: 'Europe/Moscow',
      platform: 'youtube',
      action: 'reply,comment',
    });
    await act(async () => services.exportFeed?.push('id,text\r\n1,"two\r\nlines"\r\n2,b\r\n'));
    await waitFor(() => expect(screen.getByTestId('export-progress')).toHaveTextContent('2 rows · 30 B'));
    await user.click(screen.getByTestId('export-cancel'));
    await waitFor(() =>
      expect(screen.getByTestId('export-progress')).toHaveAttribute('data-status', 'cancelled'),
    );
    expect(sinks[0]?.aborted).toBe(true);
    expect(sinks[0]?.closed).toBe(false);

    await user.click(screen.getByTestId('export-start'));
    await waitFor(() => expect(services.exports).toHaveLength(2));
    await act(async () => {
      services.exportFeed?.push('id\r\n1\r\n');
      services.exportFeed?.end();
    });
    await waitFor(() => expect(screen.getByTestId('export-progress')).toHaveAttribute('data-status', 'done'));
    expect(sinks[1]?.closed).toBe(true);
    expect(sinks[1]?.chunks.join('')).toBe('id\r\n1\r\n');
  });

  it('asks the server for an Excel workbook, names the file .xlsx and counts only bytes on the way', async () => {
    const opened: { name: string; mime: string }[] = [];
    const sink = memorySink();
    const target: ExportTarget = {
      async open(name, mime) {
        opened.push({ name, mime });
        return sink;
      },
    };
    const { services, user } = await open({}, target);
    const panel = screen.getByTestId('export');
    await user.click(within(panel).getByLabelText('Excel (.xlsx)'));
    expect(within(panel).getByLabelText('Excel byte-order mark')).toBeDisabled();
    expect(within(panel).getByTestId('xlsx-sheet-note')).toHaveTextContent('1,048,575 events a sheet');
    await user.click(screen.getByTestId('export-start'));
    await waitFor(() => expect(services.exports).toHaveLength(1));
    expect(services.exports[0]).toMatchObject({ format: 'xlsx' });
    expect(opened).toEqual([
      {
        name: 'reply-tracker-2026-11-01_2026-11-30.xlsx',
        mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      },
    ]);
    // Zipped bytes hold no countable line breaks: no made-up row count.
    await act(async () => {
      services.exportFeed?.push('PK\u0003\u0004 zipped\n\n\n');
      services.exportFeed?.end();
    });
    await waitFor(() => expect(screen.getByTestId('export-progress')).toHaveAttribute('data-status', 'done'));
    expect(screen.getByTestId('export-progress')).toHaveTextContent(/^\d+ B · saved$/);
    expect(sink.closed).toBe(true);
    // Picking CSV for the next run does not turn the finished workbook into "0 rows".
    await user.click(within(panel).getByLabelText('CSV'));
    expect(screen.getByTestId('export-progress')).toHaveTextContent(/^\d+ B · saved$/);
  });

  it('says what is wrong when the server cannot be asked, and tries again', async () => {
    const services = fakeServices();
    let fail = true;
    const report = services.report.bind(services);
    services.report = async (kind, q) => {
      if (fail) throw new Error('The team server at http://127.0.0.1:8787 cannot be reached.');
      return report(kind, q);
    };
    const store = createDashboardStore(services, { selection: { mode: 'month', month: '2026-11' } });
    render(<Dashboard store={store} />);
    expect(await screen.findByTestId('dashboard-error')).toHaveTextContent('cannot be reached');
    fail = false;
    await userEvent.setup().click(screen.getByRole('button', { name: 'Try again' }));
    expect(await screen.findByTestId('kpi-replies-value')).toHaveTextContent('512');
  });
});

describe("the dashboard's site changes", () => {
  const health = {
    generatedAt: '2026-11-20T12:00:00.000Z',
    members: [
      {
        name: 'bob',
        role: 'ambassador',
        clientVersion: '1.0.0',
        warnings: [
          {
            platform: 'youtube' as const,
            level: 'degraded' as const,
            atRisk: [],
            degraded: ['replies' as const],
            since: '2026-11-20T09:00:00.000Z',
            checks: ['comment-box'],
          },
        ],
        records: [],
      },
    ],
  };

  it('lists who may be missing what since when', async () => {
    const services = fakeServices();
    const store = createDashboardStore(
      { ...services, teamHealth: async () => health },
      { selection: { mode: 'month', month: '2026-11' } },
    );
    render(<Dashboard store={store} />);
    const row = await screen.findByTestId('site-health-row');
    expect(row.dataset).toMatchObject({ member: 'bob', platform: 'youtube', level: 'degraded' });
    expect(row).toHaveTextContent(
      'YouTube changed its page: replies are still counted, from one signal instead of two.',
    );
    expect(row).toHaveTextContent('YouTube: comment-box');
  });

  it('says plainly that nothing is affected when nobody is', async () => {
    const services = fakeServices();
    const store = createDashboardStore(
      { ...services, teamHealth: async () => ({ generatedAt: health.generatedAt, members: [] }) },
      { selection: { mode: 'month', month: '2026-11' } },
    );
    render(<Dashboard store={store} />);
    expect(await screen.findByTestId('site-health-ok')).toHaveTextContent(
      'No site change affects anyone’s counting.',
    );
    expect(screen.queryByTestId('site-health-row')).toBeNull();
  });
});

describe('the report read with a screen reader', () => {
  it('never skips a heading level, so the outline reads in order', async () => {
    await open();
    const levels = [...document.querySelectorAll('h1, h2, h3, h4, h5, h6')].map((h) => Number(h.tagName[1]));
    expect(levels[0]).toBe(1);
    const skips = levels.flatMap((level, i) =>
      i > 0 && level > levels[i - 1]! + 1 ? [`h${levels[i - 1]} → h${level}`] : [],
    );
    expect(skips).toEqual([]);
  });
});
