import { sql } from 'kysely';
import { conversationUrl } from '../../lib/domain/links';
import { actions, isReply, REPLY_ACTIONS } from '../../lib/domain/metrics';
import { CATEGORY_IDS } from '../../lib/schemas/categories';
import { type Platform, PlatformSchema } from '../../lib/schemas/common';
import { RoleSchema } from '../../lib/schemas/member';
import {
  type AmbassadorRow,
  type CategoryRow,
  type DailyResponse,
  type Metric,
  type NarrativeCategory,
  type NarrativeThread,
  type OptionalMetric,
  type RecognitionLevel,
  type ReportCategory,
  type ReportPeriod,
  type ReportThread,
  type ThreadList,
  UNCATEGORISED,
} from '../../lib/schemas/reports';
import type { Db, ThreadsTable } from '../db/types';
import { dayStarts, monthsEndingWith } from './period';
import { edgeRows, rangeParts, textLit } from './rollup';

/*
 * Every aggregate here runs in SQL over an indexed time range and returns a handful of rows; only
 * the tracked threads of a period (hundreds, not millions) are read row by row, for the median.
 * Timestamps are ISO-8601 UTC text in both dialects, so comparing text compares instants.
 * Anything with a bound parameter is computed in an inner query and grouped on by name outside:
 * Postgres refuses `GROUP BY` expressions whose parameters are numbered differently from the SELECT's.
 */

export interface Periods {
  period: ReportPeriod;
  previous: ReportPeriod;
}

/** pg answers COUNT and SUM as strings (bigint), SQLite as numbers. */
const num = (v: unknown): number => Number(v ?? 0);
const metric = (current: unknown, previous: unknown): Metric => ({
  current: num(current),
  previous: num(previous),
});

const REPLY = `e.action in ('reply', 'comment')`;
/** Counts rows matching a fixed condition written in this file (never user input). */
const countIf = (cond: string) => sql<number | string>`sum(case when ${sql.raw(cond)} then 1 else 0 end)`;

/** Events of both periods with a flag for the current one; only indexed columns, so no row lookups. */
function flaggedEvents(db: Db, { period, previous }: Periods) {
  return db
    .selectFrom('events')
    .select([
      sql<number>`case when counted_at >= ${period.start} then 1 else 0 end`.as('cur'),
      'action',
      'platform',
      'category',
      'member_id',
    ])
    .where('counted_at', '>=', previous.start)
    .where('counted_at', '<', period.end);
}

/** The same with the conversation (X conversation, YouTube video, else the target) each event is in. */
const flaggedWithConversation = (db: Db, p: Periods) =>
  flaggedEvents(db, p).select('conversation_key as conv');

export interface EventTotals {
  replies: Metric;
  likesGiven: Metric;
  unlikes: Metric;
  likes: Metric;
  activeAmbassadors: Metric;
}

/** Events counted in `range` (an indexed range of events_report; only its columns are read). */
const eventsIn = (db: Db, range: ReportPeriod) =>
  db.selectFrom('events as e').where('e.counted_at', '>=', range.start).where('e.counted_at', '<', range.end);

/*
 * Each period is its own read, side by side, rather than one read of both with a flag per event: the
 * flag sent both months' rows (200,000 at the bench's density) through one sort for the distinct
 * counts, and a read of one month is less than half the time of the read of two (issue 10).
 */
export async function eventTotals(db: Db, p: Periods): Promise<EventTotals> {
  const totals = (range: ReportPeriod) =>
    eventsIn(db, range)
      .select([
        countIf(REPLY).as('replies'),
        countIf(`e.action = 'like'`).as('likes'),
        countIf(`e.action = 'unlike'`).as('unlikes'),
        sql<number | string>`count(distinct e.member_id)`.as('active'),
      ])
      .executeTakeFirstOrThrow();
  const [c, r] = await Promise.all([totals(p.period), totals(p.previous)]);
  const likesGiven = metric(c.likes, r.likes);
  const unlikes = metric(c.unlikes, r.unlikes);
  return {
    replies: metric(c.replies, r.replies),
    likesGiven,
    unlikes,
    likes: {
      current: likesGiven.current - unlikes.current,
      previous: likesGiven.previous - unlikes.previous,
    },
    activeAmbassadors: metric(c.active, r.active),
  };
}

export interface ThreadCohort {
  opened: number;
  met: number;
  decided: number;
}

const ratio = (met: number, decided: number) => (decided > 0 ? met / decided : null);

/**
 * Tracked threads opened in each period, per category. A thread's SLA is decided once it is answered
 * (within or after its due time) or its due time passed with no reply; threads a manager closed
 * without a reply (trolls, legal matters: "do not answer") are left out, as are ones still in time.
 */
export async function threadCohorts(
  db: Db,
  { period, previous }: Periods,
  now: Date,
): Promise<Map<string, { current: ThreadCohort; previous: ThreadCohort }>> {
  const inner = db
    .selectFrom('threads')
    .select([
      sql<number>`case when created_at >= ${period.start} then 1 else 0 end`.as('cur'),
      'category',
      'first_reply_at',
      'sla_due_at',
      'status',
    ])
    .where('created_at', '>=', previous.start)
    .where('created_at', '<', period.end);
  const rows = await db
    .selectFrom(inner.as('t'))
    .select([
      't.cur',
      't.category',
      sql<number | string>`count(*)`.as('opened'),
      countIf('t.first_reply_at is not null and t.first_reply_at <= t.sla_due_at').as('met'),
      sql<number | string>`sum(case
        when t.first_reply_at is not null then 1
        when t.status <> 'closed' and t.sla_due_at <= ${now.toISOString()} then 1
        else 0 end)`.as('decided'),
    ])
    .groupBy(['t.cur', 't.category'])
    .execute();
  const out = new Map<string, { current: ThreadCohort; previous: ThreadCohort }>();
  const empty = (): ThreadCohort => ({ opened: 0, met: 0, decided: 0 });
  for (const r of rows) {
    const entry = out.get(r.category) ?? { current: empty(), previous: empty() };
    entry[num(r.cur) === 1 ? 'current' : 'previous'] = {
      opened: num(r.opened),
      met: num(r.met),
      decided: num(r.decided),
    };
    out.set(r.category, entry);
  }
  return out;
}

/** Tracked threads whose first team reply fell in each period. */
export async function threadsAnswered(db: Db, { period, previous }: Periods): Promise<Metric> {
  const r = await db
    .selectFrom(
      db
        .selectFrom('threads')
        .select(sql<number>`case when first_reply_at >= ${period.start} then 1 else 0 end`.as('cur'))
        .where('first_reply_at', '>=', previous.start)
        .where('first_reply_at', '<', period.end)
        .as('t'),
    )
    .select([countIf('t.cur = 1').as('c'), countIf('t.cur = 0').as('p')])
    .executeTakeFirstOrThrow();
  return metric(r.c, r.p);
}

export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** Minutes from tracking to the first reply; a reply logged before the thread was tracked counts as 0. */
const firstReplyMinutes = (createdAt: string, firstReplyAt: string) =>
  Math.max(0, Math.round((Date.parse(firstReplyAt) - Date.parse(createdAt)) / 60_000));

/**
 * Median time to first reply over the threads opened in each period that were answered. Durations of
 * ISO text are not portable SQL, and a month has hundreds of threads, so the two timestamps are read.
 */
export async function medianFirstReply(db: Db, { period, previous }: Periods): Promise<OptionalMetric> {
  const rows = await db
    .selectFrom('threads')
    .select(['created_at', 'first_reply_at'])
    .where('created_at', '>=', previous.start)
    .where('created_at', '<', period.end)
    .where('first_reply_at', 'is not', null)
    .execute();
  const cur: number[] = [];
  const prev: number[] = [];
  for (const r of rows) {
    (r.created_at >= period.start ? cur : prev).push(firstReplyMinutes(r.created_at, r.first_reply_at!));
  }
  return { current: median(cur), previous: median(prev) };
}

export function sumCohorts(cohorts: Map<string, { current: ThreadCohort; previous: ThreadCohort }>) {
  const total = { current: { opened: 0, met: 0, decided: 0 }, previous: { opened: 0, met: 0, decided: 0 } };
  for (const c of cohorts.values()) {
    for (const k of ['current', 'previous'] as const) {
      total[k].opened += c[k].opened;
      total[k].met += c[k].met;
      total[k].decided += c[k].decided;
    }
  }
  return {
    threadsOpened: { current: total.current.opened, previous: total.previous.opened },
    slaMet: { current: total.current.met, previous: total.previous.met },
    slaDecided: { current: total.current.decided, previous: total.previous.decided },
    slaCompliance: {
      current: ratio(total.current.met, total.current.decided),
      previous: ratio(total.previous.met, total.previous.decided),
    },
  };
}

/**
 * The SQL groups by a prefix of the UTC timestamp (an hour, ten minutes or a minute), the coarsest
 * that never straddles a local midnight in this period, and the buckets are folded into local days
 * here: correct across DST changes and in half- and quarter-hour zones, and a month is at most a few
 * thousand rows however many events it has.
 */
export async function daily(db: Db, period: ReportPeriod): Promise<DailyResponse> {
  const { dates, starts } = dayStarts(period);
  const chars = starts.every((t) => t % 3_600_000 === 0)
    ? 13
    : starts.every((t) => t % 600_000 === 0)
      ? 15
      : 16;
  const pad = { 13: ':00:00.000Z', 15: '0:00.000Z', 16: ':00.000Z' }[chars]!;
  const rows = await db
    .selectFrom(
      db
        .selectFrom('events')
        .select([sql<string>`substr(counted_at, 1, ${sql.lit(chars)})`.as('bucket'), 'platform', 'action'])
        .where('counted_at', '>=', period.start)
        .where('counted_at', '<', period.end)
        .as('e'),
    )
    .select(['e.bucket', 'e.platform', 'e.action', sql<number | string>`count(*)`.as('n')])
    .groupBy(['e.bucket', 'e.platform', 'e.action'])
    .execute();
  const days = dates.map((date) => ({
    date,
    x: { replies: 0, likes: 0, unlikes: 0 },
    youtube: { replies: 0, likes: 0, unlikes: 0 },
  }));
  for (const r of rows) {
    const t = Date.parse(r.bucket + pad);
    // Last day start at or before the bucket.
    let lo = 0;
    let hi = dates.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= t) lo = mid;
      else hi = mid - 1;
    }
    const day = days[lo];
    const platform = PlatformSchema.safeParse(r.platform);
    if (!day || !platform.success) continue;
    const counts = day[platform.data];
    const n = num(r.n);
    if (isReply(r.action)) counts.replies += n;
    else if (r.action === 'like') counts.likes += n;
    else if (r.action === 'unlike') counts.unlikes += n;
  }
  return { period, days };
}

const asCategory = (c: string | null): ReportCategory =>
  c && (CATEGORY_IDS as readonly string[]).includes(c) ? (c as ReportCategory) : UNCATEGORISED;

const CATEGORY_ORDER: readonly ReportCategory[] = [...CATEGORY_IDS, UNCATEGORISED];

export async function categories(db: Db, p: Periods, now: Date): Promise<CategoryRow[]> {
  // One read per period, side by side (see eventTotals), and the thread cohorts beside them.
  const perCategory = (range: ReportPeriod) =>
    eventsIn(db, range)
      .select([
        'e.category',
        countIf(REPLY).as('replies'),
        countIf(`e.action = 'like'`).as('likes'),
        countIf(`e.action = 'unlike'`).as('unlikes'),
      ])
      .groupBy('e.category')
      .execute();
  const [current, previous, cohorts] = await Promise.all([
    perCategory(p.period),
    perCategory(p.previous),
    threadCohorts(db, p, now),
  ]);
  const zero = () => ({ current: 0, previous: 0 });
  const byCategory = new Map<ReportCategory, { replies: Metric; likes: Metric }>();
  for (const [which, rows] of [
    ['current', current],
    ['previous', previous],
  ] as const) {
    for (const r of rows) {
      const key = asCategory(r.category);
      const entry = byCategory.get(key) ?? { replies: zero(), likes: zero() };
      entry.replies[which] += num(r.replies);
      entry.likes[which] += num(r.likes) - num(r.unlikes);
      byCategory.set(key, entry);
    }
  }
  const out: CategoryRow[] = [];
  for (const category of CATEGORY_ORDER) {
    const ev = byCategory.get(category) ?? { replies: zero(), likes: zero() };
    const th = cohorts.get(category);
    const get = (k: 'current' | 'previous', f: keyof ThreadCohort) => th?.[k][f] ?? 0;
    const row: CategoryRow = {
      category,
      replies: ev.replies,
      likes: ev.likes,
      actions: {
        current: ev.replies.current + ev.likes.current,
        previous: ev.replies.previous + ev.likes.previous,
      },
      threadsOpened: { current: get('current', 'opened'), previous: get('previous', 'opened') },
      slaMet: { current: get('current', 'met'), previous: get('previous', 'met') },
      slaDecided: { current: get('current', 'decided'), previous: get('previous', 'decided') },
      slaCompliance: {
        current: ratio(get('current', 'met'), get('current', 'decided')),
        previous: ratio(get('previous', 'met'), get('previous', 'decided')),
      },
    };
    const empty =
      row.actions.current === 0 &&
      row.actions.previous === 0 &&
      row.threadsOpened.current === 0 &&
      row.threadsOpened.previous === 0 &&
      row.replies.current === 0;
    // Every real category is listed so the charts keep a stable order; "uncategorised" only when used.
    if (category !== UNCATEGORISED || !empty) out.push(row);
  }
  return out;
}

export const NARRATIVE_MONTHS = 6;

/** A `case` mapping a timestamp column to the index of the month it falls in. */
function monthIndex(column: string, starts: readonly number[]) {
  const whens = starts
    .slice(1)
    .map((t, i) => sql`when ${sql.ref(column)} < ${new Date(t).toISOString()} then ${sql.lit(i)}`);
  return sql<number>`case ${sql.join(whens, sql` `)} end`;
}

/**
 * Per category (`''` for none) and month `i` of `[starts[i], starts[i + 1])`: events other than unlikes,
 * and the distinct conversations they were in. From the conversation roll-up: each month is the
 * nearest UTC month's rows, corrected by the events of the hours where the two differ (rollup.ts).
 */
async function narrativeMonths(
  db: Db,
  starts: readonly number[],
): Promise<Map<string, { actions: number; conversations: number }[]>> {
  const parts = starts.slice(0, -1).map((t, i) => {
    const r = rangeParts(new Date(t).toISOString(), new Date(starts[i + 1]!).toISOString());
    // A calendar month in any zone is within hours of one UTC month.
    if (r.months.length !== 1) throw new Error(`not a calendar month: ${JSON.stringify(r)}`);
    return r;
  });
  const monthOf = parts.map((r) => r.months[0]!);
  const out = new Map<string, { actions: number; conversations: number }[]>();
  const add = (category: string, i: number, actions: number, conversations: number) => {
    let s = out.get(category);
    if (!s) {
      s = monthOf.map(() => ({ actions: 0, conversations: 0 }));
      out.set(category, s);
    }
    s[i]!.actions += actions;
    s[i]!.conversations += conversations;
  };
  const base = await db
    .selectFrom('conversation_months')
    .select([
      'month',
      'category',
      sql<number | string>`count(*)`.as('conversations'),
      sql<number | string>`sum(n)`.as('actions'),
    ])
    .where('month', 'in', monthOf)
    .groupBy(['month', 'category'])
    .execute();
  for (const r of base) add(r.category, monthOf.indexOf(r.month), num(r.actions), num(r.conversations));
  // Each edge event changes its month's actions by its sign; a conversation is won or lost where
  // its count in the UTC month, corrected, crosses zero.
  const edges = parts.flatMap((r, i) =>
    edgeRows(r, (sign) => [
      sql`${sql.lit(sign)} as n`,
      sql`${sql.lit(i)} as m`,
      sql`${textLit(monthOf[i]!)} as month`,
    ]),
  );
  if (edges.length === 0) return out;
  const corrections = await sql<{
    m: number;
    category: string;
    actions: number | string;
    conversations: number | string;
  }>`select f.m, f.category, sum(f.n) as actions,
      sum(case when coalesce(r.n, 0) + f.n > 0 then 1 else 0 end)
        - sum(case when r.n is not null then 1 else 0 end) as conversations
    from (
      select w.m, w.month, w.category, w.conv, sum(w.n) as n
      from (${sql.join(edges, sql` union all `)}) w
      group by w.m, w.month, w.category, w.conv
    ) f
    left join conversation_months r
      on r.month = f.month and r.category = f.category and r.conversation_key = f.conv
    group by f.m, f.category`.execute(db);
  for (const r of corrections.rows) add(r.category, num(r.m), num(r.actions), num(r.conversations));
  return out;
}

export async function narratives(
  db: Db,
  p: Periods,
): Promise<{ months: string[]; categories: NarrativeCategory[]; threads: NarrativeThread[] }> {
  const { months, starts } = monthsEndingWith(p.period, NARRATIVE_MONTHS);
  const from = new Date(starts[0]!).toISOString();
  const to = new Date(starts.at(-1)!).toISOString();
  const threadRowsQuery = db
    .selectFrom(
      db
        .selectFrom('threads')
        .select([monthIndex('created_at', starts).as('m'), 'category'])
        .where('created_at', '>=', from)
        .where('created_at', '<', to)
        .as('t'),
    )
    .select(['t.m', 't.category', sql<number | string>`count(*)`.as('n')])
    .groupBy(['t.m', 't.category']);
  // Recurring conversations (active the period before too) that got busier, biggest increase first.
  const threadAggQuery = db
    .selectFrom(flaggedWithConversation(db, p).as('e'))
    .select([
      'e.conv',
      sql<string | null>`max(e.category)`.as('category'),
      countIf('e.cur = 1').as('current'),
      countIf('e.cur = 0').as('previous'),
    ])
    .where('e.action', '<>', 'unlike')
    .groupBy('e.conv')
    .having(sql<boolean>`sum(e.cur) * 2 > count(*) and count(*) > sum(e.cur)`)
    .orderBy(sql`sum(e.cur) * 2 - count(*)`, 'desc')
    .orderBy('e.conv')
    .limit(10);
  // Independent reads: on Postgres the pool and on SQLite the reader's threads run them side by side.
  const [eventRows, threadRows, threadAgg] = await Promise.all([
    narrativeMonths(db, starts),
    threadRowsQuery.execute(),
    threadAggQuery.execute(),
  ]);

  const series = new Map<ReportCategory, NarrativeCategory['months']>();
  const seriesFor = (c: ReportCategory) => {
    let s = series.get(c);
    if (!s) {
      s = months.map((month) => ({ month, conversations: 0, actions: 0, threadsTracked: 0 }));
      series.set(c, s);
    }
    return s;
  };
  for (const [category, perMonth] of eventRows) {
    // A category is listed when it had events in these months (or threads, below).
    if (!perMonth.some((m) => m.actions > 0)) continue;
    const s = seriesFor(asCategory(category || null));
    perMonth.forEach((m, i) => {
      s[i]!.actions += m.actions;
      s[i]!.conversations += m.conversations;
    });
  }
  for (const r of threadRows) {
    const slot = seriesFor(asCategory(r.category))[num(r.m)];
    if (slot) slot.threadsTracked += num(r.n);
  }
  const volume = (m: NarrativeCategory['months'][number] | undefined) =>
    (m?.conversations ?? 0) + (m?.threadsTracked ?? 0);
  const cats: NarrativeCategory[] = CATEGORY_ORDER.filter((c) => series.has(c)).map((category) => {
    const s = series.get(category)!;
    const growth = volume(s.at(-1)) - volume(s.at(-2));
    return { category, months: s, growing: growth > 0, growth };
  });

  const keys = threadAgg.map((r) => splitConv(r.conv));
  const tracked = new Map<string, Pick<ThreadsTable, 'id' | 'url' | 'excerpt' | 'category'>>();
  for (const platform of ['x', 'youtube'] as const) {
    const ids = keys.filter((k) => k.platform === platform).map((k) => k.key);
    if (ids.length === 0) continue;
    const rows = await db
      .selectFrom('threads')
      .select(['id', 'url', 'excerpt', 'category', 'canonical_id'])
      .where('platform', '=', platform)
      .where('canonical_id', 'in', ids)
      .execute();
    for (const r of rows) tracked.set(`${platform}:${r.canonical_id}`, r);
  }
  const threads: NarrativeThread[] = [];
  for (const r of threadAgg) {
    const { platform, key } = splitConv(r.conv);
    if (!platform) continue;
    const t = tracked.get(r.conv);
    const url = t?.url ?? conversationUrl(platform, key);
    if (!url) continue;
    threads.push({
      platform,
      key,
      url,
      category: asCategory(t?.category ?? r.category),
      ...(t ? { trackedThreadId: t.id } : {}),
      ...(t?.excerpt ? { excerpt: t.excerpt } : {}),
      current: num(r.current),
      previous: num(r.previous),
    });
  }
  return { months, categories: cats, threads };
}

function splitConv(conv: string): { platform: Platform | undefined; key: string } {
  const i = conv.indexOf(':');
  const platform = PlatformSchema.safeParse(conv.slice(0, i));
  return { platform: platform.success ? platform.data : undefined, key: conv.slice(i + 1) };
}

export function levelFor(actions: number, levels: readonly RecognitionLevel[]): string | null {
  let reached: string | null = null;
  for (const l of [...levels].sort((a, b) => a.minActions - b.minActions)) {
    if (actions >= l.minActions) reached = l.id;
  }
  return reached;
}

/** Recognition counts actions as lib/domain/metrics defines them (replies plus net likes, never below zero). */
export const recognitionActions = (replies: number, netLikes: number) =>
  actions({ replies, likes: Math.max(0, netLikes), unlikes: Math.max(0, -netLikes) });

export async function ambassadors(
  db: Db,
  p: Periods,
  levels: readonly RecognitionLevel[],
): Promise<AmbassadorRow[]> {
  // This period's activity and the previous period's counts are separate reads (see eventTotals): only
  // this period needs the distinct conversations.
  const activityRead = eventsIn(db, p.period)
    .select([
      'e.member_id',
      countIf(REPLY).as('replies'),
      countIf(`e.action = 'like'`).as('likes'),
      countIf(`e.action = 'unlike'`).as('unlikes'),
      countIf(`e.platform = 'x'`).as('on_x'),
      countIf(`e.platform = 'youtube'`).as('on_youtube'),
      sql<number | string>`count(distinct e.conversation_key)`.as('touched'),
    ])
    .groupBy('e.member_id')
    .execute();
  const previousRead = eventsIn(db, p.previous)
    .select([
      'e.member_id',
      countIf(REPLY).as('replies'),
      countIf(`e.action = 'like'`).as('likes'),
      countIf(`e.action = 'unlike'`).as('unlikes'),
    ])
    .groupBy('e.member_id')
    .execute();
  // One index seek per member (events_member is member, time), not a scan of every event ever.
  const lastActiveRead = db
    .selectFrom('members as m')
    .select((eb) => [
      'm.id as member_id',
      eb
        .selectFrom('events as x')
        .select(sql<string>`max(x.counted_at)`.as('at'))
        .whereRef('x.member_id', '=', 'm.id')
        .where('x.counted_at', '<', p.period.end)
        .as('last'),
    ])
    .execute();
  // The first reply to a tracked thread is the event at its first_reply_at on that thread. The period's
  // answered threads (hundreds) come first, each then one seek on events_report by its first reply's
  // time: joined directly, SQLite carried the period's range over to the events and walked the
  // month's events (100,000 at the bench's density) looking each one's thread up, ~15x slower.
  const firstsRead = db
    .with(
      (cte) => cte('t').materialized(),
      (q) =>
        q
          .selectFrom('threads')
          .select(['id', 'platform', 'canonical_id', 'first_reply_at', 'sla_due_at'])
          .where('first_reply_at', '>=', p.period.start)
          .where('first_reply_at', '<', p.period.end),
    )
    .selectFrom('t')
    .innerJoin('events as e', (join) =>
      join
        .onRef('e.platform', '=', 't.platform')
        .onRef('e.counted_at', '=', 't.first_reply_at')
        .on((eb) =>
          eb.or([
            eb('e.target_id', '=', eb.ref('t.canonical_id')),
            eb('e.conversation_id', '=', eb.ref('t.canonical_id')),
          ]),
        )
        .on('e.action', 'in', [...REPLY_ACTIONS]),
    )
    .select([
      'e.member_id',
      sql<number | string>`count(distinct t.id)`.as('firsts'),
      sql<number | string>`count(distinct case when t.first_reply_at <= t.sla_due_at then t.id end)`.as(
        'within',
      ),
    ])
    .groupBy('e.member_id')
    .execute();
  const membersRead = db.selectFrom('members').select(['id', 'name', 'role', 'revoked_at']).execute();
  // Independent reads, side by side (the pool on Postgres, the reader's threads on SQLite).
  const [activity, previousActivity, lastActive, firsts, members] = await Promise.all([
    activityRead,
    previousRead,
    lastActiveRead,
    firstsRead,
    membersRead,
  ]);

  const act = new Map(activity.map((r) => [r.member_id, r]));
  const prev = new Map(previousActivity.map((r) => [r.member_id, r]));
  const last = new Map(lastActive.flatMap((r) => (r.last ? [[r.member_id, r.last] as const] : [])));
  const first = new Map(firsts.map((r) => [r.member_id, r]));
  const rows: AmbassadorRow[] = [];
  for (const m of members) {
    const a = act.get(m.id);
    const b = prev.get(m.id);
    // Someone revoked before this period with nothing in it is not part of the team it reports on.
    if (m.revoked_at && !a && !b) continue;
    const replies = num(a?.replies);
    const likes = num(a?.likes) - num(a?.unlikes);
    const actions = recognitionActions(replies, likes);
    const platforms: Platform[] = [];
    if (num(a?.on_x) > 0) platforms.push('x');
    if (num(a?.on_youtube) > 0) platforms.push('youtube');
    const lastAt = last.get(m.id);
    rows.push({
      name: m.name,
      role: RoleSchema.catch('ambassador').parse(m.role),
      revoked: Boolean(m.revoked_at),
      replies,
      likes,
      actions,
      previousActions: recognitionActions(num(b?.replies), num(b?.likes) - num(b?.unlikes)),
      threadsTouched: num(a?.touched),
      firstReplies: num(first.get(m.id)?.firsts),
      firstRepliesWithinSla: num(first.get(m.id)?.within),
      platforms,
      ...(lastAt ? { lastActiveAt: lastAt } : {}),
      level: levelFor(actions, levels),
    });
  }
  return rows.sort((a, b) => b.actions - a.actions || (a.name < b.name ? -1 : 1));
}

export const THREAD_LIST_LIMIT = 200;

function toReportThread(r: ThreadsTable, now: number): ReportThread {
  const repliedBy = r.replied_by ? (JSON.parse(r.replied_by) as { name: string }[]).map((x) => x.name) : [];
  const overdue = r.status === 'open' && !r.first_reply_at ? now - Date.parse(r.sla_due_at) : 0;
  return {
    id: r.id,
    platform: PlatformSchema.parse(r.platform),
    url: r.url,
    category: r.category,
    priority: r.priority as ReportThread['priority'],
    status: r.status as ReportThread['status'],
    ...(r.author ? { author: r.author } : {}),
    ...(r.excerpt ? { excerpt: r.excerpt } : {}),
    createdAt: r.created_at,
    slaDueAt: r.sla_due_at,
    ...(r.first_reply_at
      ? {
          firstReplyAt: r.first_reply_at,
          withinSla: r.first_reply_at <= r.sla_due_at,
          firstReplyMinutes: firstReplyMinutes(r.created_at, r.first_reply_at),
        }
      : {}),
    repliedBy,
    ...(overdue > 0 ? { overdueMinutes: Math.floor(overdue / 60_000) } : {}),
  };
}

/**
 * Open and overdue are the threads' state now (anything created before the period ended);
 * answered and closed are those opened in the period.
 */
export async function threadLists(db: Db, period: ReportPeriod, now: Date) {
  const at = now.toISOString();
  const list = async (
    build: (q: ReturnType<typeof base>) => ReturnType<typeof base>,
    order: (q: ReturnType<typeof base>) => ReturnType<typeof base>,
  ): Promise<ThreadList> => {
    const [count, rows] = await Promise.all([
      build(base()).clearSelect().select(sql<number | string>`count(*)`.as('n')).executeTakeFirstOrThrow(),
      order(build(base())).limit(THREAD_LIST_LIMIT).execute(),
    ]);
    return { total: num(count.n), threads: rows.map((r) => toReportThread(r, now.getTime())) };
  };
  const base = () => db.selectFrom('threads').selectAll();
  const inPeriod = (q: ReturnType<typeof base>) =>
    q.where('created_at', '>=', period.start).where('created_at', '<', period.end);
  const openNow = (q: ReturnType<typeof base>) =>
    q.where('status', '=', 'open').where('created_at', '<', period.end);
  const [open, overdue, answered, closed] = await Promise.all([
    list(
      (q) => openNow(q).where('sla_due_at', '>', at),
      (q) => q.orderBy('sla_due_at').orderBy('id'),
    ),
    list(
      (q) => openNow(q).where('sla_due_at', '<=', at),
      (q) => q.orderBy('sla_due_at').orderBy('id'),
    ),
    list(
      (q) => inPeriod(q).where('status', '=', 'answered'),
      (q) => q.orderBy('first_reply_at', 'desc').orderBy('id'),
    ),
    list(
      (q) => inPeriod(q).where('status', '=', 'closed'),
      (q) => q.orderBy('updated_at', 'desc').orderBy('id'),
    ),
  ]);
  return { open, overdue, answered, closed };
}
