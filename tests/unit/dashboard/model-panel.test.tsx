import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { Dashboard } from '@/components/dashboard/Dashboard';
import type { ModelEvaluation } from '@/lib/classify/model';
import { createDashboardStore } from '@/lib/reports/store';
import type { ModelRun, ModelRunsResponse, ModelVerdict } from '@/lib/schemas/classifier';
import { fakeServices } from './fakes';

const evaluation = (accuracy: number, en: number, ru: number): ModelEvaluation => ({
  method: 'held-back slice (240 examples, 4 from the team)',
  total: 200,
  accuracy,
  perCategory: { trust_doubt: { total: 25, correct: Math.round(25 * accuracy) } },
  perLang: {
    en: { total: 100, correct: Math.round(100 * en) },
    ru: { total: 100, correct: Math.round(100 * ru) },
  },
});
const run = (over: Partial<ModelRun>): ModelRun => ({
  version: 'team-20261120T090000',
  createdAt: '2026-11-20T09:00:00.000Z',
  createdBy: 'mona',
  published: true,
  reason: '91.0 % on the held-back slice, seed-reference had 90.0 %',
  examples: 1100,
  teamExamples: 4,
  evaluation: evaluation(0.91, 0.9, 0.92),
  baseline: evaluation(0.9, 0.89, 0.91),
  verdict: null,
  ...over,
});
const verdict: ModelVerdict = {
  reference: 'seed-reference',
  team: { total: 10, candidate: 7, reference: 1, worse: 0, better: 6, seenByReference: 0 },
  seed: { total: 312, candidate: 277, reference: 286, worse: 13, better: 4, band: 13.5 },
};

function open(runs: ModelRunsResponse, retrain: () => Promise<ModelRun>) {
  const services = fakeServices();
  let current = runs;
  const store = createDashboardStore(
    {
      ...services,
      classifierRuns: async () => current,
      retrainClassifier: async () => {
        const r = await retrain();
        current = {
          ...current,
          current: r.published ? r.version : current.current,
          runs: [r, ...current.runs],
        };
        return r;
      },
    },
    { selection: { mode: 'month', month: '2026-11' } },
  );
  render(<Dashboard store={store} />);
  return { store, user: userEvent.setup() };
}

describe('the classifier panel', () => {
  it('shows the model in use, its training size and accuracy per category and language over time', async () => {
    const first = run({ version: 'team-1', createdAt: '2026-11-18T09:00:00.000Z' });
    const refused = run({
      version: 'team-2',
      createdAt: '2026-11-19T09:00:00.000Z',
      published: false,
      evaluation: evaluation(0.85, 0.8, 0.9),
    });
    open({ current: 'team-1', teamExamples: 12, runs: [refused, first], running: null }, async () => first);
    const current = await screen.findByTestId('model-current');
    expect(current).toHaveTextContent('In use: team-1');
    expect(current).toHaveTextContent('on 1100 examples (4 from the team)');
    expect(current).toHaveTextContent('12 corrections from the team so far.');
    const rows = within(screen.getByTestId('model-runs-table')).getAllByTestId('model-run');
    // Oldest first, as a line over time reads.
    expect(rows.map((r) => r.dataset.version)).toEqual(['team-1', 'team-2']);
    expect(rows[1]).toHaveTextContent('No');
    expect(rows[1]).toHaveTextContent('85.0 %');
    expect(rows[1]).toHaveTextContent('80.0 %'); // English
  });

  it('retrains on request, shows progress while it runs and the result after', async () => {
    let finish: (r: ModelRun) => void = () => {};
    const { user } = open(
      { current: null, teamExamples: 3, runs: [], running: null },
      () => new Promise((r) => (finish = r)),
    );
    expect(await screen.findByTestId('model-current')).toHaveTextContent(
      'In use: the model shipped with the extension (no team model published yet). 3 corrections',
    );
    const button = screen.getByRole('button', { name: 'Retrain now' });
    await user.click(button);
    expect(screen.getByRole('button', { name: 'Retraining…' })).toBeDisabled();
    expect(screen.getByTestId('model-retrain-progress')).toHaveTextContent('Training on the seed data');
    expect(screen.getByRole('progressbar', { name: 'Retraining the classifier' })).toBeInTheDocument();

    finish(run({ version: 'team-3' }));
    expect(await screen.findByTestId('model-retrain-result')).toHaveTextContent(
      'Published team-3: 91.0 % on the held-back slice, seed-reference had 90.0 %.',
    );
    await waitFor(() => expect(screen.getByTestId('model-current')).toHaveTextContent('In use: team-3'));
    expect(screen.getByRole('button', { name: 'Retrain now' })).toBeEnabled();
    expect(screen.queryByTestId('model-retrain-progress')).toBeNull();
  });

  // The figures used to live only in the reason's words; runs stored before they were kept show a dash.
  it('shows what each run was judged on: the team’s examples and the seed slice, against the model in use', async () => {
    const older = run({ version: 'team-1', createdAt: '2026-11-18T09:00:00.000Z' });
    const { user } = open({ current: 'team-1', teamExamples: 10, runs: [older], running: null }, async () =>
      run({ version: 'team-2', verdict }),
    );
    await user.click(await screen.findByRole('button', { name: 'Retrain now' }));
    const list = await screen.findByRole('region', {
      name: 'What the latest run (team-2, published) was judged on',
    });
    expect(within(list).getByTestId('model-verdict-team')).toHaveTextContent(
      '7 of 10 right, seed-reference 1',
    );
    expect(within(list).getByTestId('model-verdict-seed')).toHaveTextContent(
      '277 of 312 right, seed-reference 286 (13 worse, 4 better; may lose 13.5)',
    );
    await user.click(
      within(screen.getByTestId('chart-model-runs')).getByRole('button', { name: 'Show table' }),
    );
    const table = screen.getByTestId('model-runs-table');
    expect(
      within(table).getByRole('columnheader', { name: 'Team’s examples (new model, model in use)' }),
    ).toBeInTheDocument();
    await waitFor(() => expect(within(table).getAllByTestId('model-run')).toHaveLength(2));
    const [first, second] = within(table).getAllByTestId('model-run');
    expect(within(first!).getByTestId('model-run-team')).toHaveTextContent('–');
    expect(within(second!).getByTestId('model-run-team')).toHaveTextContent(
      '7 of 10 right, seed-reference 1',
    );
    expect(within(second!).getByTestId('model-run-seed')).toHaveTextContent('may lose 13.5');
  });

  it('says when retraining failed', async () => {
    const { user } = open({ current: null, teamExamples: 0, runs: [], running: null }, async () => {
      throw new Error('The team server at https://t.example cannot be reached.');
    });
    await user.click(await screen.findByRole('button', { name: 'Retrain now' }));
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'Retraining failed: The team server at https://t.example cannot be reached.',
    );
    expect(screen.getByRole('button', { name: 'Retrain now' })).toBeEnabled();
  });

  it('shows a run someone else started, and offers no second one meanwhile', async () => {
    open(
      { current: null, teamExamples: 0, runs: [], running: { since: new Date().toISOString(), by: 'leo' } },
      async () => run({}),
    );
    expect(await screen.findByTestId('model-retrain-progress')).toHaveTextContent('Started by leo.');
    expect(screen.getByRole('button', { name: 'Retraining…' })).toBeDisabled();
  });
});
