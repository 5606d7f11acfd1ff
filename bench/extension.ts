/**
 * The extension's own store and outbox in real Chromium with the built extension (issue 10):
 *
 * - logging: from X's `FavoriteTweet` answer (the page's resource timing) to the event committed in the
 *   extension's IndexedDB (Dexie's cross-context "storage mutated" broadcast, sent on commit), p95;
 * - local store: the sidebar's counts (`my-counts`) and the popup's (`sync-status`) with 100,000 events
 *   logged this month, paired with the scan they replaced, run in the same browser on the same data;
 * - sync: 10,000 pending events delivered to the real server (its own process, a SQLite file) by the
 *   extension's sync engine, paired with the same events POSTed straight to that server.
 *
 *   npm run bench -- --only=extension        BENCH_EXTENSION_PARTS=logging,sync npx tsx bench/extension.ts
 *   knobs: BENCH_LIKES (60), BENCH_STORE_EVENTS (100,000), BENCH_SYNC_EVENTS (10,000), BENCH_SKIP_BUILD=1
 *   (builds the e2e flavour first, `npm run build:e2e`, unless BENCH_SKIP_BUILD=1 and .output-e2e/chrome-mv3
 *   exists: that is the directory launchWithExtension loads); BENCH_PROFILE=1 also takes a CPU profile of the
 *   service worker through the sync, prints where its time goes (self and total, by function) and keeps
 *   the profile in $TMPDIR/rt-bench-sync.cpuprofile (open it in DevTools' Performance panel)
 */
import { execSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import type { Page } from 'playwright-core';
import { MAX_EVENTS_PER_BATCH } from '../lib/schemas/api';
import type { ActivityEvent, StoredEvent } from '../lib/schemas/event';
import { countRowsOf } from '../lib/storage/counts';
import { addMember } from '../server/core/members';
import { openDatabase } from '../server/db/connect';
import { migrateToLatest } from '../server/db/migrate';
import {
  EXTENSION_DIR,
  type ExtensionBrowser,
  grantSiteAccess,
  launchWithExtension,
} from '../tests/e2e/harness/extension';
import { article, serveFakeX } from '../tests/e2e/harness/x-site';
import { FIXTURE as X } from '../tests/fixtures/x/routes';
import { type CpuProfile, printWorkerProfile } from './cpu-profile';
import { figure } from './record';
import { startServerProcess } from './server-process';
import { stats } from './stats';

const PARTS = (process.env.BENCH_EXTENSION_PARTS ?? 'logging,local-store,sync').split(',');
const LIKES = Number(process.env.BENCH_LIKES ?? 60);
const STORE_EVENTS = Number(process.env.BENCH_STORE_EVENTS ?? 100_000);
const SYNC_EVENTS = Number(process.env.BENCH_SYNC_EVENTS ?? 10_000);
const PROFILE = process.env.BENCH_PROFILE === '1';
const READS = 30;
const SCANS = 5;

// --- In the extension's origin (a tab on its popup page) ---------------------------------------------
// Plain JavaScript strings: tsx would add helpers (__name) to a serialised TypeScript function.

const IDB = `
  const req = (r) => new Promise((res, rej) => { r.onsuccess = () => res(r.result); r.onerror = () => rej(r.error); });
  const openDb = () => req(indexedDB.open('reply-tracker'));
  const done = (tx) => new Promise((res, rej) => { tx.oncomplete = res; tx.onerror = () => rej(tx.error); tx.onabort = () => rej(tx.error); });
  const ask = (msg) => chrome.runtime.sendMessage(msg).then((r) => { if (!r || !r.ok) throw new Error('background: ' + JSON.stringify(r)); return r.data; });
`;

/** Writes rows into the extension's stores as its own code would have left them, in one transaction. */
async function seed(page: Page, events: StoredEvent[], counts: unknown[]): Promise<void> {
  for (let from = 0; from < events.length; from += 20_000) {
    const last = from + 20_000 >= events.length;
    await page.evaluate(
      `(async ([events, counts]) => { ${IDB}
        const db = await openDb();
        const tx = db.transaction(counts ? ['events', 'counts'] : ['events'], 'readwrite');
        for (const e of events) tx.objectStore('events').put(e);
        if (counts) { tx.objectStore('counts').clear(); for (const c of counts) tx.objectStore('counts').put(c); }
        await done(tx); db.close();
      })(${JSON.stringify([events.slice(from, from + 20_000), last ? counts : null])})`,
    );
  }
}

async function pendingInIdb(page: Page): Promise<number> {
  return page.evaluate(`(async () => { ${IDB}
    const db = await openDb();
    const n = await req(db.transaction('events').objectStore('events').index('[syncState+occurredAt]')
      .count(IDBKeyRange.bound(['pending', ''], ['pending', '\\uffff'])));
    db.close(); return n; })()`) as Promise<number>;
}

/** Leaves the log (and its counts) empty for the next part, whose checks count what it wrote. */
async function clearLog(page: Page): Promise<void> {
  await page.evaluate(`(async () => { ${IDB}
    const db = await openDb(); const tx = db.transaction(['events', 'counts'], 'readwrite');
    tx.objectStore('events').clear(); tx.objectStore('counts').clear(); await done(tx); db.close(); })()`);
}

// --- Events -------------------------------------------------------------------------------------------

/** An ambassador's kind of event: replies with text, likes, now and then an unlike. */
function storedEvent(i: number, run: string, at: number, pending: boolean): StoredEvent {
  const youtube = i % 3 === 0;
  const reply = i % 2 === 0;
  const target = youtube
    ? `vid${String(i).padStart(8, '0')}`
    : String(1_870_000_000_000_000_000n + BigInt(i));
  return {
    id: crypto.randomUUID(),
    dedupeKey: `${run}:${i}`,
    platform: youtube ? 'youtube' : 'x',
    action: reply ? (youtube ? 'comment' : 'reply') : i % 17 === 1 ? 'unlike' : 'like',
    targetId: target,
    targetAuthor: '@someone',
    pageUrl: youtube ? `https://www.youtube.com/watch?v=${target}` : `https://x.com/someone/status/${target}`,
    ...(reply && {
      replyId: youtube ? `Ugx${i}` : String(1_880_000_000_000_000_000n + BigInt(i)),
      replyText: `Had the same thing last month, support sorted it within a day, here is how: step ${i % 7}`,
    }),
    occurredAt: new Date(at).toISOString(),
    source: 'network',
    syncState: pending ? 'pending' : 'synced',
    attempts: 0,
  };
}

const toWire = ({ syncState: _s, attempts: _a, syncedAt: _t, lastError: _l, ...e }: StoredEvent) =>
  e as ActivityEvent;

// --- Logging ------------------------------------------------------------------------------------------

/** Offset of the extension page's clock from the x.com page's (ms), from the tightest of 15 sandwiches. */
async function clockOffset(a: Page, b: Page): Promise<number> {
  const now = 'performance.timeOrigin + performance.now()';
  let best = { rtt: Infinity, offset: 0 };
  for (let i = 0; i < 15; i++) {
    const a0 = (await a.evaluate(now)) as number;
    const bt = (await b.evaluate(now)) as number;
    const a1 = (await a.evaluate(now)) as number;
    if (a1 - a0 < best.rtt) best = { rtt: a1 - a0, offset: bt - (a0 + a1) / 2 };
  }
  return best.offset;
}

async function benchLogging(browser: ExtensionBrowser, ext: Page): Promise<void> {
  await serveFakeX(browser.context);
  const x = await browser.context.newPage();
  await x.goto(X.status.url);
  await x.waitForFunction(() => document.querySelector('reply-tracker-sidebar') !== null, undefined, {
    timeout: 30_000,
  });
  // Every commit of the log, as Dexie broadcasts it to the extension's other pages once it is durable.
  await ext.evaluate(`(() => {
    window.__commits = [];
    const bc = new BroadcastChannel('x-storagemutated-1');
    bc.onmessage = (m) => {
      if (Object.keys(m.data || {}).some((k) => k.includes('/events/'))) window.__commits.push(performance.timeOrigin + performance.now());
    };
  })()`);
  // The default buffer keeps 250 entries: room for every like and unlike.
  await x.evaluate('performance.setResourceTimingBufferSize(10000)');
  const offset = await clockOffset(x, ext);
  const answered = (op: string) =>
    x.evaluate(
      `(() => { const e = performance.getEntriesByType('resource').filter((r) => r.name.includes('/${op}')).at(-1);
        return e ? { end: performance.timeOrigin + e.responseEnd, n: performance.getEntriesByType('resource').filter((r) => r.name.includes('/${op}')).length } : null; })()`,
    ) as Promise<{ end: number; n: number } | null>;
  const commits = () => ext.evaluate('window.__commits.length') as Promise<number>;
  const lastCommit = () => ext.evaluate('window.__commits.at(-1)') as Promise<number>;

  const latencies: number[] = [];
  // Tweets the fixture shows not yet liked (some come liked): each is liked, then unliked again.
  const ids: string[] = [];
  for (const id of X.status.replyIds) {
    if ((await article(x, id).locator('[data-testid="like"]').count()) === 1) ids.push(id);
  }
  if (ids.length === 0) throw new Error('bench: no tweet on the status page shows a like button');
  for (let i = 0; i < LIKES; i++) {
    const tweet = article(x, ids[i % ids.length]!);
    for (const [button, op] of [
      ['like', 'FavoriteTweet'],
      ['unlike', 'UnfavoriteTweet'],
    ] as const) {
      const before = await commits();
      const calls = (await answered(op))?.n ?? 0;
      await tweet.locator(`[data-testid="${button}"]`).click();
      const until = Date.now() + 10_000;
      while ((await commits()) === before || ((await answered(op))?.n ?? 0) === calls) {
        if (Date.now() > until) throw new Error(`bench: ${op} #${i} was not logged within 10 s`);
        await x.waitForTimeout(20);
      }
      if (op === 'FavoriteTweet') {
        const answer = (await answered(op))!.end;
        latencies.push((await lastCommit()) - offset - answer);
      }
    }
  }
  // Every like and unlike is in the log once.
  const logged = (await ext.evaluate(`(async () => { ${IDB}
    const db = await openDb(); const all = await req(db.transaction('events').objectStore('events').getAll());
    db.close(); return all.filter((e) => e.platform === 'x' && (e.action === 'like' || e.action === 'unlike')).length; })()`)) as number;
  if (logged !== 2 * LIKES) throw new Error(`bench: ${2 * LIKES} likes and unlikes, ${logged} logged`);
  await x.close();
  // The likes stay pending in the log: the sync part would send them too, beyond its count.
  await clearLog(ext);
  const s = stats(latencies);
  console.log(
    `  logging: ${LIKES} likes, answer → committed: median ${s.median.toFixed(1)} ms, p95 ${s.p95.toFixed(1)} ms, max ${s.max.toFixed(1)} ms (clock offset ${offset.toFixed(2)} ms)`,
  );
  console.log(`  logging: each like in order (ms): ${latencies.map((l) => l.toFixed(0)).join(' ')}`);
  figure({
    section: 'extension',
    name: `logging: X's FavoriteTweet answer → event committed in IndexedDB (p95 of ${LIKES} likes)`,
    value: s.p95,
    unit: 'ms',
    budget: { max: 50 },
    baseline: s.median,
    note: `median ${s.median.toFixed(1)} ms; answer = the page's resource timing responseEnd, commit = Dexie's storage-mutated broadcast in an extension page (clocks aligned to ${offset.toFixed(2)} ms); each like followed by an unlike, all ${2 * LIKES} logged once`,
  });
}

// --- Local store --------------------------------------------------------------------------------------

async function benchLocalStore(ext: Page): Promise<void> {
  const now = Date.now();
  const d = new Date(now);
  const month = new Date(d.getFullYear(), d.getMonth(), 1).getTime();
  // This month's log, spread up to now: every event counts in the month, today's in both.
  const events = Array.from({ length: STORE_EVENTS }, (_, i) =>
    storedEvent(i, 'store', month + Math.floor(((now - month) * i) / STORE_EVENTS), i % 50 === 0),
  );
  await seed(ext, events, countRowsOf(events));
  const timed = async (expr: string) => {
    const out = (await ext.evaluate(`(async () => { ${IDB}
      const t0 = performance.now(); const value = await (${expr}); return { ms: performance.now() - t0, value }; })()`)) as {
      ms: number;
      value: unknown;
    };
    return out;
  };
  // The scans these reads replaced, on the same data in the same browser.
  const scanCounts = `(async () => {
    const now = new Date(); const m = new Date(now.getFullYear(), now.getMonth(), 1).toISOString();
    const t = new Date(now.getFullYear(), now.getMonth(), now.getDate()).toISOString();
    const db = await openDb();
    const rows = await req(db.transaction('events').objectStore('events').index('occurredAt').getAll(IDBKeyRange.lowerBound(m)));
    db.close();
    const tally = (es) => { const c = { replies: 0, likes: 0, unlikes: 0 }; for (const e of es) { if (e.action === 'reply' || e.action === 'comment') c.replies++; else if (e.action === 'like') c.likes++; else c.unlikes++; } return c; };
    return { today: tally(rows.filter((e) => e.occurredAt >= t)), month: tally(rows) };
  })()`;
  const scanPending = `(async () => {
    const db = await openDb(); const ix = db.transaction('events').objectStore('events').index('[syncState+occurredAt]');
    const range = IDBKeyRange.bound(['pending', ''], ['pending', '\\uffff']);
    const [n, rows] = await Promise.all([req(ix.count(range)), req(ix.getAll(range))]);
    db.close(); return { pending: n, held: rows.filter((e) => e.lastError).length };
  })()`;
  const kinds = [
    {
      name: "sidebar's counts (my-counts: today and this month)",
      read: "ask({ type: 'my-counts' })",
      scan: scanCounts,
    },
    {
      name: "popup's counts (sync-status: pending and held)",
      read: "ask({ type: 'sync-status' })",
      scan: scanPending,
    },
  ];
  // The store settles after the seed (a 100,000-row write): untimed reads first, for both sides.
  for (const k of kinds) for (let i = 0; i < 3; i++) await timed(k.read);
  await timed(scanCounts);
  for (const k of kinds) {
    const reads: number[] = [];
    const scans: number[] = [];
    let read: unknown;
    let scanned: unknown;
    // Reads first, then the scans: a scan of 100,000 rows leaves the page ~100 MB of garbage, and the
    // read right after one paid for its collection (p95 134 ms, median 3 ms, when they alternated).
    for (let i = 0; i < READS; i++) {
      const r = await timed(k.read);
      reads.push(r.ms);
      read = r.value;
    }
    for (let i = 0; i < SCANS; i++) {
      const s = await timed(k.scan);
      scans.push(s.ms);
      scanned = s.value;
    }
    // The fast read must say what the scan says.
    const same =
      k.scan === scanCounts
        ? JSON.stringify(read) === JSON.stringify(scanned)
        : (read as { pending: number; held: number }).pending === (scanned as { pending: number }).pending &&
          (read as { held: number }).held === (scanned as { held: number }).held;
    if (!same)
      throw new Error(
        `bench: ${k.name}: ${JSON.stringify(read)} but the scan says ${JSON.stringify(scanned)}`,
      );
    const r = stats(reads);
    console.log(
      `  local store: ${k.name}: ${JSON.stringify(read)}; p95 ${r.p95.toFixed(1)} ms, median ${r.median.toFixed(1)} ms, max ${r.max.toFixed(1)} ms; scan median ${stats(scans).median.toFixed(0)} ms`,
    );
    figure({
      section: 'extension',
      name: `local store, ${STORE_EVENTS.toLocaleString('en')} events this month: ${k.name} (p95)`,
      value: r.p95,
      unit: 'ms',
      // Issue 10 asked for ≤ 20 ms; measured 4.2 / 2.9 ms at load ~9, so tightened to 10.
      budget: { max: 10 },
      baseline: stats(scans).median,
      note: `${READS} requests from an extension page to the service worker, round trip; median ${r.median.toFixed(1)} ms; baseline: the scan it replaced on the same data (median of ${scans.length}), same answer`,
    });
  }
  await clearLog(ext);
}

// --- Sync ---------------------------------------------------------------------------------------------

/**
 * The service worker's DevTools session. Playwright opens sessions on pages only, so this goes through
 * the browser's session: attached to the worker's target, its messages travel inside
 * Target.sendMessageToTarget / receivedMessageFromTarget.
 */
async function workerSession(browser: ExtensionBrowser) {
  const root = await browser.context.browser()!.newBrowserCDPSession();
  const { targetInfos } = await root.send('Target.getTargets');
  const sw = targetInfos.find(
    (t) => t.type === 'service_worker' && t.url.startsWith(`chrome-extension://${browser.extensionId}/`),
  );
  if (!sw) throw new Error('bench: no service worker target to profile');
  const { sessionId } = await root.send('Target.attachToTarget', { targetId: sw.targetId, flatten: false });
  let next = 0;
  const waiting = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();
  root.on('Target.receivedMessageFromTarget', (e) => {
    if (e.sessionId !== sessionId) return;
    const m = JSON.parse(e.message) as { id?: number; result?: unknown; error?: { message: string } };
    const w = m.id !== undefined ? waiting.get(m.id) : undefined;
    if (!w) return;
    waiting.delete(m.id!);
    if (m.error) w.reject(new Error(m.error.message));
    else w.resolve(m.result);
  });
  const send = <T>(method: string, params: object = {}) =>
    new Promise<T>((resolve, reject) => {
      const id = ++next;
      waiting.set(id, { resolve: resolve as (v: unknown) => void, reject });
      root
        .send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id, method, params }) })
        .catch(reject);
    });
  return { send, detach: () => root.detach() };
}

async function bareDelivery(url: string, token: string, events: readonly StoredEvent[]): Promise<number> {
  const t0 = performance.now();
  for (let from = 0; from < events.length; from += MAX_EVENTS_PER_BATCH) {
    const res = await fetch(`${url}/api/v1/events`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({
        events: events.slice(from, from + MAX_EVENTS_PER_BATCH).map(toWire),
        client: { pending: Math.max(0, events.length - from - MAX_EVENTS_PER_BATCH), version: 'bench' },
      }),
    });
    if (!res.ok) throw new Error(`bench: POST /events answered ${res.status}: ${await res.text()}`);
    await res.arrayBuffer();
  }
  return performance.now() - t0;
}

async function benchSync(browser: ExtensionBrowser, ext: Page): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'rt-bench-ext-sync-'));
  const path = join(dir, 'server.sqlite');
  try {
    const serverDb = openDatabase({ kind: 'sqlite', path });
    await migrateToLatest(serverDb);
    const bare = await addMember(serverDb, { name: 'bench-bare', role: 'ambassador' }, new Date());
    const amb = await addMember(serverDb, { name: 'bench-engine', role: 'ambassador' }, new Date());
    await serverDb.destroy();
    const child = await startServerProcess({ DATABASE_URL: path });
    let bareMs: number;
    let engineMs: number;
    let runs = 0;
    try {
      await grantSiteAccess(browser, new URL(child.url).origin);
      await ext.evaluate(
        `(async () => { ${IDB} await ask({ type: 'connect', serverUrl: ${JSON.stringify(child.url)}, token: ${JSON.stringify(amb.token)} }); await ask({ type: 'sync-now' }); })()`,
      );
      // Offline for three days: oldest first, a few seconds apart, all in the past.
      const start = Date.now() - 3 * 86_400_000;
      const at = (i: number) => start + i * 20;
      await bareDelivery(
        child.url,
        bare.token,
        Array.from({ length: 50 }, (_, i) => storedEvent(i, 'warm', at(i), true)),
      );
      bareMs = await bareDelivery(
        child.url,
        bare.token,
        Array.from({ length: SYNC_EVENTS }, (_, i) => storedEvent(i, 'bare', at(i), true)),
      );
      const pending = Array.from({ length: SYNC_EVENTS }, (_, i) => storedEvent(i, 'engine', at(i), true));
      await seed(ext, pending, countRowsOf(pending));
      const worker = PROFILE ? await workerSession(browser) : undefined;
      if (worker) {
        await worker.send('Profiler.enable');
        await worker.send('Profiler.setSamplingInterval', { interval: 250 });
        await worker.send('Profiler.start');
      }
      const t0 = performance.now();
      while ((await pendingInIdb(ext)) > 0) {
        const status = (await ext.evaluate(
          `(async () => { ${IDB} return ask({ type: 'sync-now' }); })()`,
        )) as {
          lastError?: string;
        };
        runs++;
        if (status.lastError || runs > 10) throw new Error(`bench: sync stopped: ${JSON.stringify(status)}`);
      }
      engineMs = performance.now() - t0;
      if (worker) {
        const { profile } = await worker.send<{ profile: CpuProfile }>('Profiler.stop');
        const file = join(tmpdir(), 'rt-bench-sync.cpuprofile');
        writeFileSync(file, JSON.stringify(profile));
        printWorkerProfile(profile);
        console.log(`  sync profile written to ${file}`);
        await worker.detach();
      }
    } finally {
      await child.stop();
    }
    const sqlite = new SQLite(path, { readonly: true });
    const stored = sqlite
      .prepare(
        `select count(*) as n, count(distinct e.id) as ids from events e join members m on m.id = e.member_id where m.name = 'bench-engine'`,
      )
      .get() as { n: number; ids: number };
    sqlite.close();
    if (stored.n !== SYNC_EVENTS || stored.ids !== SYNC_EVENTS)
      throw new Error(
        `bench: ${SYNC_EVENTS} pending, the server stored ${stored.n} (${stored.ids} distinct)`,
      );
    console.log(
      `  sync: ${SYNC_EVENTS} events in ${(engineMs / 1000).toFixed(2)} s (${runs} run(s)); bare ${(bareMs / 1000).toFixed(2)} s`,
    );
    figure({
      section: 'extension',
      name: `sync: ${SYNC_EVENTS.toLocaleString('en')} pending events delivered to a local server`,
      value: engineMs / 1000,
      unit: 's',
      budget: { max: 5 },
      baseline: bareMs / 1000,
      note: `the extension's service worker, "Sync now" until nothing is pending (${runs} run(s)); server: its own process over a SQLite file, each event stored once; baseline: the same events POSTed straight to it in batches of ${MAX_EVENTS_PER_BATCH}`,
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  // The browser loads the e2e flavour (.output-e2e/, what launchWithExtension opens): the installed
  // extension but for its open sidebar shadow root; none of the parts measured here touches that root.
  if (process.env.BENCH_SKIP_BUILD !== '1' || !existsSync(join(EXTENSION_DIR, 'manifest.json'))) {
    console.log(`building the extension (npm run build:e2e → ${EXTENSION_DIR})…`);
    execSync('npm run build:e2e', { stdio: 'ignore' });
  }
  // Each part in a browser of its own (a fresh profile): the local-store part writes and then deletes
  // 100,000 rows, and the sync that followed it in the same profile took 8.4–10.6 s instead of 3.7 s
  // while IndexedDB's store was still compacting those deletions — the previous part's cost, not sync's.
  const parts: [string, (browser: ExtensionBrowser, ext: Page) => Promise<void>][] = [
    ['local-store', (_browser, ext) => benchLocalStore(ext)],
    ['logging', benchLogging],
    ['sync', benchSync],
  ];
  for (const [name, run] of parts) {
    if (!PARTS.includes(name)) continue;
    const browser = await launchWithExtension();
    try {
      const ext = await browser.context.newPage();
      await ext.goto(`chrome-extension://${browser.extensionId}/popup.html`);
      // The service worker opens (and upgrades) its database on the first request.
      await ext.evaluate(`(async () => { ${IDB} await ask({ type: 'my-counts' }); })()`);
      await run(browser, ext);
    } finally {
      await browser.close();
    }
  }
}

await main();
