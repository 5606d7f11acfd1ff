import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { Dashboard } from '@/components/dashboard/Dashboard';
import { createDashboardStore, type PeriodSelection } from '@/lib/reports/store';
import type { ConnectorState } from '@/lib/schemas/mention';
import type { MentionsReport } from '@/lib/schemas/mentions-report';
import { fakeServices } from './fakes';

const MONTHS = ['2026-04', '2026-05', '2026-06', '2026-07', '2026-08', '2026-09', '2026-10', '2026-11'];

function report(month: string): MentionsReport {
  return {
    period: {
      from: `${month}-01`,
      to: `${month}-30`,
      tz: 'UTC',
      start: `${month}-01T00:00:00.000Z`,
      end: `${month}-30T00:00:00.000Z`,
      days: 30,
      month,
    },
    generatedAt: '2026-11-20T12:00:00.000Z',
    daily: [
      {
        date: `${month}-01`,
        total: 5,
        negative: 3,
        neutral: 1,
        positive: 1,
        categories: { trust_doubt: 3, positive_neutral: 2 },
      },
      { date: `${month}-02`, total: 0, negative: 0, neutral: 0, positive: 0, categories: {} },
    ],
    background: {
      baselineMonth: '2026-04',
      baseline: 40,
      target: 20,
      months: MONTHS.map((m, i) => ({
        month: m,
        mentions: 60,
        negative: 40 - i * 3,
        tracked: 2,
        dismissed: 3,
      })),
      ratio: 19 / 40,
      halved: true,
    },
    firstReply: {
      mentions: 19,
      replied: 4,
      decided: 18,
      withinSla: 15,
      share: 15 / 18,
      medianMinutes: 360,
      p90Minutes: 1800,
    },
    narrativeMonths: MONTHS.slice(-6),
    narratives: [
      {
        category: 'trust_doubt',
        months: [3, 2, 4, 1, 2, 3],
        total: 15,
        recurring: true,
        words: ['scam', 'stole'],
      },
      { category: 'trolling', months: [0, 0, 0, 0, 0, 2], total: 2, recurring: false, words: [] },
    ],
  };
}

const CONNECTORS: ConnectorState[] = [
  {
    id: 'youtube',
    configured: true,
    intervalSeconds: 3600,
    lastRunAt: '2026-11-20T11:00:00.000Z',
    lastSuccessAt: '2026-11-20T09:00:00.000Z',
    lastError:
      "YouTube's daily quota is used up (403 quotaExceeded); the next try is after midnight Pacific, at 08:00 UTC",
    lastErrorAt: '2026-11-20T11:00:00.000Z',
    quotaLeft: 0,
    quotaResetAt: '2026-11-21T08:00:00.000Z',
    stored: 120,
  },
  { id: 'x', configured: false, intervalSeconds: 900, stored: 0 },
];

async function open(
  role: 'lead' | 'ambassador' = 'lead',
  selection: PeriodSelection = { mode: 'month', month: '2026-11' },
) {
  const services = fakeServices({ role });
  const asked: string[] = [];
  services.mentionsReport = async (q) => {
    const month = 'month' in q ? q.month : q.from.slice(0, 7);
    asked.push(month);
    return report(month);
  };
  services.connectors = async () => ({ connectors: CONNECTORS });
  const store = createDashboardStore(services, { selection });
  render(<Dashboard store={store} />);
  return { services, store, asked, user: userEvent.setup() };
}

describe('the mentions panel and the sources panel', () => {
  it('shows the negative background against the baseline, the SLA from post time and the recurring narratives', async () => {
    await open();
    const panel = await screen.findByTestId('mentions-panel');
    expect(within(panel).getByTestId('mentions-kpi-negative-value')).toHaveTextContent('19');
    expect(within(panel).getByTestId('mentions-kpi-negative')).toHaveTextContent(
      'Baseline April 2026: 40; target ≤ 20 · 48% of baseline · halved',
    );
    expect(within(panel).getByTestId('mentions-kpi-processed-value')).toHaveTextContent('5');
    expect(within(panel).getByTestId('mentions-kpi-first-reply-value')).toHaveTextContent('6 h');
    expect(within(panel).getByTestId('mentions-kpi-sla-value')).toHaveTextContent('83%');
    expect(within(panel).getByTestId('mentions-kpi-sla')).toHaveTextContent(
      '15 of 18 decided mentions answered in time',
    );
    const narratives = within(panel).getAllByTestId('mentions-narrative');
    expect(narratives).toHaveLength(1);
    expect(narratives[0]).toHaveTextContent('6 of 6 months');
    expect(narratives[0]).toHaveTextContent('“scam”, “stole”');
  });

  it('has a table for each chart, with the target beside each month', async () => {
    const { user } = await open();
    await screen.findByTestId('mentions-panel');
    await user.click(screen.getByTestId('chart-mentions-background-toggle'));
    const rows = within(screen.getByTestId('chart-mentions-background-table')).getAllByTestId(
      'mentions-month-row',
    );
    expect(rows).toHaveLength(8);
    expect(rows[7]).toHaveTextContent('November 2026');
    expect(
      within(rows[0]!)
        .getAllByRole('cell')
        .map((c) => c.textContent),
    ).toEqual(['40', '20', '60', '2', '3']);
    await user.click(screen.getByTestId('chart-mentions-daily-toggle'));
    const daily = screen.getByTestId('chart-mentions-daily-table');
    // Days without mentions are left out of the table.
    expect(within(daily).getAllByRole('row')).toHaveLength(2);
    expect(daily).toHaveTextContent('Doubt in reliability (3)');
  });

  it('shows each source with its last success, its last error in words and the quota left', async () => {
    await open();
    const rows = await screen.findAllByTestId('source-row');
    const yt = rows.find((r) => r.dataset.source === 'youtube')!;
    expect(yt).toHaveTextContent("YouTube's daily quota is used up (403 quotaExceeded)");
    expect(yt).toHaveTextContent('0 units left today, resets');
    expect(yt).toHaveTextContent('120');
    const x = rows.find((r) => r.dataset.source === 'x')!;
    expect(x).toHaveTextContent('off (no key set on the server)');
    expect(x).toHaveTextContent('never');
  });

  it('asks for the month on screen when the period changes', async () => {
    const { user, asked } = await open();
    await screen.findByTestId('mentions-panel');
    await user.click(screen.getByRole('button', { name: 'Previous month' }));
    await waitFor(() => expect(asked.at(-1)).toBe('2026-10'));
  });

  it('is not asked for by an ambassador', async () => {
    const { asked } = await open('ambassador');
    await screen.findByText(/Reports are for managers and leads/);
    expect(asked).toEqual([]);
    expect(screen.queryByTestId('sources')).toBeNull();
  });
});
