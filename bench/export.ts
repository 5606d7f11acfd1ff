import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { addMember } from '../server/core/members';
import { openDatabase } from '../server/db/connect';
import { migrateToLatest } from '../server/db/migrate';
import { startServer } from '../server/server';

const EVENTS = 1_000_000;
const MEMBERS = 100;
const mb = (n: number) => `${(n / 1024 / 1024).toFixed(0)} MB`;

/** Writes the events straight through better-sqlite3: one prepared statement, one transaction. */
function seed(path: string, memberIds: string[]): void {
  const db = new SQLite(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = OFF');
  const insert = db.prepare(
    `insert into events (id, member_id, platform, action, target_id, target_author, conversation_id, page_url,
       reply_id, reply_text, category, suggested_category, playbook_id, template_id, occurred_at, source, received_at, counted_at)
     values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const categories = ['support_needed', 'trust_doubt', 'technical_question', 'rumor_narrative', null];
  const start = Date.parse('2026-01-01T00:00:00Z');
  const span = Date.parse('2026-11-01T00:00:00Z') - start;
  db.transaction(() => {
    for (let i = 0; i < EVENTS; i++) {
      const youtube = i % 3 === 0;
      const reply = i % 2 === 0;
      const target = youtube ? `v${i}` : String(1_800_000_000_000_000_000n + BigInt(i));
      const at = new Date(start + Math.floor((i / EVENTS) * span)).toISOString();
      insert.run(
        randomUUID(),
        memberIds[i % memberIds.length],
        youtube ? 'youtube' : 'x',
        reply ? (youtube ? 'comment' : 'reply') : i % 17 === 0 ? 'unlike' : 'like',
        target,
        '@someone',
        youtube ? `v${i >> 4}` : null,
        youtube ? `https://www.youtube.com/watch?v=${target}` : `https://x.com/someone/status/${target}`,
        reply ? `r${i}` : null,
        reply ? `Had the same thing last month, "support" sorted it, here's how: step ${i % 7}` : null,
        categories[i % categories.length],
        null,
        reply ? 'trust' : null,
        reply ? 't1' : null,
        at,
        'network',
        at,
        at,
      );
    }
  })();
  db.close();
}

/** `npm run bench`: a million events through `/api/v1/export`, as CSV and as .xlsx, on a real listening server. */
export async function benchExport(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'rt-bench-export-'));
  const path = join(dir, 'bench.sqlite');
  try {
    const setup = openDatabase({ kind: 'sqlite', path });
    await migrateToLatest(setup);
    const { token } = await addMember(setup, { name: 'lead', role: 'lead' }, new Date());
    const memberIds: string[] = [];
    for (let i = 0; i < MEMBERS; i++) {
      await addMember(setup, { name: `amb${i}`, role: 'ambassador' }, new Date());
    }
    for (const r of await setup
      .selectFrom('members')
      .select('id')
      .where('role', '=', 'ambassador')
      .execute()) {
      memberIds.push(r.id);
    }
    await setup.destroy();

    let t0 = performance.now();
    seed(path, memberIds);
    const seedMs = performance.now() - t0;
    console.log(
      `export: seeded ${EVENTS.toLocaleString('en-US')} events in ${(seedMs / 1000).toFixed(1)} s (one transaction), file ${mb(statSync(path).size)}`,
    );

    const server = await startServer({
      database: { kind: 'sqlite', path },
      port: 0,
      host: '127.0.0.1',
      rateLimit: false,
      log: () => {},
    });
    try {
      // CSV first, then the same rows as a workbook: the pair shows what zipping and typing cost.
      for (const format of ['csv', 'xlsx'] as const) {
        global.gc?.();
        const before = process.memoryUsage();
        const peak = { rss: before.rss, heapUsed: before.heapUsed };
        const sampler = setInterval(() => {
          const m = process.memoryUsage();
          peak.rss = Math.max(peak.rss, m.rss);
          peak.heapUsed = Math.max(peak.heapUsed, m.heapUsed);
        }, 50);

        t0 = performance.now();
        const res = await fetch(`${server.url}/api/v1/export?format=${format}`, {
          headers: { Authorization: `Bearer ${token}` },
        });
        if (!res.ok || !res.body) throw new Error(`export answered ${res.status}`);
        // The client only counts: what it holds is one chunk, so the peak is the server's.
        let bytes = 0;
        let lines = 0;
        let firstByteMs = 0;
        let tail = new Uint8Array(0);
        const reader = res.body.getReader();
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          if (!firstByteMs) firstByteMs = performance.now() - t0;
          bytes += value.byteLength;
          if (format === 'csv') {
            for (let i = 0; i < value.length; i++) if (value[i] === 0x0a) lines++;
          } else {
            tail = value.byteLength >= 22 ? value.slice(-22) : new Uint8Array([...tail, ...value].slice(-22));
          }
        }
        const ms = performance.now() - t0;
        clearInterval(sampler);
        if (format === 'csv') {
          // Reply texts have no newlines, so lines are rows plus the header.
          if (lines - 1 !== EVENTS) throw new Error(`exported ${lines - 1} rows, expected ${EVENTS}`);
        } else if (!(tail[0] === 0x50 && tail[1] === 0x4b && tail[2] === 0x05 && tail[3] === 0x06)) {
          // A zip ends with its central directory's end record: anything else is a cut-off file.
          throw new Error('the xlsx does not end with a zip directory');
        }
        const rows = EVENTS;
        console.log(
          `export ${format}: ${rows.toLocaleString('en-US')} rows, ${mb(bytes)} in ${(ms / 1000).toFixed(1)} s ` +
            `(${Math.round(rows / (ms / 1000)).toLocaleString('en-US')} rows/s, ${(bytes / 1024 / 1024 / (ms / 1000)).toFixed(1)} MB/s, first byte after ${firstByteMs.toFixed(0)} ms)`,
        );
        console.log(
          `  process memory (server and a counting client): RSS ${mb(before.rss)} before, peak ${mb(peak.rss)}; ` +
            `heap used ${mb(before.heapUsed)} before, peak ${mb(peak.heapUsed)}`,
        );
      }
    } finally {
      await server.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// Run directly: `npx tsx bench/export.ts`.
if (import.meta.url === `file://${process.argv[1]}`) await benchExport();
