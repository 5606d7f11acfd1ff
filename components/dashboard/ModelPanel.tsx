import { useEffect, useState } from 'react';
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { formatDateTime } from '@/lib/reports/format';
import { useDashboard } from '@/lib/reports/react';
import { selectTimeZone } from '@/lib/reports/store';
import { CATEGORY_IDS } from '@/lib/schemas/categories';
import type { ModelRun, ModelVerdict } from '@/lib/schemas/classifier';
import { ChartCard } from './ChartCard';
import { COLORS, categoryLabel } from './labels';

const SIZE = { width: 800, height: 240 };
type Counts = Record<string, { total: number; correct: number }>;

const share = (c: Counts, key: string): number | undefined => {
  const v = c[key];
  return v && v.total > 0 ? v.correct / v.total : undefined;
};
const pct = (n: number | undefined) => (n === undefined ? '–' : `${(n * 100).toFixed(1)} %`);

/** Seconds since `since`, ticking while shown. */
function useElapsed(since: number | undefined): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (since === undefined) return;
    const t = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(t);
  }, [since]);
  return since === undefined ? 0 : Math.max(0, Math.round((now - since) / 1000));
}

/** The team side of a verdict in a few words: the new model's right answers against the one in use's. */
function teamFigures(v: ModelVerdict): string {
  const left = v.team.seenByReference
    ? `; ${v.team.seenByReference} left out, ${v.reference} trained on them`
    : '';
  if (v.team.total === 0) return `none judged${left}`;
  return `${v.team.candidate} of ${v.team.total} right, ${v.reference} ${v.team.reference}${left}`;
}

function seedFigures(v: ModelVerdict): string {
  return `${v.seed.candidate} of ${v.seed.total} right, ${v.reference} ${v.seed.reference} (${v.seed.worse} worse, ${v.seed.better} better; may lose ${v.seed.band.toFixed(1)})`;
}

/**
 * What a run was published or refused on, as figures: the team's examples (each answered by a model
 * trained without it) and the seed's held-back slice, each against the model in use.
 */
function VerdictFigures({ run }: { run: ModelRun & { verdict: ModelVerdict } }) {
  const { verdict } = run;
  return (
    <section aria-labelledby="rt-verdict-title" data-testid="model-verdict">
      <h3 id="rt-verdict-title" className="rt-verdict-title">
        What the latest run ({run.version}, {run.published ? 'published' : 'not published'}) was judged on
      </h3>
      <dl className="rt-verdict">
        <div>
          <dt>Team’s examples</dt>
          <dd data-testid="model-verdict-team">{teamFigures(verdict)}</dd>
        </div>
        <div>
          <dt>Seed slice</dt>
          <dd data-testid="model-verdict-seed">{seedFigures(verdict)}</dd>
        </div>
      </dl>
    </section>
  );
}

function RunsOverTime({ runs, tz }: { runs: ModelRun[]; tz: string }) {
  // Oldest first: accuracy over time reads left to right.
  const ordered = [...runs].reverse();
  const rows = ordered.map((r) => ({
    when: formatDateTime(r.createdAt, tz),
    overall: r.evaluation.accuracy * 100,
    en: (share(r.evaluation.perLang, 'en') ?? 0) * 100,
    ru: (share(r.evaluation.perLang, 'ru') ?? 0) * 100,
  }));
  return (
    <ChartCard
      testId="chart-model-runs"
      title="Accuracy over time"
      description="Each run judged on the seed’s held-back slice and on the team’s examples, each of those answered by a model trained without it."
      empty={runs.length === 0}
      chart={
        <ResponsiveContainer width="100%" height={SIZE.height} initialDimension={SIZE}>
          <LineChart
            accessibilityLayer={false}
            data={rows}
            margin={{ top: 8, right: 8, bottom: 0, left: -16 }}
          >
            <CartesianGrid vertical={false} stroke="var(--rt-grid)" />
            <XAxis dataKey="when" tickLine={false} interval="preserveStartEnd" />
            <YAxis domain={[50, 100]} tickLine={false} axisLine={false} unit=" %" />
            <Tooltip formatter={(v) => `${Number(v).toFixed(1)} %`} />
            <Legend />
            <Line
              dataKey="overall"
              name="All"
              stroke={COLORS.target}
              strokeWidth={2}
              isAnimationActive={false}
            />
            <Line dataKey="en" name="English" stroke={COLORS.xReplies} isAnimationActive={false} />
            <Line dataKey="ru" name="Russian" stroke={COLORS.ytReplies} isAnimationActive={false} />
          </LineChart>
        </ResponsiveContainer>
      }
      table={
        <div className="rt-scroll">
          <table className="rt-table" data-testid="model-runs-table">
            <thead>
              <tr>
                <th scope="col">Run</th>
                <th scope="col">Published</th>
                <th scope="col">Trained on</th>
                <th scope="col">Team’s examples (new model, model in use)</th>
                <th scope="col">Seed slice (new model, model in use)</th>
                <th scope="col">All</th>
                <th scope="col">English</th>
                <th scope="col">Russian</th>
                {CATEGORY_IDS.map((c) => (
                  <th scope="col" key={c}>
                    {categoryLabel(c)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {ordered.map((r) => (
                <tr key={r.version} data-testid="model-run" data-version={r.version}>
                  <th scope="row">
                    {formatDateTime(r.createdAt, tz)}
                    <span className="rt-muted"> · {r.createdBy}</span>
                  </th>
                  <td>{r.published ? 'Yes' : 'No'}</td>
                  <td>
                    {r.examples} ({r.teamExamples} from the team)
                  </td>
                  <td data-testid="model-run-team">{r.verdict ? teamFigures(r.verdict) : '–'}</td>
                  <td data-testid="model-run-seed">{r.verdict ? seedFigures(r.verdict) : '–'}</td>
                  <td>{pct(r.evaluation.accuracy)}</td>
                  <td>{pct(share(r.evaluation.perLang, 'en'))}</td>
                  <td>{pct(share(r.evaluation.perLang, 'ru'))}</td>
                  {CATEGORY_IDS.map((c) => (
                    <td key={c}>{pct(share(r.evaluation.perCategory, c))}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      }
    />
  );
}

/**
 * The classifier that routes every mention (issue 13): which model is in use, what it was trained on,
 * how accurate each run was per category and language, and a Retrain button. Managers and leads only.
 */
export function ModelPanel() {
  const model = useDashboard((s) => s.model);
  const error = useDashboard((s) => s.modelError);
  const retrain = useDashboard((s) => s.retrain);
  const startRetrain = useDashboard((s) => s.startRetrain);
  const tz = useDashboard(selectTimeZone);
  const serverRunning = model?.running ?? null;
  const since =
    retrain?.state === 'running'
      ? retrain.since
      : serverRunning
        ? Date.parse(serverRunning.since)
        : undefined;
  const elapsed = useElapsed(since);
  if (!model && !error) return null;
  const current = model?.runs.find((r) => r.version === model.current);
  const latest = model?.runs[0];
  const running = since !== undefined;

  return (
    <section className="rt-card rt-section" aria-labelledby="rt-model-title" data-testid="model-panel">
      <header className="rt-card-head">
        <div>
          <h2 id="rt-model-title">Classifier</h2>
          <p className="rt-muted">
            Suggests each thread’s category and polarity. It learns from the categories managers correct.
          </p>
        </div>
        <button
          type="button"
          className="rt-button no-print"
          onClick={() => void startRetrain()}
          disabled={running || !model}
          data-testid="model-retrain"
        >
          {running ? 'Retraining…' : 'Retrain now'}
        </button>
      </header>
      {error && <p className="rt-bad">Could not read the classifier’s runs: {error}</p>}
      {model && (
        <p data-testid="model-current">
          {current ? (
            <>
              In use: <strong>{current.version}</strong>, trained {formatDateTime(current.createdAt, tz)} on{' '}
              {current.examples} examples ({current.teamExamples} from the team);{' '}
              {pct(current.evaluation.accuracy)} right on examples it was not trained on.
            </>
          ) : (
            <>In use: the model shipped with the extension (no team model published yet).</>
          )}{' '}
          {model.teamExamples} correction{model.teamExamples === 1 ? '' : 's'} from the team so far.
        </p>
      )}
      {running && (
        <div role="status" data-testid="model-retrain-progress">
          <progress aria-label="Retraining the classifier" />{' '}
          <span>
            Training on the seed data and the team’s corrections, then judging it against the model in use (
            {elapsed} s; usually under a minute).
            {serverRunning && retrain?.state !== 'running' ? ` Started by ${serverRunning.by}.` : ''}
          </span>
        </div>
      )}
      {retrain?.state === 'done' && (
        <p
          role="status"
          data-testid="model-retrain-result"
          className={retrain.run.published ? 'rt-good' : undefined}
        >
          {retrain.run.published
            ? `Published ${retrain.run.version}: ${retrain.run.reason}.`
            : `${retrain.run.reason}.`}
        </p>
      )}
      {latest?.verdict && <VerdictFigures run={{ ...latest, verdict: latest.verdict }} />}
      {retrain?.state === 'failed' && (
        <p role="alert" className="rt-bad" data-testid="model-retrain-result">
          Retraining failed: {retrain.message}
        </p>
      )}
      {model && <RunsOverTime runs={model.runs} tz={tz} />}
    </section>
  );
}
