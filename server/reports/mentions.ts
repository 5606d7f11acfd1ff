import { sql } from 'kysely';
import { REPLY_ACTIONS } from '../../lib/domain/metrics';
import {
  addMonths,
  formatLocalDate,
  localDateOf,
  parseLocalDate,
  startOfLocalDay,
} from '../../lib/reports/time';
import { type CategoryId, CategoryIdSchema } from '../../lib/schemas/categories';
import type {
  MentionsDay,
  MentionsMonth,
  MentionsNarrative,
  MentionsReport,
} from '../../lib/schemas/mentions-report';
import type { ReportPeriod } from '../../lib/schemas/reports';
import type { Db } from '../db/types';
import { dayStarts, monthsEndingWith } from './period';
import { median } from './queries';

/** The definitions are in lib/schemas/mentions-report.ts; this file only counts them. */

const MAX_MONTHS = 24;
export const NARRATIVE_MONTHS = 6;
const KEY_CHUNK = 200;
/** Dismissed for these reasons a mention was never about the product: not part of the background. */
const NOT_BACKGROUND = ['irrelevant', 'spam'];

const num = (v: unknown) => Number(v ?? 0);
const iso = (ms: number) => new Date(ms).toISOString();
/** Of two ISO instants, the earlier: nothing is counted past the server's clock. */
const earlier = (a: string, b: string) => (a < b ? a : b);

function bucket(column: string, starts: readonly number[]) {
  const whens = starts.slice(1).map((t, i) => sql`when ${sql.ref(column)} < ${iso(t)} then ${sql.lit(i)}`);
  return sql<number>`case ${sql.join(whens, sql` `)} end`;
}

/** Negative, and not dismissed as irrelevant or spam. */
const background = sql<boolean>`polarity = 'negative' and (dismiss_reason is null or dismiss_reason not in (${sql.join(
  NOT_BACKGROUND.map((r) => sql.lit(r)),
)}))`;

const monthDiff = (a: string, b: string) =>
  (Number(b.slice(0, 4)) - Number(a.slice(0, 4))) * 12 + Number(b.slice(5, 7)) - Number(a.slice(5, 7));

/** Nearest-rank percentile: the value a share `p` of the sorted values is at or below. */
export function percentile(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  return s[Math.max(0, Math.ceil(p * s.length) - 1)]!;
}

function monthRange(tz: string, month: string): { start: string; end: string } {
  const first = parseLocalDate(`${month}-01`);
  return { start: iso(startOfLocalDay(tz, first)), end: iso(startOfLocalDay(tz, addMonths(first, 1))) };
}

async function dailyCounts(db: Db, period: ReportPeriod, nowIso: string): Promise<MentionsDay[]> {
  const { dates, starts } = dayStarts(period);
  const end = earlier(period.end, nowIso);
  const rows = await db
    .selectFrom(
      db
        .selectFrom('mentions')
        .select([bucket('posted_at', starts).as('d'), 'polarity', 'effective_category'])
        .where('posted_at', '>=', period.start)
        .where('posted_at', '<', end)
        .as('m'),
    )
    .select(['m.d', 'm.polarity', 'm.effective_category', sql<number | string>`count(*)`.as('n')])
    .groupBy(['m.d', 'm.polarity', 'm.effective_category'])
    .execute();
  const days: MentionsDay[] = dates.map((date) => ({
    date,
    total: 0,
    negative: 0,
    neutral: 0,
    positive: 0,
    categories: {},
  }));
  for (const r of rows) {
    const day = days[num(r.d)];
    if (!day) continue;
    const n = num(r.n);
    day.total += n;
    if (r.polarity === 'negative' || r.polarity === 'neutral' || r.polarity === 'positive')
      day[r.polarity] += n;
    const cat = CategoryIdSchema.safeParse(r.effective_category);
    if (cat.success) day.categories[cat.data] = (day.categories[cat.data] ?? 0) + n;
  }
  return days;
}

async function earliestMonth(db: Db, tz: string, nowIso: string): Promise<string | null> {
  const row = await db
    .selectFrom('mentions')
    .select((eb) => eb.fn.min('posted_at').as('first'))
    .where('posted_at', '<=', nowIso)
    .executeTakeFirst();
  const first = row?.first as string | null | undefined;
  return first ? formatLocalDate(localDateOf(tz, Date.parse(first))).slice(0, 7) : null;
}

async function monthly(
  db: Db,
  period: ReportPeriod,
  count: number,
  nowIso: string,
): Promise<MentionsMonth[]> {
  const { months, starts } = monthsEndingWith(period, count);
  const from = iso(starts[0]!);
  const to = earlier(iso(starts.at(-1)!), nowIso);
  const posted = await db
    .selectFrom(
      db
        .selectFrom('mentions')
        .select([bucket('posted_at', starts).as('m'), background.as('bg')])
        .where('posted_at', '>=', from)
        .where('posted_at', '<', to)
        .as('x'),
    )
    .select([
      'x.m',
      sql<number | string>`count(*)`.as('n'),
      sql<number | string>`sum(case when x.bg then 1 else 0 end)`.as('neg'),
    ])
    .groupBy('x.m')
    .execute();
  const decided = await db
    .selectFrom(
      db
        .selectFrom('mentions')
        .select([bucket('decided_at', starts).as('m'), 'status'])
        .where('decided_at', '>=', from)
        .where('decided_at', '<', to)
        .where('status', 'in', ['tracked', 'dismissed'])
        .as('x'),
    )
    .select(['x.m', 'x.status', sql<number | string>`count(*)`.as('n')])
    .groupBy(['x.m', 'x.status'])
    .execute();
  const out: MentionsMonth[] = months.map((month) => ({
    month,
    mentions: 0,
    negative: 0,
    tracked: 0,
    dismissed: 0,
  }));
  for (const r of posted) {
    const m = out[num(r.m)];
    if (!m) continue;
    m.mentions += num(r.n);
    m.negative += num(r.neg);
  }
  for (const r of decided) {
    const m = out[num(r.m)];
    if (m && (r.status === 'tracked' || r.status === 'dismissed')) m[r.status] += num(r.n);
  }
  return out;
}

async function negativeIn(db: Db, tz: string, month: string, nowIso: string): Promise<number> {
  const { start, end } = monthRange(tz, month);
  const row = await db
    .selectFrom('mentions')
    .select(sql<number | string>`count(*)`.as('n'))
    .where('posted_at', '>=', start)
    .where('posted_at', '<', earlier(end, nowIso))
    .where(background)
    .executeTakeFirstOrThrow();
  return num(row.n);
}

async function firstReplies(db: Db, period: ReportPeriod, now: Date): Promise<MentionsReport['firstReply']> {
  const nowIso = now.toISOString();
  const rows = await db
    .selectFrom('mentions')
    .select(['platform', 'post_id', 'posted_at', 'sla_due_at'])
    .where('posted_at', '>=', period.start)
    .where('posted_at', '<', earlier(period.end, nowIso))
    .where('status', '<>', 'dismissed')
    .where((eb) => eb.or([eb('polarity', '=', 'negative'), eb('status', '=', 'tracked')]))
    .execute();
  // The team's first reply on the post itself or in its conversation, at or after the post.
  const first = new Map<string, string>();
  const byPlatform = new Map<string, typeof rows>();
  for (const r of rows) byPlatform.set(r.platform, [...(byPlatform.get(r.platform) ?? []), r]);
  for (const [platform, list] of byPlatform) {
    for (let i = 0; i < list.length; i += KEY_CHUNK) {
      const chunk = list.slice(i, i + KEY_CHUNK);
      const posted = new Map(chunk.map((r) => [r.post_id, r.posted_at]));
      const ids = [...posted.keys()];
      const events = await db
        .selectFrom('events')
        .select(['target_id', 'conversation_id', 'counted_at'])
        .where('platform', '=', platform)
        .where('action', 'in', [...REPLY_ACTIONS])
        .where('counted_at', '<=', nowIso)
        .where((eb) => eb.or([eb('target_id', 'in', ids), eb('conversation_id', 'in', ids)]))
        .execute();
      for (const e of events) {
        for (const id of new Set([e.target_id, e.conversation_id])) {
          const at = id ? posted.get(id) : undefined;
          if (!id || !at || e.counted_at < at) continue;
          const key = `${platform}:${id}`;
          const prev = first.get(key);
          if (!prev || e.counted_at < prev) first.set(key, e.counted_at);
        }
      }
    }
  }
  const minutes: number[] = [];
  let decided = 0;
  let withinSla = 0;
  for (const r of rows) {
    const reply = first.get(`${r.platform}:${r.post_id}`);
    if (reply) {
      minutes.push(Math.round((Date.parse(reply) - Date.parse(r.posted_at)) / 60_000));
      decided += 1;
      if (reply <= r.sla_due_at) withinSla += 1;
    } else if (r.sla_due_at < nowIso) decided += 1;
  }
  return {
    mentions: rows.length,
    replied: minutes.length,
    decided,
    withinSla,
    share: decided > 0 ? withinSla / decided : null,
    // The same median as the KPI cards' (the mean of the middle two when even).
    medianMinutes: median(minutes),
    p90Minutes: percentile(minutes, 0.9),
  };
}

async function narratives(
  db: Db,
  period: ReportPeriod,
  nowIso: string,
): Promise<{ months: string[]; narratives: MentionsNarrative[] }> {
  const { months, starts } = monthsEndingWith(period, NARRATIVE_MONTHS);
  const to = earlier(iso(starts.at(-1)!), nowIso);
  const rows = await db
    .selectFrom(
      db
        .selectFrom('mentions')
        .select([bucket('posted_at', starts).as('m'), 'effective_category'])
        .where('posted_at', '>=', iso(starts[0]!))
        .where('posted_at', '<', to)
        .where(background)
        .as('x'),
    )
    .select(['x.m', 'x.effective_category', sql<number | string>`count(*)`.as('n')])
    .groupBy(['x.m', 'x.effective_category'])
    .execute();
  const series = new Map<CategoryId, number[]>();
  for (const r of rows) {
    const cat = CategoryIdSchema.safeParse(r.effective_category);
    if (!cat.success) continue;
    const s = series.get(cat.data) ?? months.map(() => 0);
    s[num(r.m)] = (s[num(r.m)] ?? 0) + num(r.n);
    series.set(cat.data, s);
  }
  // The deciding words of the report month's negative mentions, per category.
  const reasons = await db
    .selectFrom('mentions')
    .select(['effective_category', 'reason'])
    .where('posted_at', '>=', period.start)
    .where('posted_at', '<', earlier(period.end, nowIso))
    .where(background)
    .limit(50_000)
    .execute();
  const words = new Map<string, Map<string, number>>();
  for (const r of reasons) {
    let list: unknown;
    try {
      list = JSON.parse(r.reason);
    } catch {
      continue;
    }
    if (!Array.isArray(list)) continue;
    const w = words.get(r.effective_category) ?? new Map<string, number>();
    for (const word of list) if (typeof word === 'string') w.set(word, (w.get(word) ?? 0) + 1);
    words.set(r.effective_category, w);
  }
  const out: MentionsNarrative[] = [...series.entries()].map(([category, s]) => ({
    category,
    months: s,
    total: s.reduce((a, b) => a + b, 0),
    recurring: s.filter((n) => n > 0).length >= Math.ceil(months.length / 2),
    words: [...(words.get(category)?.entries() ?? [])]
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
      .slice(0, 5)
      .map(([w]) => w),
  }));
  out.sort((a, b) => Number(b.recurring) - Number(a.recurring) || b.total - a.total);
  return { months, narratives: out };
}

export async function mentionsReport(
  db: Db,
  period: ReportPeriod,
  baselineAsked: string | undefined,
  now: Date,
): Promise<MentionsReport> {
  const nowIso = now.toISOString();
  const reportMonth = period.to.slice(0, 7);
  const baselineMonth = baselineAsked ?? (await earliestMonth(db, period.tz, nowIso));
  const span = baselineMonth ? monthDiff(baselineMonth, reportMonth) + 1 : 1;
  const count = Math.min(MAX_MONTHS, Math.max(1, span));
  const [daily, months, firstReply, narr] = await Promise.all([
    dailyCounts(db, period, nowIso),
    monthly(db, period, count, nowIso),
    firstReplies(db, period, now),
    narratives(db, period, nowIso),
  ]);
  let baseline = 0;
  if (baselineMonth) {
    const inRange = months.find((m) => m.month === baselineMonth);
    baseline = inRange ? inRange.negative : await negativeIn(db, period.tz, baselineMonth, nowIso);
  }
  const current = months.at(-1)?.negative ?? 0;
  const ratio = baselineMonth && baseline > 0 ? current / baseline : null;
  return {
    period,
    generatedAt: nowIso,
    daily,
    background: {
      baselineMonth,
      baseline,
      target: baseline / 2,
      months: baselineMonth && span > 0 ? months : months.slice(-1),
      ratio,
      halved: ratio !== null && ratio <= 0.5,
    },
    firstReply,
    narrativeMonths: narr.months,
    narratives: narr.narratives,
  };
}
