import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { formatInt, monthLabel } from '@/lib/reports/format';
import { useDashboard } from '@/lib/reports/react';
import { ChartCard } from './ChartCard';
import { CATEGORY_COLORS, categoryLabel, PLATFORM_LABEL } from './labels';

const SIZE = { width: 520, height: 300 };

export function NarrativesChart() {
  const data = useDashboard((s) => s.data.narratives);
  if (!data) return null;
  const volume = (m: { conversations: number; threadsTracked: number }) => m.conversations + m.threadsTracked;
  const rows = data.months.map((month, i) => {
    const row: Record<string, string | number> = { month: monthLabel(month).slice(0, 3) };
    for (const c of data.categories) row[c.category] = volume(c.months[i]!);
    return row;
  });
  const growing = data.categories.filter((c) => c.growing);
  return (
    <ChartCard
      testId="chart-narratives"
      title="Recurring narratives"
      description={
        growing.length > 0
          ? `Growing month over month: ${growing.map((c) => categoryLabel(c.category)).join(', ')}.`
          : 'No category grew from last month.'
      }
      empty={data.categories.length === 0}
      chart={
        <>
          <ResponsiveContainer width="100%" height={SIZE.height} initialDimension={SIZE}>
            <LineChart
              accessibilityLayer={false}
              data={rows}
              margin={{ top: 8, right: 16, bottom: 0, left: -16 }}
            >
              <CartesianGrid vertical={false} stroke="var(--rt-grid)" />
              <XAxis dataKey="month" tickLine={false} />
              <YAxis allowDecimals={false} tickLine={false} axisLine={false} />
              <Tooltip />
              <Legend />
              {data.categories.map((c, i) => (
                <Line
                  key={c.category}
                  dataKey={c.category}
                  name={categoryLabel(c.category)}
                  stroke={CATEGORY_COLORS[i % CATEGORY_COLORS.length]}
                  strokeWidth={c.growing ? 3 : 1.5}
                  strokeOpacity={c.growing ? 1 : 0.55}
                  dot={false}
                  isAnimationActive={false}
                />
              ))}
            </LineChart>
          </ResponsiveContainer>
          <GrowingThreads />
        </>
      }
      table={
        <>
          <table className="rt-table rt-num">
            <caption className="rt-visually-hidden">
              Conversations and tracked threads per category per month
            </caption>
            <thead>
              <tr>
                <th scope="col">Category</th>
                {data.months.map((m) => (
                  <th scope="col" key={m}>
                    {monthLabel(m)}
                  </th>
                ))}
                <th scope="col">Trend</th>
              </tr>
            </thead>
            <tbody>
              {data.categories.map((c) => (
                <tr key={c.category}>
                  <th scope="row">{categoryLabel(c.category)}</th>
                  {c.months.map((m) => (
                    <td key={m.month}>{formatInt(volume(m))}</td>
                  ))}
                  <td>
                    {c.growing ? `growing (+${c.growth})` : c.growth < 0 ? `falling (${c.growth})` : 'steady'}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <GrowingThreads />
        </>
      }
    />
  );
}

function GrowingThreads() {
  const threads = useDashboard((s) => s.data.narratives?.threads);
  if (!threads || threads.length === 0) return null;
  return (
    <div className="rt-growing">
      <h4>Conversations that keep coming back</h4>
      <ul>
        {threads.map((t) => (
          <li key={`${t.platform}:${t.key}`}>
            <a href={t.url} target="_blank" rel="noreferrer">
              {t.excerpt ?? `${PLATFORM_LABEL[t.platform]} ${t.key}`}
            </a>{' '}
            <span className="rt-muted">
              {categoryLabel(t.category)} · {t.previous} → {t.current} actions
            </span>
          </li>
        ))}
      </ul>
    </div>
  );
}
