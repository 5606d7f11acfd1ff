/**
 * One way for every bench section to report a figure, so `npm run bench` can print one table and
 * `npm run bench -- --check` can fail on a missed budget.
 *
 * A section (a file run in its own process by bench/run.ts) calls `figure(...)` for each measured
 * value. When run by bench/run.ts, figures are appended as JSON lines to the file named by
 * BENCH_FIGURES; run directly (`npx tsx bench/x.ts`) they are only printed.
 */
import { appendFileSync, existsSync, readFileSync } from 'node:fs';

export interface Budget {
  /** The figure must be at most this (times, sizes, ratios of cost). */
  max?: number;
  /** The figure must be at least this (throughputs, accuracies). */
  min?: number;
}

export interface Figure {
  /** Which section measured it, e.g. "server", "x-page", "classify". */
  section: string;
  /** What it is, in words a lead can read: "monthly report over 1,000,000 events (p95)". */
  name: string;
  value: number;
  /** "ms", "KB", "MB", "%", "rows/s", "x"… */
  unit: string;
  budget?: Budget;
  /** The paired baseline measured in the same run (the page without the extension, a bare insert loop). */
  baseline?: number;
  /** Anything a reader needs to interpret the number (sample size, machine load, what the baseline is). */
  note?: string;
}

export interface CheckedFigure extends Figure {
  ok: boolean | null;
}

export function checkFigure(f: Figure): CheckedFigure {
  if (!f.budget) return { ...f, ok: null };
  const { max, min } = f.budget;
  const ok = (max === undefined || f.value <= max) && (min === undefined || f.value >= min);
  return { ...f, ok: Number.isFinite(f.value) && ok };
}

export function formatBudget(b: Budget | undefined, unit: string): string {
  if (!b) return '';
  const parts: string[] = [];
  if (b.max !== undefined) parts.push(`≤ ${b.max} ${unit}`);
  if (b.min !== undefined) parts.push(`≥ ${b.min} ${unit}`);
  return parts.join(', ');
}

function formatValue(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  const abs = Math.abs(v);
  return abs >= 100 ? v.toFixed(0) : abs >= 1 ? v.toFixed(2) : v.toPrecision(3);
}

/** Records one figure (and prints it, so a section run alone still shows it). */
export function figure(f: Figure): CheckedFigure {
  const checked = checkFigure(f);
  const verdict = checked.ok === null ? '' : checked.ok ? '  ok' : '  MISSED';
  const base = f.baseline !== undefined ? `  (baseline ${formatValue(f.baseline)} ${f.unit})` : '';
  console.log(
    `  [${f.section}] ${f.name}: ${formatValue(f.value)} ${f.unit}${base}  ${formatBudget(f.budget, f.unit)}${verdict}`,
  );
  const out = process.env.BENCH_FIGURES;
  if (out) appendFileSync(out, `${JSON.stringify(f)}\n`);
  return checked;
}

export function formatTable(figures: readonly CheckedFigure[]): string {
  const rows = figures.map((f) => [
    f.section,
    f.name,
    `${formatValue(f.value)} ${f.unit}`,
    formatBudget(f.budget, f.unit),
    f.baseline !== undefined && f.baseline !== 0 ? `${formatValue(f.value / f.baseline)}x` : '',
    f.ok === null ? '' : f.ok ? 'ok' : 'MISSED',
  ]);
  const head = ['section', 'figure', 'value', 'budget', 'vs baseline', ''];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (r: string[]) =>
    r
      .map((c, i) => c.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  return [line(head), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

/** A figure as kept in bench/results.json: when and where it was last measured. */
export type StoredFigure = CheckedFigure & { measuredAt?: string; machine?: unknown };

/** The figures bench/results.json holds now (none when there is no file yet). */
export function readResults(file: string): StoredFigure[] {
  if (!existsSync(file)) return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new Error(`bench: ${file} is not JSON (${(err as Error).message}); move it away and rerun`);
  }
  const figures = (parsed as { figures?: unknown }).figures;
  if (!Array.isArray(figures)) throw new Error(`bench: ${file} has no figures list; move it away and rerun`);
  return figures as StoredFigure[];
}

/**
 * One run's figures over what bench/results.json held: a figure measured again (same section and
 * name) replaces the old one where it stood, a new one is added at the end, and figures this run did
 * not measure (other sections, `--only`) stay as they were, each with its own `measuredAt`.
 */
export function mergeResults(
  previous: readonly StoredFigure[],
  fresh: readonly StoredFigure[],
): StoredFigure[] {
  const key = (f: Pick<Figure, 'section' | 'name'>) => `${f.section}\u0000${f.name}`;
  const byKey = new Map(fresh.map((f) => [key(f), f]));
  const merged = previous.map((f) => {
    const next = byKey.get(key(f));
    if (!next) return f;
    byKey.delete(key(f));
    return next;
  });
  return [...merged, ...byKey.values()];
}
