import type { Metric, OptionalMetric } from '../schemas/reports';

/** Display helpers for the dashboard: pure, so the arithmetic is tested without a browser. */

const intFmt = new Intl.NumberFormat('en-US');
export const formatInt = (n: number) => intFmt.format(Math.round(n));

export function formatPercent(ratio: number | null, digits = 0): string {
  return ratio === null ? '—' : `${(ratio * 100).toFixed(digits)}%`;
}

/** "45 min", "8 h", "8.5 h", "2.3 d": a median first reply at a glance. */
export function formatMinutes(min: number | null): string {
  if (min === null) return '—';
  if (min < 60) return `${Math.round(min)} min`;
  const h = min / 60;
  if (h < 48) return `${Number.isInteger(h) ? h : h.toFixed(1)} h`;
  return `${(h / 24).toFixed(1)} d`;
}

export type Direction = 'up' | 'down' | 'flat' | 'none';

/** The change against the previous period, for the small line under every figure. */
export function change(m: Metric | OptionalMetric): { direction: Direction; text: string } {
  const { current, previous } = m;
  if (current === null || previous === null) return { direction: 'none', text: '' };
  if (current === previous) return { direction: 'flat', text: 'no change' };
  const direction = current > previous ? 'up' : 'down';
  if (previous === 0) return { direction, text: 'new' };
  const pct = ((current - previous) / Math.abs(previous)) * 100;
  return { direction, text: `${pct > 0 ? '+' : ''}${pct.toFixed(Math.abs(pct) < 10 ? 1 : 0)}%` };
}

/** Share of a target reached, 0–1 (capped) for a bar; `lowerIsBetter` for times. */
export function targetProgress(current: number | null, target: number, lowerIsBetter = false): number {
  if (current === null || target <= 0) return 0;
  if (lowerIsBetter) return current <= target ? 1 : Math.max(0, target / current);
  return Math.min(1, Math.max(0, current / target));
}

export function metTarget(current: number | null, target: number, lowerIsBetter = false): boolean {
  if (current === null) return false;
  return lowerIsBetter ? current <= target : current >= target;
}

export function monthLabel(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(y, m - 1, 1)).toLocaleString('en-US', {
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  });
}

export function shiftMonth(month: string, by: number): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const d = new Date(Date.UTC(y, m - 1 + by, 1));
  return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
}

/** The month a date falls in where the browser is; the server's zone may differ by a few hours. */
export function currentMonth(now: Date): string {
  return `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}`;
}

/** "1 Nov 2026", in the lead's zone so the table matches the period. */
export function formatDateTime(iso: string | undefined, tz: string, withTime = true): string {
  if (!iso) return '—';
  return new Date(iso).toLocaleString('en-GB', {
    timeZone: tz,
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    ...(withTime ? { hour: '2-digit', minute: '2-digit' } : {}),
  });
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  if (n < 1024 * 1024 * 1024) return `${(n / 1024 / 1024).toFixed(1)} MB`;
  return `${(n / 1024 / 1024 / 1024).toFixed(2)} GB`;
}

/** A local calendar day ("2026-11-01") as "1 Nov 2026"; it is already in the lead's zone. */
export function formatDay(date: string): string {
  return formatDateTime(`${date}T12:00:00Z`, 'UTC', false);
}
