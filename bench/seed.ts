/**
 * A team's year of activity, written straight into a database for the server benches: a million
 * events over ten months from a hundred ambassadors, and the tracked threads they answered.
 * Deterministic (row i is always the same row), so SQLite and Postgres hold the same data.
 */
import { randomUUID } from 'node:crypto';
import SQLite from 'better-sqlite3';
import type pg from 'pg';
import { EXPORT_SELECT } from '../server/core/events';
import type { EventsTable, ThreadsTable } from '../server/db/types';

export const SEED_START = Date.parse('2026-01-01T00:00:00Z');
export const SEED_END = Date.parse('2026-11-01T00:00:00Z');
const CATEGORIES = ['support_needed', 'trust_doubt', 'technical_question', 'rumor_narrative', null];
// The stored event columns in the order the server reads them, then the two the server derives.
const COLUMNS = [...EXPORT_SELECT, 'conversation_key', 'counted_at'] as const;

export type EventRowValues = (string | null)[];

/** Row i of `total`, in the column order above. Conversations repeat, as real threads do. */
export function eventRow(i: number, total: number, memberIds: readonly string[]): EventRowValues {
  const youtube = i % 3 === 0;
  const reply = i % 2 === 0;
  const target = youtube ? `v${i % 20_000}` : String(1_800_000_000_000_000_000n + BigInt(i));
  const at = new Date(SEED_START + Math.floor((i / total) * (SEED_END - SEED_START))).toISOString();
  return [
    randomUUID(),
    memberIds[i % memberIds.length]!,
    youtube ? 'youtube' : 'x',
    reply ? (youtube ? 'comment' : 'reply') : i % 17 === 0 ? 'unlike' : 'like',
    target,
    '@someone',
    youtube ? `v${(i >> 4) % 20_000}` : String(1_800_000_000_000_000_000n + BigInt(i % 30_000)),
    youtube ? `https://www.youtube.com/watch?v=${target}` : `https://x.com/someone/status/${target}`,
    reply ? `r${i}` : null,
    reply ? `Had the same thing last month, "support" sorted it, here's how: step ${i % 7}` : null,
    CATEGORIES[i % CATEGORIES.length] ?? null,
    null,
    reply ? 'trust' : null,
    reply ? 't1' : null,
    at,
    'network',
    at,
    youtube ? `youtube:v${(i >> 4) % 20_000}` : `x:${1_800_000_000_000_000_000n + BigInt(i % 30_000)}`,
    at,
  ];
}

/** Row i as the events table's record. */
export function eventRecord(i: number, total: number, memberIds: readonly string[]): EventsTable {
  const v = eventRow(i, total, memberIds);
  return Object.fromEntries(COLUMNS.map((c, k) => [c, v[k] ?? null])) as unknown as EventsTable;
}

/** One prepared statement in one transaction: the bare insert rate of this machine's SQLite. */
export function seedSqliteEvents(path: string, total: number, memberIds: readonly string[]): void {
  const db = new SQLite(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = OFF');
  const insert = db.prepare(
    `insert into events (${COLUMNS.join(', ')}) values (${COLUMNS.map(() => '?').join(', ')})`,
  );
  db.transaction(() => {
    for (let i = 0; i < total; i++) insert.run(...eventRow(i, total, memberIds));
  })();
  db.close();
}

/** Ten thousand rows a statement through unnest: Postgres's fast path without COPY. */
export async function seedPostgresEvents(
  pool: pg.Pool,
  total: number,
  memberIds: readonly string[],
): Promise<void> {
  const STEP = 10_000;
  for (let from = 0; from < total; from += STEP) {
    const cols: EventRowValues[] = COLUMNS.map(() => []);
    for (let i = from; i < Math.min(total, from + STEP); i++) {
      const row = eventRow(i, total, memberIds);
      for (let c = 0; c < row.length; c++) cols[c]!.push(row[c]!);
    }
    await pool.query(
      `insert into events (${COLUMNS.join(', ')}) select * from unnest(${COLUMNS.map((_, c) => `$${c + 1}::text[]`).join(', ')})`,
      cols,
    );
  }
}

/** Tracked threads: one every few hours, most answered within a day. */
export function threadRows(count: number): ThreadsTable[] {
  const rows: ThreadsTable[] = [];
  for (let i = 0; i < count; i++) {
    const created = SEED_START + Math.floor((i / count) * (SEED_END - SEED_START));
    const answered = i % 5 !== 0;
    const firstReply = answered ? new Date(created + ((i * 7_919) % 60) * 3_600_000).toISOString() : null;
    const canonical = String(1_800_000_000_000_000_000n + BigInt(i * 7));
    rows.push({
      id: randomUUID(),
      platform: 'x',
      url: `https://x.com/someone/status/${canonical}`,
      canonical_id: canonical,
      parent_id: null,
      author: '@someone',
      excerpt: `A thread about withdrawals ${i}`,
      category: CATEGORIES[i % 4]!,
      priority: 'normal',
      note: '',
      status: answered ? 'answered' : i % 10 === 0 ? 'closed' : 'open',
      sla_due_at: new Date(created + 48 * 3_600_000).toISOString(),
      created_by: 'manager',
      created_at: new Date(created).toISOString(),
      updated_at: new Date(created).toISOString(),
      first_reply_at: firstReply,
      replied_by: firstReply ? JSON.stringify([{ name: 'amb1', at: firstReply }]) : null,
      change_seq: i + 1,
    });
  }
  return rows;
}
