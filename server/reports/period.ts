import {
  addDays,
  addMonths,
  daysBetween,
  formatLocalDate,
  type LocalDate,
  parseLocalDate,
  startOfLocalDay,
} from '../../lib/reports/time';
import type { ReportPeriod } from '../../lib/schemas/reports';

export interface PeriodRequest {
  month?: string;
  from?: string;
  to?: string;
}

function build(tz: string, from: LocalDate, to: LocalDate, month?: string): ReportPeriod {
  return {
    from: formatLocalDate(from),
    to: formatLocalDate(to),
    tz,
    start: new Date(startOfLocalDay(tz, from)).toISOString(),
    end: new Date(startOfLocalDay(tz, addDays(to, 1))).toISOString(),
    days: daysBetween(from, to) + 1,
    ...(month ? { month } : {}),
  };
}

const monthOf = (d: LocalDate) => formatLocalDate(d).slice(0, 7);

/** A month's previous period is the calendar month before; a custom range's is as many days before it. */
export function resolvePeriods(
  q: PeriodRequest,
  tz: string,
): { period: ReportPeriod; previous: ReportPeriod } {
  if (q.month) {
    const first = parseLocalDate(`${q.month}-01`);
    const prevFirst = addMonths(first, -1);
    return {
      period: build(tz, first, addDays(addMonths(first, 1), -1), q.month),
      previous: build(tz, prevFirst, addDays(first, -1), monthOf(prevFirst)),
    };
  }
  const from = parseLocalDate(q.from!);
  const to = parseLocalDate(q.to!);
  const days = daysBetween(from, to) + 1;
  return { period: build(tz, from, to), previous: build(tz, addDays(from, -days), addDays(from, -1)) };
}

/** UTC instants of each local day start in the period, plus the period's end. */
export function dayStarts(period: ReportPeriod): { dates: string[]; starts: number[] } {
  const from = parseLocalDate(period.from);
  const dates: string[] = [];
  const starts: number[] = [];
  for (let i = 0; i <= period.days; i++) {
    const d = addDays(from, i);
    if (i < period.days) dates.push(formatLocalDate(d));
    starts.push(startOfLocalDay(period.tz, d));
  }
  return { dates, starts };
}

/** The last `count` calendar months up to the one the period ends in, with their UTC boundaries. */
export function monthsEndingWith(
  period: ReportPeriod,
  count: number,
): { months: string[]; starts: number[] } {
  const last = parseLocalDate(`${period.to.slice(0, 7)}-01`);
  const months: string[] = [];
  const starts: number[] = [];
  for (let i = count - 1; i >= -1; i--) {
    const first = addMonths(last, -i);
    if (i >= 0) months.push(monthOf(first));
    starts.push(startOfLocalDay(period.tz, first));
  }
  return { months, starts };
}
