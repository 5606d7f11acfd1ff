import { type RawBuilder, sql } from 'kysely';

/*
 * The conversation roll-up (migration 009, `conversation_months`) counts each conversation's events
 * (unlikes aside) per UTC month and category. A report's range begins and ends at the team's local
 * midnights, which are rarely UTC month starts, so a range is read as the whole UTC months nearest to
 * it, plus the events of the few hours at each end where the two differ, counted from the events
 * themselves: added where the range reaches past those months, taken away where it stops short. The
 * sum is exact in every zone (half-hour ones, DST, any offset), and the edges are hours, not months.
 */

export interface RangeParts {
  /** Whole UTC months (`YYYY-MM`) read from the roll-up. */
  months: string[];
  /** `[from, to)` ISO instants whose events are added (+1) or taken away (-1). */
  edges: { from: string; to: string; sign: 1 | -1 }[];
}

const monthStart = (t: number) => {
  const d = new Date(t);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
};
const nextMonth = (t: number) => {
  const d = new Date(t);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
};
/** The UTC month start closest to `t` (the earlier one on a tie). */
const nearestMonthStart = (t: number) => {
  const a = monthStart(t);
  const b = nextMonth(t);
  return t - a <= b - t ? a : b;
};
const iso = (t: number) => new Date(t).toISOString();

/** `[start, end)` (ISO instants) as whole UTC months plus signed edges; see above. */
export function rangeParts(start: string, end: string): RangeParts {
  const s = Date.parse(start);
  const e = Date.parse(end);
  const ms = nearestMonthStart(s);
  const me = nearestMonthStart(e);
  if (ms >= me) return { months: [], edges: s < e ? [{ from: start, to: end, sign: 1 }] : [] };
  const months: string[] = [];
  for (let t = ms; t < me; t = nextMonth(t)) months.push(iso(t).slice(0, 7));
  const edges: RangeParts['edges'] = [];
  if (s < ms) edges.push({ from: start, to: iso(ms), sign: 1 });
  if (ms < s) edges.push({ from: iso(ms), to: start, sign: -1 });
  if (me < e) edges.push({ from: iso(me), to: end, sign: 1 });
  if (e < me) edges.push({ from: end, to: iso(me), sign: -1 });
  return { months, edges };
}

/**
 * Rows `(conv, category, <columns(sign)>)` of one range's edges, from the events (unlikes aside): the
 * caller's columns say what each event adds there (`sign` is +1 or -1), as literals.
 */
export function edgeRows(parts: RangeParts, columns: (sign: 1 | -1) => RawBuilder<unknown>[]) {
  return parts.edges.map(
    ({ from, to, sign }) => sql`select conversation_key as conv, coalesce(category, '') as category,
      ${sql.join(columns(sign))}
      from events where counted_at >= ${from} and counted_at < ${to} and action <> 'unlike'`,
  );
}

/** A text literal both dialects type as text, also inside a UNION. */
export const textLit = (s: string) => sql`cast(${sql.lit(s)} as text)`;
