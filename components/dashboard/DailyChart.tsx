import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { formatInt } from '@/lib/reports/format';
import { useDashboard } from '@/lib/reports/react';
import type { DailyResponse } from '@/lib/schemas/reports';
import { ChartCard } from './ChartCard';
import { COLORS } from './labels';

const SIZE = { width: 800, height: 280 };

export function dailyRows(d: DailyResponse) {
  return d.days.map((day) => ({
    date: day.date,
    day: String(Number(day.date.slice(8))),
    xReplies: day.x.replies,
    ytReplies: day.youtube.replies,
    xLikes: day.x.likes - day.x.unlikes,
    ytLikes: day.youtube.likes - day.youtube.unlikes,
  }));
}

export function DailyChart() {
  const daily = useDashboard((s) => s.data.daily);
  if (!daily) return null;
  const rows = dailyRows(daily);
  const empty = rows.every((r) => !r.xReplies && !r.ytReplies && !r.xLikes && !r.ytLikes);
  return (
    <ChartCard
      testId="chart-daily"
      title="Replies and likes per day"
      description="By platform; likes are net of unlikes."
      empty={empty}
      chart={
        <ResponsiveContainer width="100%" height={SIZE.height} initialDimension={SIZE}>
          <BarChart
            accessibilityLayer={false}
            data={rows}
            stackOffset="sign"
            margin={{ top: 8, right: 8, bottom: 0, left: -16 }}
          >
            <CartesianGrid vertical={false} stroke="var(--rt-grid)" />
            <XAxis dataKey="day" tickLine={false} interval="preserveStartEnd" />
            <YAxis allowDecimals={false} tickLine={false} axisLine={false} />
            <Tooltip
              labelFormatter={(_, p) => (p[0]?.payload as { date?: string } | undefined)?.date ?? ''}
            />
            <Legend />
            <Bar
              dataKey="xReplies"
              name="Replies · X"
              stackId="replies"
              fill={COLORS.xReplies}
              isAnimationActive={false}
            />
            <Bar
              dataKey="ytReplies"
              name="Replies · YouTube"
              stackId="replies"
              fill={COLORS.ytReplies}
              isAnimationActive={false}
            />
            <Bar
              dataKey="xLikes"
              name="Likes · X"
              stackId="likes"
              fill={COLORS.xLikes}
              isAnimationActive={false}
            />
            <Bar
              dataKey="ytLikes"
              name="Likes · YouTube"
              stackId="likes"
              fill={COLORS.ytLikes}
              isAnimationActive={false}
            />
          </BarChart>
        </ResponsiveContainer>
      }
      table={
        <table className="rt-table rt-num">
          <caption className="rt-visually-hidden">Replies and net likes per day by platform</caption>
          <thead>
            <tr>
              <th scope="col">Day</th>
              <th scope="col">Replies on X</th>
              <th scope="col">Replies on YouTube</th>
              <th scope="col">Likes on X</th>
              <th scope="col">Likes on YouTube</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.date}>
                <th scope="row">{r.date}</th>
                <td>{formatInt(r.xReplies)}</td>
                <td>{formatInt(r.ytReplies)}</td>
                <td>{formatInt(r.xLikes)}</td>
                <td>{formatInt(r.ytLikes)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      }
    />
  );
}
