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
import { formatInt, formatPercent } from '@/lib/reports/format';
import { useDashboard } from '@/lib/reports/react';
import { ChartCard } from './ChartCard';
import { COLORS, categoryLabel } from './labels';

const SIZE = { width: 520, height: 300 };

export function ActivityByCategory() {
  const data = useDashboard((s) => s.data.categories);
  if (!data) return null;
  const rows = data.categories.map((c) => ({
    label: categoryLabel(c.category),
    replies: c.replies.current,
    likes: c.likes.current,
    previous: c.actions.previous,
    current: c.actions.current,
  }));
  return (
    <ChartCard
      testId="chart-categories"
      title="Activity by category"
      description="Replies and net likes; grey is the previous period's total."
      empty={rows.every((r) => !r.current && !r.previous)}
      chart={
        <ResponsiveContainer width="100%" height={SIZE.height} initialDimension={SIZE}>
          <BarChart
            accessibilityLayer={false}
            data={rows}
            layout="vertical"
            margin={{ top: 4, right: 16, bottom: 0, left: 24 }}
          >
            <CartesianGrid horizontal={false} stroke="var(--rt-grid)" />
            <XAxis type="number" allowDecimals={false} tickLine={false} />
            <YAxis type="category" dataKey="label" width={130} tickLine={false} axisLine={false} />
            <Tooltip />
            <Legend />
            <Bar
              dataKey="replies"
              name="Replies"
              stackId="now"
              fill={COLORS.xReplies}
              isAnimationActive={false}
            />
            <Bar
              dataKey="likes"
              name="Likes (net)"
              stackId="now"
              fill={COLORS.xLikes}
              isAnimationActive={false}
            />
            <Bar
              dataKey="previous"
              name="Previous period"
              fill={COLORS.previous}
              barSize={4}
              isAnimationActive={false}
            />
          </BarChart>
        </ResponsiveContainer>
      }
      table={
        <table className="rt-table rt-num">
          <caption className="rt-visually-hidden">Activity by category</caption>
          <thead>
            <tr>
              <th scope="col">Category</th>
              <th scope="col">Replies</th>
              <th scope="col">Likes (net)</th>
              <th scope="col">Total</th>
              <th scope="col">Previous total</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.label}>
                <th scope="row">{r.label}</th>
                <td>{formatInt(r.replies)}</td>
                <td>{formatInt(r.likes)}</td>
                <td>{formatInt(r.current)}</td>
                <td>{formatInt(r.previous)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      }
    />
  );
}

export function SlaByCategory() {
  const data = useDashboard((s) => s.data.categories);
  const target = useDashboard((s) => s.data.summary?.targets.slaCompliance);
  if (!data) return null;
  const rows = data.categories
    .filter((c) => c.slaDecided.current > 0 || c.slaDecided.previous > 0 || c.threadsOpened.current > 0)
    .map((c) => ({
      label: categoryLabel(c.category),
      compliance: c.slaCompliance.current === null ? null : Math.round(c.slaCompliance.current * 100),
      previous: c.slaCompliance.previous === null ? null : Math.round(c.slaCompliance.previous * 100),
      met: c.slaMet.current,
      decided: c.slaDecided.current,
      opened: c.threadsOpened.current,
      ratio: c.slaCompliance.current,
      prevRatio: c.slaCompliance.previous,
    }));
  return (
    <ChartCard
      testId="chart-sla"
      title="SLA compliance by category"
      description="Tracked threads opened in the period and answered within their SLA."
      empty={rows.length === 0}
      chart={
        <ResponsiveContainer width="100%" height={SIZE.height} initialDimension={SIZE}>
          <BarChart
            accessibilityLayer={false}
            data={rows}
            layout="vertical"
            margin={{ top: 4, right: 16, bottom: 0, left: 24 }}
          >
            <CartesianGrid horizontal={false} stroke="var(--rt-grid)" />
            <XAxis type="number" domain={[0, 100]} unit="%" tickLine={false} />
            <YAxis type="category" dataKey="label" width={130} tickLine={false} axisLine={false} />
            <Tooltip formatter={(v) => (v === null ? '—' : `${v}%`)} />
            <Legend />
            {target !== undefined && (
              <ReferenceLine
                x={Math.round(target * 100)}
                stroke={COLORS.target}
                strokeDasharray="4 3"
                label="Target"
              />
            )}
            <Bar dataKey="compliance" name="This period" fill={COLORS.xReplies} isAnimationActive={false} />
            <Bar dataKey="previous" name="Previous period" fill={COLORS.previous} isAnimationActive={false} />
          </BarChart>
        </ResponsiveContainer>
      }
      table={
        <table className="rt-table rt-num">
          <caption className="rt-visually-hidden">SLA compliance by category</caption>
          <thead>
            <tr>
              <th scope="col">Category</th>
              <th scope="col">Opened</th>
              <th scope="col">In time / decided</th>
              <th scope="col">Compliance</th>
              <th scope="col">Previous</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.label}>
                <th scope="row">{r.label}</th>
                <td>{r.opened}</td>
                <td>
                  {r.met} / {r.decided}
                </td>
                <td>{formatPercent(r.ratio)}</td>
                <td>{formatPercent(r.prevRatio)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      }
    />
  );
}
