import {
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { formatDay, formatInt, formatMinutes, formatPercent, monthLabel } from '@/lib/reports/format';
import { useDashboard } from '@/lib/reports/react';
import type { MentionsReport } from '@/lib/schemas/mentions-report';
import { ChartCard } from './ChartCard';
import { COLORS, categoryLabel } from './labels';

const SIZE = { width: 520, height: 260 };
const POLARITY_COLORS = { negative: '#b4462f', neutral: '#8a8f94', positive: '#3b7d4f' } as const;

function Figure(props: { id: string; label: string; value: string; note?: string; tone?: 'good' | 'bad' }) {
  return (
    <article className="rt-kpi" data-testid={`mentions-kpi-${props.id}`} aria-label={props.label}>
      <h3 className="rt-kpi-label">{props.label}</h3>
      <p
        className={`rt-kpi-value ${props.tone ? `rt-${props.tone}` : ''}`}
        data-testid={`mentions-kpi-${props.id}-value`}
      >
        {props.value}
      </p>
      {props.note && <p className="rt-kpi-note rt-muted">{props.note}</p>}
    </article>
  );
}

function Figures({ r }: { r: MentionsReport }) {
  const bg = r.background;
  const month = bg.months.at(-1);
  const fr = r.firstReply;
  return (
    <section className="rt-kpis" aria-label="Mention figures">
      <Figure
        id="negative"
        label="Negative mentions"
        value={formatInt(month?.negative ?? 0)}
        tone={bg.ratio === null ? undefined : bg.halved ? 'good' : 'bad'}
        note={
          bg.baselineMonth
            ? `Baseline ${monthLabel(bg.baselineMonth)}: ${formatInt(bg.baseline)}; target ≤ ${formatInt(bg.target)}${
                bg.ratio === null
                  ? ''
                  : ` · ${formatPercent(bg.ratio)} of baseline${bg.halved ? ' · halved' : ''}`
              }`
            : 'No mentions yet'
        }
      />
      <Figure
        id="processed"
        label="Mentions processed"
        value={formatInt((month?.tracked ?? 0) + (month?.dismissed ?? 0))}
        note={`${formatInt(month?.tracked ?? 0)} tracked, ${formatInt(month?.dismissed ?? 0)} dismissed`}
      />
      <Figure
        id="first-reply"
        label="First reply from post time"
        value={formatMinutes(fr.medianMinutes)}
        note={`median of ${formatInt(fr.replied)} answered; 90% within ${formatMinutes(fr.p90Minutes)}`}
      />
      <Figure
        id="sla"
        label="SLA from post time"
        value={formatPercent(fr.share)}
        note={`${formatInt(fr.withinSla)} of ${formatInt(fr.decided)} decided mentions answered in time`}
      />
    </section>
  );
}

function Background({ r }: { r: MentionsReport }) {
  const bg = r.background;
  const rows = bg.months.map((m) => ({ month: monthLabel(m.month).slice(0, 3), negative: m.negative }));
  return (
    <ChartCard
      testId="chart-mentions-background"
      title="Negative background"
      description={
        bg.baselineMonth
          ? `Negative mentions a month against ${monthLabel(bg.baselineMonth)} (${formatInt(bg.baseline)}); the line is the target, half of it.`
          : 'Negative mentions a month; the baseline is the first month with mentions.'
      }
      empty={!bg.baselineMonth}
      chart={
        <ResponsiveContainer width="100%" height={SIZE.height} initialDimension={SIZE}>
          <BarChart
            accessibilityLayer={false}
            data={rows}
            margin={{ top: 8, right: 16, bottom: 0, left: -16 }}
          >
            <CartesianGrid vertical={false} stroke="var(--rt-grid)" />
            <XAxis dataKey="month" tickLine={false} />
            <YAxis allowDecimals={false} tickLine={false} axisLine={false} />
            <Tooltip />
            <Bar
              dataKey="negative"
              name="Negative mentions"
              fill={POLARITY_COLORS.negative}
              isAnimationActive={false}
            />
            <ReferenceLine y={bg.target} stroke={COLORS.target} strokeDasharray="4 3" strokeWidth={2} />
          </BarChart>
        </ResponsiveContainer>
      }
      table={
        <table className="rt-table rt-num">
          <caption className="rt-visually-hidden">
            Negative mentions, mentions and decisions per month
          </caption>
          <thead>
            <tr>
              <th scope="col">Month</th>
              <th scope="col">Negative</th>
              <th scope="col">Target</th>
              <th scope="col">All mentions</th>
              <th scope="col">Tracked</th>
              <th scope="col">Dismissed</th>
            </tr>
          </thead>
          <tbody>
            {bg.months.map((m) => (
              <tr key={m.month} data-testid="mentions-month-row">
                <th scope="row">{monthLabel(m.month)}</th>
                <td>{formatInt(m.negative)}</td>
                <td>{formatInt(bg.target)}</td>
                <td>{formatInt(m.mentions)}</td>
                <td>{formatInt(m.tracked)}</td>
                <td>{formatInt(m.dismissed)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      }
    />
  );
}

function Daily({ r }: { r: MentionsReport }) {
  const rows = r.daily.map((d) => ({ ...d, day: d.date.slice(8) }));
  const topCategory = (d: MentionsReport['daily'][number]) => {
    const top = Object.entries(d.categories).sort((a, b) => b[1] - a[1])[0];
    return top ? `${categoryLabel(top[0])} (${formatInt(top[1])})` : '—';
  };
  return (
    <ChartCard
      testId="chart-mentions-daily"
      title="Mentions per day"
      description="By polarity, on the day each post appeared."
      empty={r.daily.every((d) => d.total === 0)}
      chart={
        <ResponsiveContainer width="100%" height={SIZE.height} initialDimension={SIZE}>
          <BarChart
            accessibilityLayer={false}
            data={rows}
            margin={{ top: 8, right: 16, bottom: 0, left: -16 }}
          >
            <CartesianGrid vertical={false} stroke="var(--rt-grid)" />
            <XAxis dataKey="day" tickLine={false} />
            <YAxis allowDecimals={false} tickLine={false} axisLine={false} />
            <Tooltip />
            <Legend />
            {(['negative', 'neutral', 'positive'] as const).map((p) => (
              <Bar
                key={p}
                dataKey={p}
                name={p[0]!.toUpperCase() + p.slice(1)}
                stackId="p"
                fill={POLARITY_COLORS[p]}
                isAnimationActive={false}
              />
            ))}
          </BarChart>
        </ResponsiveContainer>
      }
      table={
        <table className="rt-table rt-num">
          <caption className="rt-visually-hidden">
            Mentions per day by polarity, with the largest category
          </caption>
          <thead>
            <tr>
              <th scope="col">Day</th>
              <th scope="col">All</th>
              <th scope="col">Negative</th>
              <th scope="col">Neutral</th>
              <th scope="col">Positive</th>
              <th scope="col">Largest category</th>
            </tr>
          </thead>
          <tbody>
            {r.daily
              .filter((d) => d.total > 0)
              .map((d) => (
                <tr key={d.date}>
                  <th scope="row">{formatDay(d.date)}</th>
                  <td>{formatInt(d.total)}</td>
                  <td>{formatInt(d.negative)}</td>
                  <td>{formatInt(d.neutral)}</td>
                  <td>{formatInt(d.positive)}</td>
                  <td>{topCategory(d)}</td>
                </tr>
              ))}
          </tbody>
        </table>
      }
    />
  );
}

function Narratives({ r }: { r: MentionsReport }) {
  const recurring = r.narratives.filter((n) => n.recurring);
  return (
    <section
      className="rt-card rt-section"
      aria-labelledby="rt-mention-narratives"
      data-testid="mentions-narratives"
    >
      <h3 id="rt-mention-narratives">Recurring negative narratives</h3>
      {recurring.length === 0 ? (
        <p className="rt-muted">
          No negative theme came back in at least half of the last {r.narrativeMonths.length} months.
        </p>
      ) : (
        <ul>
          {recurring.map((n) => (
            <li key={n.category} data-testid="mentions-narrative">
              <strong>{categoryLabel(n.category)}</strong>: {formatInt(n.total)} negative mentions in{' '}
              {n.months.filter((c) => c > 0).length} of {r.narrativeMonths.length} months
              {n.words.length > 0 && <span className="rt-muted"> · “{n.words.join('”, “')}”</span>}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** The monitoring side of the report (issue 12): the negative background against the campaign's promise. */
export function MentionsPanel() {
  const r = useDashboard((s) => s.mentions);
  const error = useDashboard((s) => s.mentionsError);
  if (!r && !error) return null;
  return (
    <section className="rt-section" aria-labelledby="rt-mentions-title" data-testid="mentions-panel">
      <h2 id="rt-mentions-title">Mentions</h2>
      {error && <p className="rt-bad">Could not load the mentions report: {error}</p>}
      {r && (
        <>
          <Figures r={r} />
          <div className="rt-grid">
            <Background r={r} />
            <Daily r={r} />
          </div>
          <Narratives r={r} />
        </>
      )}
    </section>
  );
}
