/**
 * Mentions (issue 12) for `npm run bench -- --only=mentions`, on a SQLite file (and on Postgres when
 * BENCH_DATABASE_URL or TEST_DATABASE_URL names one):
 * - 100,000 captured mentions ingested through the store-once path (terms matched again, triage,
 *   duplicates folded; batches of 200 as the API takes them, one in ten a repeat sighting), against the
 *   bare insert of the same rows in the same batches as the baseline;
 * - inbox queries (`GET /mentions` with the inbox's filters, over HTTP-less app.request) p95 at
 *   1,000,000 mentions: the ingested ones, then copies of them made inside the database
 *   (`INSERT … SELECT`, each copy a new id and post id, posted a minute or more earlier, so the copies
 *   interleave with the originals in time) until the table holds BENCH_INBOX_ROWS rows.
 *
 * - the capture's cost per timeline answer in the page: the content script's parse of an answer the
 *   MAIN world passed on and its match against the team's terms (lib/monitoring/capture.ts), per real
 *   answer shape in tests/fixtures, against the page's own JSON.parse of the same answer as the baseline.
 *
 *   BENCH_MENTIONS=20000 BENCH_INBOX_ROWS=200000   a quick run (the checked figure is the default 1M)
 *   BENCH_EXPLAIN=1                                 print each inbox filter set's query plan
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import pg from 'pg';
import { createMentionCapture } from '../lib/monitoring/capture';
import type { CapturedMention } from '../lib/schemas/mention';
import { MentionsQuerySchema } from '../lib/schemas/mention';
import { MonitoringSettingsSchema } from '../lib/schemas/monitoring';
import { createApp } from '../server/app';
import { addMember } from '../server/core/members';
import { ingestMentions } from '../server/core/mentions';
import { publishVersion } from '../server/core/versioned';
import { type DatabaseTarget, openDatabase } from '../server/db/connect';
import { migrateToLatest } from '../server/db/migrate';
import type { Db, MentionsTable } from '../server/db/types';
import { inboxQuery } from '../server/routes/mentions';
import { figure } from './record';
import { stats } from './stats';

const section = 'mentions';
const TOTAL = Number(process.env.BENCH_MENTIONS ?? 100_000);
const INBOX_ROWS = Number(process.env.BENCH_INBOX_ROWS ?? 1_000_000);
const EXPLAIN = Boolean(process.env.BENCH_EXPLAIN);
const BATCH = 200;

const TEXTS = [
  'Finvo withdrawal stuck for 3 days, support ignores me',
  'finvo is a scam, they stole my money',
  'Finvo app crashes every time I log in, terrible',
  'Just opened a Finvo account today',
  'Love the new Finvo card, great design',
  'Does finvo support SEPA transfers?',
  'финво опять не работает, деньги зависли',
  'Как в финво поменять карту?',
];

function mention(i: number, now: number): CapturedMention {
  const postId = String(1_800_000_000_000_000_000n + BigInt(i));
  const postedAt = new Date(now - ((i * 7919) % (90 * 86_400)) * 1000).toISOString();
  return {
    platform: i % 4 === 0 ? 'youtube' : 'x',
    kind: i % 4 === 0 ? 'comment' : 'post',
    postId: i % 4 === 0 ? `Ugy${i}` : postId,
    conversationId: postId,
    url: `https://x.com/user${i % 5000}/status/${postId}`,
    authorHandle: `@user${i % 5000}`,
    authorFollowers: (i * 37) % 200_000,
    text: `${TEXTS[i % TEXTS.length]} #${i}`,
    lang: i % 8 >= 6 ? 'ru' : 'en',
    postedAt,
    counts: { replies: i % 7, likes: i % 50, views: (i * 13) % 100_000 },
    seenAt: postedAt,
    source: 'capture',
  };
}

async function open(kind: 'sqlite' | 'postgres'): Promise<{ db: Db; close: () => Promise<void> }> {
  if (kind === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'rt-bench-mentions-'));
    const target: DatabaseTarget = { kind: 'sqlite', path: join(dir, 'bench.sqlite') };
    const db = openDatabase(target);
    await migrateToLatest(db);
    return {
      db,
      close: async () => {
        await db.destroy();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const url = (process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL)!;
  const schema = `rt_bench_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Pool({ connectionString: url, max: 1 });
  await admin.query(`CREATE SCHEMA ${schema}`);
  const db = openDatabase({ kind: 'postgres', url }, { schema });
  await migrateToLatest(db);
  return {
    db,
    close: async () => {
      await db.destroy();
      await admin.query(`DROP SCHEMA ${schema} CASCADE`);
      await admin.end();
    },
  };
}

const NOW = '2026-11-20T12:00:00.000Z';
const COPY_MARK = '~';

/**
 * Grows the table to `target` rows by copying the ingested mentions inside the database: copy k of a
 * row gets the id and post id with `~k` appended and a post time k × 61 s earlier. Returns the rows now stored.
 */
async function grow(kind: 'sqlite' | 'postgres', db: Db, target: number): Promise<number> {
  const count = async () =>
    Number(
      (
        await db
          .selectFrom('mentions')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const originals = await count();
  if (originals >= target) return originals;
  // A bulk load as a database restore does it: drop the table's indexes, copy, build them again
  // (one sorted build each instead of a million random inserts into fourteen B-trees).
  const indexes =
    kind === 'sqlite'
      ? (
          await sql<{ name: string; def: string }>`
            select name, sql as def from sqlite_master
            where type = 'index' and tbl_name = 'mentions' and sql is not null`.execute(db)
        ).rows
      : (
          await sql<{ name: string; def: string }>`
            select indexname as name, indexdef as def from pg_indexes
            where tablename = 'mentions' and schemaname = current_schema()
              and indexname not in (select conname from pg_constraint where contype = 'p')`.execute(db)
        ).rows;
  for (const { name } of indexes) await sql`drop index ${sql.id(name)}`.execute(db);
  let stored = originals;
  for (let k = 1; stored < target; k++) {
    const take = Math.min(originals, target - stored);
    const mark = `${COPY_MARK}${k}`;
    const shifted =
      kind === 'sqlite'
        ? sql`strftime('%Y-%m-%dT%H:%M:%fZ', posted_at, ${`-${k * 61} seconds`})`
        : sql`to_char((posted_at::timestamptz - make_interval(secs => ${k * 61})) at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
    await sql`
      insert into mentions (id, platform, post_id, kind, conversation_id, channel_id, url, author_handle,
        author_followers, text, text_dropped, language, posted_at, replies, likes, reposts, views, reach,
        counts_seen_at, first_seen_at, last_seen_at, sources, matched_terms, suggested_category, confidence,
        reason, polarity, category, effective_category, priority, status, dismiss_reason, assignee, thread_id,
        sla_due_at, decided_by, decided_at)
      select id || ${mark}, platform, post_id || ${mark}, kind, conversation_id, channel_id, url, author_handle,
        author_followers, text, text_dropped, language, ${shifted}, replies, likes, reposts, views, reach,
        counts_seen_at, first_seen_at, last_seen_at, sources, matched_terms, suggested_category, confidence,
        reason, polarity, category, effective_category, priority, status, dismiss_reason, assignee, thread_id,
        sla_due_at, decided_by, decided_at
      from mentions where id not like ${`%${COPY_MARK}%`} order by id limit ${take}`.execute(db);
    stored += take;
  }
  for (const { def } of indexes) await sql.raw(def).execute(db);
  // As in a team's inbox: past two days most mentions are triaged (7 in 10 dismissed, 2 tracked), one
  // in ten waits; the last two days all wait.
  const twoDaysAgo = new Date(Date.parse(NOW) - 2 * 86_400_000).toISOString();
  await db
    .updateTable('mentions')
    .set({
      status: sql<string>`case when reach % 10 < 7 then 'dismissed' when reach % 10 < 9 then 'tracked' else 'new' end`,
    })
    .where('posted_at', '<', twoDaysAgo)
    .execute();
  if (kind === 'postgres') await sql`analyze mentions`.execute(db);
  else await sql`analyze`.execute(db);
  return count();
}

async function explain(kind: 'sqlite' | 'postgres', db: Db, path: string, now: Date) {
  const params = Object.fromEntries(new URL(path, 'http://x').searchParams);
  const q = MentionsQuerySchema.parse(params);
  const first = await inboxQuery(db, q, now).execute();
  const last = first[q.limit - 1];
  // The first page, and the next one after its last row.
  for (const after of [undefined, last && { postedAt: last.posted_at, id: last.id }]) {
    const compiled = inboxQuery(db, q, now, after).compile();
    const prefix = kind === 'sqlite' ? 'explain query plan ' : 'explain (analyze, buffers off) ';
    const res = await db.executeQuery({ ...compiled, sql: prefix + compiled.sql, queryId: compiled.queryId });
    const lines = (res.rows as Record<string, unknown>[]).map((r) =>
      kind === 'sqlite' ? String(r.detail) : String(r['QUERY PLAN']),
    );
    console.log(`${kind} ${path}${after ? ' (next page)' : ''}\n  ${lines.join('\n  ')}`);
  }
}

async function run(kind: 'sqlite' | 'postgres') {
  const now = Date.parse(NOW);
  const nowIso = new Date(now).toISOString();
  const a = await open(kind);
  await publishVersion(a.db, 'monitoring', {
    content: MonitoringSettingsSchema.parse({ terms: { include: ['finvo', 'финво*'], exclude: [] } }),
    by: 'bench',
    at: nowIso,
    expected: undefined,
    what: 'Monitoring terms',
  });
  // One in ten sightings repeats an earlier post, as when several members load the same page.
  const items = Array.from({ length: TOTAL }, (_, i) => mention(i % 10 === 9 ? i - 5 : i, now));
  let t = performance.now();
  for (let i = 0; i < items.length; i += BATCH) await ingestMentions(a.db, items.slice(i, i + BATCH), nowIso);
  const ingestMs = performance.now() - t;
  const stored = Number(
    (
      await a.db
        .selectFrom('mentions')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

  // Baseline: the rows ingest stored, inserted bare into a fresh database in the same batches.
  const rows = (await a.db.selectFrom('mentions').selectAll().execute()) as MentionsTable[];
  const b = await open(kind);
  t = performance.now();
  for (let i = 0; i < rows.length; i += BATCH) {
    const chunk = rows.slice(i, i + BATCH).map((r) => ({ ...r, id: randomUUID() }));
    await b.db.transaction().execute(async (trx) => {
      for (let j = 0; j < chunk.length; j += 50)
        await trx
          .insertInto('mentions')
          .values(chunk.slice(j, j + 50))
          .execute();
    });
  }
  const bareMs = performance.now() - t;
  await b.close();
  const rate = (n: number, ms: number) => (n / ms) * 1000;
  figure({
    section,
    name: `${kind}: ingest ${TOTAL.toLocaleString('en-US')} captured mentions`,
    value: rate(TOTAL, ingestMs),
    unit: 'mentions/s',
    baseline: rate(stored, bareMs),
    note: `${stored} stored (${TOTAL - stored} repeat sightings folded); matched, triaged, store-once, batches of ${BATCH}; baseline: bare insert of the same rows`,
  });

  // Inbox queries at the checked size.
  t = performance.now();
  const inboxRows = await grow(kind, a.db, INBOX_ROWS);
  console.log(
    `${kind}: grew to ${inboxRows.toLocaleString('en-US')} mentions in ${((performance.now() - t) / 1000).toFixed(1)} s`,
  );
  const manager = await addMember(a.db, { name: 'mona', role: 'manager' }, new Date(now));
  const app = createApp({ db: a.db, clock: () => new Date(now), rateLimit: false });
  const headers = { authorization: `Bearer ${manager.token}` };
  const queries = [
    '/mentions?limit=50',
    '/mentions?status=new&limit=50',
    '/mentions?polarity=negative&status=new&limit=50',
    '/mentions?platform=youtube&limit=50',
    '/mentions?category=support_needed&limit=50',
    '/mentions?language=ru&maxAgeHours=168&limit=50',
    '/mentions?minReach=100000&limit=50',
    // The inbox opens on the untriaged and narrows by one more filter.
    '/mentions?status=new&platform=youtube&limit=50',
    '/mentions?status=new&category=support_needed&limit=50',
    '/mentions?status=new&language=ru&limit=50',
    '/mentions?status=new&minReach=100000&limit=50',
    '/mentions?status=dismissed&polarity=positive&limit=50',
    // Only big accounts: few or none of the stored mentions reach a million.
    '/mentions?minReach=1000000&limit=50',
    '/mentions?status=new&minReach=1000000&limit=50',
  ];
  if (EXPLAIN) for (const q of queries) await explain(kind, a.db, q, new Date(now));
  // Each request is one sample: a first page, then the page after it, as the inbox scrolls.
  const samples: number[] = [];
  const timed = async (path: string) => {
    const s = performance.now();
    const res = await app.request(`/api/v1${path}`, { headers });
    const body = (await res.json()) as { nextCursor?: string };
    samples.push(performance.now() - s);
    if (res.status !== 200) throw new Error(`${path}: ${res.status}`);
    return body;
  };
  for (let round = 0; round < 15; round++) {
    for (const q of queries) {
      const first = await timed(q);
      if (first.nextCursor) await timed(`${q}&cursor=${encodeURIComponent(first.nextCursor)}`);
    }
  }
  const st = stats(samples);
  figure({
    section,
    name: `${kind}: inbox query p95 at ${inboxRows.toLocaleString('en-US')} mentions`,
    value: st.p95,
    unit: 'ms',
    budget: { max: 50 },
    note: `${samples.length} requests over ${queries.length} filter sets, first pages and the next (median ${st.median.toFixed(1)} ms)${inboxRows < 1_000_000 ? "; below the issue's 1,000,000 rows (BENCH_INBOX_ROWS)" : ''}`,
  });
  await a.close();
}

/** Each answer shape the capture reads, as the sites send them (tests/fixtures). */
const ANSWERS = [
  { platform: 'x', source: 'SearchTimeline', file: 'tests/fixtures/x/timeline/search-timeline.json' },
  { platform: 'x', source: 'HomeTimeline', file: 'tests/fixtures/x/timeline/home-timeline.json' },
  { platform: 'x', source: 'TweetDetail', file: 'tests/fixtures/x/timeline/tweet-detail.json' },
  { platform: 'youtube', source: 'next', file: 'tests/fixtures/youtube/feed/next-comments.json' },
  { platform: 'youtube', source: 'browse', file: 'tests/fixtures/youtube/feed/browse.json' },
  { platform: 'youtube', source: 'search', file: 'tests/fixtures/youtube/feed/search.json' },
] as const;

async function captureCost(): Promise<void> {
  const rounds = Number(process.env.BENCH_CAPTURE_ROUNDS ?? 400);
  const terms = { include: ['Kovra', 'Ковра', 'finvo', '@finvo_help', '$FNVO'], exclude: ['hiring'] };
  for (const a of ANSWERS) {
    const text = readFileSync(a.file, 'utf8');
    let sent = 0;
    // A fresh capture per round: every round parses and matches, and sends what matched (to nowhere).
    const fresh = () =>
      createMentionCapture({
        platform: a.platform,
        settings: async () => ({ active: true, terms, version: 1 }),
        send: async (m) => {
          sent += m.length;
          return { queued: m.length, refused: 0 };
        },
        videoId: () => 'dQw4w9WgXcQ',
      });
    const ours: number[] = [];
    const page: number[] = [];
    for (let i = 0; i < rounds; i++) {
      const capture = fresh();
      let t = performance.now();
      JSON.parse(text);
      page.push(performance.now() - t);
      t = performance.now();
      await capture.onAnswer({ source: a.source, text });
      ours.push(performance.now() - t);
    }
    const o = stats(ours.slice(rounds / 4));
    const p = stats(page.slice(rounds / 4));
    figure({
      section,
      name: `capture cost per ${a.platform === 'x' ? 'X' : 'YouTube'} ${a.source} answer (${Math.round(text.length / 1024)} KB)`,
      value: o.median,
      unit: 'ms',
      baseline: p.median,
      note: `content script: parse + match against the team's terms, ${sent / rounds} mention(s) per answer; p95 ${o.p95.toFixed(3)} ms; baseline: the page's own JSON.parse of the answer; ${rounds} rounds, first quarter dropped as warm-up`,
    });
  }
}

await captureCost();
await run('sqlite');
if (process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL) await run('postgres');
