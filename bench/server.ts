/**
 * The team server under a team's load, on SQLite and on Postgres (`npm run bench -- --only=server`):
 * the dashboard's reports over a million events, what they do to /health and POST /events meanwhile,
 * the export's speed, memory and plan stability, ingest against the bare insert rate, a thousand
 * members syncing every minute, and two server processes in front of one Postgres.
 *
 * Every server runs in a child process (bench/server-child.ts), so its memory is its own and a
 * blocked event loop shows up as latency here. Postgres figures need TEST_DATABASE_URL (or the
 * machine's default, postgres://postgres@127.0.0.1:5432/test); without one they are skipped, saying so.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import pg from 'pg';
import { eventId } from '../lib/domain/event-id';
import type { ActivityEvent } from '../lib/schemas/event';
import { EVENT_COLUMNS } from '../server/core/events';
import { addMember } from '../server/core/members';
import { openDatabase } from '../server/db/connect';
import { migrateToLatest } from '../server/db/migrate';
import type { Db, EventsTable } from '../server/db/types';
import { explainExport, planShape } from '../server/reports/export-query';
import { figure } from './record';
import { eventRecord, eventRow, seedPostgresEvents, seedSqliteEvents, threadRows } from './seed';
import { type ServerProcess, startServerProcess } from './server-process';
import { stats } from './stats';

const EVENTS = Number(process.env.BENCH_EVENTS ?? 1_000_000);
const AMBASSADORS = 100;
const INGEST_EVENTS = 100_000;
/**
 * Ingest and its bare baseline run in turns, a share of the events each (bare, bare x8, server, then
 * again), so load from other jobs on the machine falls on both sides alike: run one after the other,
 * their ratio moved from 0.75x to 2.1x between two back-to-back runs of the same code.
 */
const INGEST_ROUNDS = 4;
const INGEST_BATCH = 500;
const INGEST_CLIENTS = 8;
const SYNC_MEMBERS = 1_000;
const SYNC_SECONDS = Number(process.env.BENCH_SYNC_SECONDS ?? 30);
const REPORT_MONTH = '2026-10';
const REPORTS = ['summary', 'daily', 'categories', 'narratives', 'ambassadors', 'threads'] as const;
/** BENCH_SERVER_PARTS=reports,export,ingest,members: run only these parts (while working on one). */
const PARTS = new Set((process.env.BENCH_SERVER_PARTS ?? 'reports,export,ingest,members').split(','));

type Kind = 'sqlite' | 'postgres';

interface Store {
  kind: Kind;
  /** DATABASE_URL for a server process. */
  url: string;
  schema?: string;
  open(): Db;
  drop(): Promise<void>;
}

function sqliteStore(): Store {
  const dir = mkdtempSync(join(tmpdir(), 'rt-bench-server-'));
  const path = join(dir, 'bench.sqlite');
  return {
    kind: 'sqlite',
    url: path,
    // As the server opens it (checkpoints in a thread), so the bare insert is its fair baseline.
    open: () => openDatabase({ kind: 'sqlite', path }, { checkpointThread: true }),
    drop: async () => rmSync(dir, { recursive: true, force: true }),
  };
}

async function postgresStore(): Promise<Store | undefined> {
  const url = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  const admin = new pg.Pool({ connectionString: url, max: 1 });
  try {
    await admin.query('select 1');
  } catch {
    await admin.end();
    return undefined;
  }
  const schema = `rt_bench_${randomBytes(4).toString('hex')}`;
  await admin.query(`create schema ${schema}`);
  return {
    kind: 'postgres',
    url,
    schema,
    open: () => openDatabase({ kind: 'postgres', url }, { schema }),
    drop: async () => {
      await admin.query(`drop schema ${schema} cascade`);
      await admin.end();
    },
  };
}

interface Team {
  leadToken: string;
  ambassadorIds: string[];
  ambassadorTokens: string[];
}

async function makeTeam(db: Db, ambassadors: number): Promise<Team> {
  const now = new Date();
  const lead = await addMember(db, { name: `lead-${randomBytes(3).toString('hex')}`, role: 'lead' }, now);
  const ambassadorTokens: string[] = [];
  for (let i = 0; i < ambassadors; i++) {
    const m = await addMember(
      db,
      { name: `amb${i}-${randomBytes(3).toString('hex')}`, role: 'ambassador' },
      now,
    );
    ambassadorTokens.push(m.token);
  }
  const rows = await db.selectFrom('members').select('id').where('role', '=', 'ambassador').execute();
  return { leadToken: lead.token, ambassadorIds: rows.map((r) => r.id), ambassadorTokens };
}

type Child = ServerProcess;

function startChild(store: Store): Promise<Child> {
  // BENCH_CHILD_ARGS='--cpu-prof' profiles the server processes.
  const nodeArgs = (process.env.BENCH_CHILD_ARGS ?? '').split(' ').filter(Boolean);
  return startServerProcess({ DATABASE_URL: store.url, BENCH_PG_SCHEMA: store.schema ?? '' }, nodeArgs);
}

async function timed(url: string, init?: RequestInit): Promise<number> {
  const t0 = performance.now();
  // A keep-alive connection the server closed just as it was reused: undici says ECONNRESET once.
  const res = await fetch(url, init).catch(() => fetch(url, init));
  await res.arrayBuffer();
  if (!res.ok) throw new Error(`${init?.method ?? 'GET'} ${url} answered ${res.status}`);
  return performance.now() - t0;
}

/** Calls `probe` every `everyMs` until stopped; the latencies it saw. */
function sampler(probe: () => Promise<number>, everyMs: number) {
  const samples: number[] = [];
  let running = true;
  const loop = (async () => {
    while (running) {
      samples.push(await probe());
      await new Promise((r) => setTimeout(r, everyMs));
    }
  })();
  return {
    stop: async () => {
      running = false;
      await loop;
      return samples;
    },
  };
}

const auth = (token: string) => ({ Authorization: `Bearer ${token}` });

function eventsBody(from: number, count: number, total: number, memberIds: readonly string[]): string {
  const events: ActivityEvent[] = [];
  for (let i = from; i < from + count; i++) {
    const r = eventRow(i, total, memberIds);
    events.push({
      // A new event's id as the extension makes it (time-ordered); the seeded million keep random ones.
      id: eventId(),
      platform: r[2] as ActivityEvent['platform'],
      action: r[3] as ActivityEvent['action'],
      targetId: r[4]!,
      targetAuthor: r[5]!,
      ...(r[6] ? { conversationId: r[6] } : {}),
      pageUrl: r[7]!,
      ...(r[8] ? { replyId: r[8], replyText: r[9]! } : {}),
      ...(r[10] ? { category: r[10] as ActivityEvent['category'] } : {}),
      // Today, so the server's clock policy takes them as they are.
      occurredAt: new Date().toISOString(),
      source: 'network',
    });
  }
  return JSON.stringify({ events });
}

async function seedBig(store: Store, team: Team): Promise<void> {
  const t0 = performance.now();
  if (store.kind === 'sqlite') {
    seedSqliteEvents(store.url, EVENTS, team.ambassadorIds);
  } else {
    const pool = new pg.Pool({ connectionString: store.url, options: `-c search_path=${store.schema}` });
    await seedPostgresEvents(pool, EVENTS, team.ambassadorIds);
    await pool.end();
  }
  const db = store.open();
  const threads = threadRows(5_000);
  for (let i = 0; i < threads.length; i += 500) {
    await db
      .insertInto('threads')
      .values(threads.slice(i, i + 500))
      .execute();
  }
  // What autovacuum does to a table soon after a bulk load (insert-triggered vacuum, Postgres 13+): the
  // visibility map lets the reports' covering indexes answer without visiting every row.
  if (store.kind === 'postgres') {
    await sql`vacuum analyze events`.execute(db);
    await sql`vacuum analyze threads`.execute(db);
    await sql`vacuum analyze conversation_months`.execute(db);
  }
  await db.destroy();
  console.log(
    `  seeded ${EVENTS.toLocaleString('en-US')} events in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
  );
}

async function benchReports(store: Store, team: Team): Promise<void> {
  const child = await startChild(store);
  const section = `server-${store.kind}`;
  try {
    const url = (r: string) => `${child.url}/api/v1/reports/${r}?month=${REPORT_MONTH}`;
    const headers = auth(team.leadToken);
    // Warm the page cache once, as a dashboard that was opened before would have.
    for (const r of REPORTS) await timed(url(r), { headers });
    for (const r of REPORTS) {
      const runs: number[] = [];
      for (let i = 0; i < 3; i++) runs.push(await timed(url(r), { headers }));
      figure({
        section,
        name: `report ${r} over ${EVENTS.toLocaleString('en-US')} events (median of 3)`,
        value: stats(runs).median,
        unit: 'ms',
        budget: { max: 300 },
      });
    }
    const idle = sampler(() => timed(`${child.url}/api/v1/health`), 5);
    await new Promise((r) => setTimeout(r, 500));
    const idleSamples = await idle.stop();
    const health = sampler(() => timed(`${child.url}/api/v1/health`), 5);
    // A member's sync meanwhile: one event a POST, each a new one.
    let n = 0;
    const posts = sampler(
      () =>
        timed(`${child.url}/api/v1/events`, {
          method: 'POST',
          headers: { ...auth(team.ambassadorTokens[0]!), 'Content-Type': 'application/json' },
          body: eventsBody(30_000_000 + n++, 1, 40_000_000, team.ambassadorIds),
        }),
      20,
    );
    const whole: number[] = [];
    for (let i = 0; i < 3; i++) {
      const t0 = performance.now();
      await Promise.all(REPORTS.map((r) => timed(url(r), { headers })));
      whole.push(performance.now() - t0);
    }
    const during = await health.stop();
    const postsDuring = await posts.stop();
    figure({
      section,
      name: 'whole dashboard (six reports at once, median of 3)',
      value: stats(whole).median,
      unit: 'ms',
      budget: { max: 1000 },
    });
    figure({
      section,
      name: '/health p99 while the dashboard loads',
      value: stats(during).p99,
      unit: 'ms',
      budget: { max: 100 },
      baseline: stats(idleSamples).p99,
      note: 'baseline: /health p99 with nothing else running',
    });
    figure({
      section,
      name: 'POST /events p99 while the dashboard loads',
      value: stats(postsDuring).p99,
      unit: 'ms',
      budget: { max: 100 },
    });
  } finally {
    await child.stop();
  }
}

async function exportOnce(child: Child, team: Team, probeToken: string, memberIds: readonly string[]) {
  const rssBefore = child.rssMb();
  let rssPeak = rssBefore;
  const rss = setInterval(() => {
    rssPeak = Math.max(rssPeak, child.rssMb());
  }, 50);
  let n = 0;
  const health = sampler(() => timed(`${child.url}/api/v1/health`), 20);
  const posts = sampler(
    () =>
      timed(`${child.url}/api/v1/events`, {
        method: 'POST',
        headers: { ...auth(probeToken), 'Content-Type': 'application/json' },
        body: eventsBody(10_000_000 + n++, 1, 20_000_000, memberIds),
      }),
    50,
  );
  const t0 = performance.now();
  const res = await fetch(`${child.url}/api/v1/export?format=csv`, { headers: auth(team.leadToken) });
  if (!res.ok || !res.body) throw new Error(`export answered ${res.status}`);
  let lines = 0;
  const reader = res.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    for (let i = 0; i < value.length; i++) if (value[i] === 0x0a) lines++;
  }
  const ms = performance.now() - t0;
  clearInterval(rss);
  return {
    rows: lines - 1,
    rowsPerSecond: (lines - 1) / (ms / 1000),
    rssBefore,
    rssPeak,
    health: await health.stop(),
    posts: await posts.stop(),
  };
}

async function planOf(store: Store): Promise<string> {
  const db = store.open();
  try {
    return await explainExport(db);
  } finally {
    await db.destroy();
  }
}

async function benchExport(store: Store, team: Team): Promise<void> {
  const section = `server-${store.kind}`;
  const planBefore = await planOf(store);
  let child = await startChild(store);
  const first = await exportOnce(child, team, team.ambassadorTokens[0]!, team.ambassadorIds);
  await child.stop();
  const db = store.open();
  await sql`analyze`.execute(db);
  await db.destroy();
  const planAfter = await planOf(store);
  child = await startChild(store);
  const second = await exportOnce(child, team, team.ambassadorTokens[0]!, team.ambassadorIds);
  await child.stop();
  console.log(`  export plan before ANALYZE: ${planBefore}`);
  console.log(`  export plan after ANALYZE:  ${planAfter}`);
  figure({
    section,
    name: `CSV export of ${first.rows.toLocaleString('en-US')} rows`,
    value: first.rowsPerSecond,
    unit: 'rows/s',
    budget: { min: 150_000 },
  });
  figure({
    section,
    name: 'CSV export after ANALYZE',
    value: second.rowsPerSecond,
    unit: 'rows/s',
    budget: { min: 150_000 },
    baseline: first.rowsPerSecond,
    note: planShape(planBefore) === planShape(planAfter) ? 'same plan' : 'PLAN CHANGED',
  });
  figure({
    section,
    name: 'export plan unchanged by ANALYZE (1 = same)',
    value: planShape(planBefore) === planShape(planAfter) ? 1 : 0,
    unit: '',
    budget: { min: 1 },
  });
  figure({
    section,
    name: 'server RSS peak during the export',
    value: Math.max(first.rssPeak, second.rssPeak),
    unit: 'MB',
    budget: { max: 150 },
    baseline: first.rssBefore,
    note: 'baseline: the server process before the export',
  });
  figure({
    section,
    name: '/health p99 during the export',
    value: stats([...first.health, ...second.health]).p99,
    unit: 'ms',
    budget: { max: 100 },
  });
  figure({
    section,
    name: 'POST /events p99 during the export',
    value: stats([...first.posts, ...second.posts]).p99,
    unit: 'ms',
    budget: { max: 100 },
  });
}

/**
 * The same batches straight into the database, one transaction each, no HTTP: the bare rate, and
 * each batch's latency from asking to commit. With `clients` > 1 that many loops insert at once, as
 * the ingest clients post at once: on SQLite they queue for the one writer, on Postgres they share
 * the two cores, so their p99 is the floor the server's p99 at the same concurrency cannot beat.
 */
async function bareInsert(
  store: Store,
  memberIds: readonly string[],
  clients: number,
  offset: number,
  count = INGEST_EVENTS,
) {
  const batches: EventsTable[][] = [];
  for (let from = 0; from < count; from += INGEST_BATCH) {
    const rows: EventsTable[] = [];
    for (let i = from; i < from + INGEST_BATCH; i++)
      rows.push({ ...eventRecord(offset + i, 40_000_000, memberIds), id: eventId() });
    batches.push(rows);
  }
  const db = store.open();
  let next = 0;
  const latencies: number[] = [];
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async () => {
      for (;;) {
        const rows = batches[next++];
        if (!rows) return;
        const start = performance.now();
        await db.transaction().execute(async (trx) => {
          if (store.kind === 'postgres') {
            // The server's own fast path (one array per column through unnest), minus its dedupe.
            const arrays = EVENT_COLUMNS.map((c) => sql`${rows.map((r) => r[c])}::text[]`);
            await sql`insert into events (${sql.join(EVENT_COLUMNS.map((c) => sql.ref(c)))})
              select * from unnest(${sql.join(arrays)})`.execute(trx);
            return;
          }
          for (let i = 0; i < rows.length; i += 100) {
            await trx
              .insertInto('events')
              .values(rows.slice(i, i + 100))
              .execute();
          }
        });
        latencies.push(performance.now() - start);
      }
    }),
  );
  const ms = performance.now() - t0;
  await db.destroy();
  return { events: count, ms, latencies };
}

/** INGEST_CLIENTS members posting INGEST_BATCH-event batches as fast as answers come, to `urls` in turn. */
async function ingest(urls: readonly string[], team: Team, offset: number, count = INGEST_EVENTS) {
  const bodies: string[] = [];
  for (let from = 0; from < count; from += INGEST_BATCH) {
    bodies.push(eventsBody(offset + from, INGEST_BATCH, 100_000_000, team.ambassadorIds));
  }
  let next = 0;
  const latencies: number[] = [];
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: INGEST_CLIENTS }, async (_, c) => {
      for (;;) {
        const i = next++;
        if (i >= bodies.length) return;
        latencies.push(
          await timed(`${urls[i % urls.length]}/api/v1/events`, {
            method: 'POST',
            headers: { ...auth(team.ambassadorTokens[c]!), 'Content-Type': 'application/json' },
            body: bodies[i],
          }),
        );
      }
    }),
  );
  const ms = performance.now() - t0;
  return { events: count, ms, latencies, rate: count / (ms / 1000), p99: stats(latencies).p99 };
}

interface Share {
  events: number;
  ms: number;
  latencies: number[];
}

/** Shares of one measurement taken in turns with others: the rate over all of them, and the latencies'. */
function combined(shares: readonly Share[]) {
  const events = shares.reduce((n, s) => n + s.events, 0);
  const ms = shares.reduce((n, s) => n + s.ms, 0);
  const latencies = shares.flatMap((s) => s.latencies);
  return { rate: events / (ms / 1000), p99: stats(latencies).p99, median: stats(latencies).median };
}

async function benchIngest(store: Store, team: Team): Promise<void> {
  const section = `server-${store.kind}`;
  const share = INGEST_EVENTS / INGEST_ROUNDS;
  const bareShares: Share[] = [];
  const togetherShares: Share[] = [];
  const serverShares: Share[] = [];
  const child = await startChild(store);
  try {
    for (let r = 0; r < INGEST_ROUNDS; r++) {
      const at = r * share;
      bareShares.push(await bareInsert(store, team.ambassadorIds, 1, 30_000_000 + at, share));
      togetherShares.push(
        await bareInsert(store, team.ambassadorIds, INGEST_CLIENTS, 31_000_000 + at, share),
      );
      serverShares.push(await ingest([child.url], team, 50_000_000 + at, share));
    }
  } finally {
    await child.stop();
  }
  const bare = combined(bareShares).rate;
  const bareTogether = combined(togetherShares);
  const one = combined(serverShares);
  figure({
    section,
    name: `ingest, ${INGEST_CLIENTS} clients x ${INGEST_BATCH}-event batches`,
    value: one.rate,
    unit: 'events/s',
    budget: { min: Math.round(0.8 * bare) },
    baseline: bare,
    note: `budget: 0.8 x the bare insert rate of the same batches, measured in turns with it (${INGEST_ROUNDS} rounds)`,
  });
  // Each client keeps one batch in flight, so by Little's law the mean latency is clients x batch /
  // rate: below 250 ms only above 16,000 events/s, whatever the server does between the inserts.
  const floorMs = ((INGEST_CLIENTS * INGEST_BATCH) / one.rate) * 1000;
  figure({
    section,
    name: 'ingest p99 batch latency',
    value: one.p99,
    unit: 'ms',
    budget: { max: 250 },
    baseline: bareTogether.p99,
    note:
      `baseline: the bare insert's p99 with ${INGEST_CLIENTS} batches at once (no HTTP); ` +
      `mean latency at this rate with ${INGEST_CLIENTS} batches in flight (Little's law): ${floorMs.toFixed(0)} ms`,
  });
  figure({
    section,
    name: `bare insert, ${INGEST_CLIENTS} x ${INGEST_BATCH}-event batches at once, p99 (no HTTP)`,
    value: bareTogether.p99,
    unit: 'ms',
    note: `median ${bareTogether.median.toFixed(0)} ms, ${Math.round(bareTogether.rate)} events/s: the floor under the ingest p99`,
  });
  if (store.kind !== 'postgres') return;
  const a = await startChild(store);
  const b = await startChild(store);
  try {
    const two = await ingest([a.url, b.url], team, 60_000_000);
    figure({
      section,
      name: 'ingest, two server processes in front of one Postgres',
      value: two.rate,
      unit: 'events/s',
      baseline: one.rate,
      note: 'baseline: one server process',
    });
  } finally {
    await Promise.all([a.stop(), b.stop()]);
  }
}

/** SYNC_MEMBERS members, each syncing once a minute (a few events, threads since, playbooks). */
async function benchMembers(store: Store): Promise<void> {
  const section = `server-${store.kind}`;
  const db = store.open();
  const team = await makeTeam(db, SYNC_MEMBERS);
  await db.destroy();
  const child = await startChild(store);
  try {
    // A member in steady state asks for threads changed since its last pull, not the whole list.
    const first = await fetch(`${child.url}/api/v1/threads`, { headers: auth(team.ambassadorTokens[0]!) });
    const { cursor } = (await first.json()) as { cursor: string };
    const latencies: number[] = [];
    const perSecond = SYNC_MEMBERS / 60;
    const total = Math.round(perSecond * SYNC_SECONDS);
    const t0 = performance.now();
    const syncs: Promise<void>[] = [];
    for (let i = 0; i < total; i++) {
      const due = t0 + (i / perSecond) * 1000;
      await new Promise((r) => setTimeout(r, Math.max(0, due - performance.now())));
      const token = team.ambassadorTokens[i % SYNC_MEMBERS]!;
      syncs.push(
        (async () => {
          latencies.push(
            await timed(`${child.url}/api/v1/events`, {
              method: 'POST',
              headers: { ...auth(token), 'Content-Type': 'application/json' },
              body: eventsBody(70_000_000 + i * 3, 3, 100_000_000, team.ambassadorIds),
            }),
          );
          latencies.push(
            await timed(`${child.url}/api/v1/threads?since=${cursor}`, { headers: auth(token) }),
          );
          latencies.push(await timed(`${child.url}/api/v1/playbooks`, { headers: auth(token) }));
        })(),
      );
    }
    await Promise.all(syncs);
    figure({
      section,
      name: `${SYNC_MEMBERS.toLocaleString('en-US')} members syncing every minute, request p99`,
      value: stats(latencies).p99,
      unit: 'ms',
      budget: { max: 100 },
      note: `${latencies.length} requests over ${SYNC_SECONDS} s`,
    });
  } finally {
    await child.stop();
  }
}

async function run(store: Store): Promise<void> {
  console.log(`server bench on ${store.kind}`);
  try {
    const db = store.open();
    await migrateToLatest(db);
    const team = await makeTeam(db, AMBASSADORS);
    await db.destroy();
    await seedBig(store, team);
    if (PARTS.has('reports')) await benchReports(store, team);
    if (PARTS.has('export')) await benchExport(store, team);
    if (PARTS.has('ingest')) await benchIngest(store, team);
    if (PARTS.has('members')) await benchMembers(store);
  } finally {
    await store.drop();
  }
}

const only = process.env.BENCH_SERVER_DB;
if (only !== 'postgres') await run(sqliteStore());
if (only !== 'sqlite') {
  const pgStore = await postgresStore();
  if (pgStore) await run(pgStore);
  else console.log('server bench: no Postgres reachable (TEST_DATABASE_URL); Postgres figures skipped');
}
