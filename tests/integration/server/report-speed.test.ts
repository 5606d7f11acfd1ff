// @vitest-environment node
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CompiledQuery, type Migration, sql } from 'kysely';
import pg from 'pg';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { addMember } from '../../../server/core/members';
import { openDatabase } from '../../../server/db/connect';
import { createMigrator, migrateToLatest } from '../../../server/db/migrate';
import * as m001 from '../../../server/db/migrations/001_init';
import * as m002 from '../../../server/db/migrations/002_reports';
import { openSqliteReader } from '../../../server/db/sqlite-reader';
import type { Db, EventsTable } from '../../../server/db/types';
import { conversationKey } from '../../../server/reports/conversation';
import { explainExport, exportPage, planShape } from '../../../server/reports/export-query';
import type { RunningServer } from '../../../server/server';
import { backends, listenOn, makeEvent, PG_URL, type TestDatabase } from './helpers';

// A read that takes a while on any machine: a few million rows of a recursive counter.
const SLOW_READ = sql<{
  n: number;
}>`with recursive c(x) as (select 1 union all select x + 1 from c where x < 3000000)
  select count(*) as n from c`;

/** Whether the event loop got a turn (a setImmediate) before `query` answered. */
async function loopTurnedDuring(query: Promise<unknown>): Promise<boolean> {
  let answered = false;
  const done = query.then(() => {
    answered = true;
  });
  await new Promise<void>((resolve) => setImmediate(resolve));
  const turnedFirst = !answered;
  await done;
  return turnedFirst;
}

describe('the SQLite report reader (a worker thread with a read-only connection)', () => {
  const dirs: string[] = [];
  const open: Db[] = [];
  afterEach(async () => {
    for (const db of open.splice(0)) await db.destroy();
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });
  const fresh = async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rt-reader-'));
    dirs.push(dir);
    const path = join(dir, 'db.sqlite');
    const db = openDatabase({ kind: 'sqlite', path });
    await migrateToLatest(db);
    const reader = openSqliteReader(path);
    open.push(reader, db);
    return { db, reader };
  };

  it('leaves the event loop free while a long read runs, where the main connection holds it', async () => {
    const { db, reader } = await fresh();
    expect(await loopTurnedDuring(SLOW_READ.execute(db))).toBe(false);
    expect(await loopTurnedDuring(SLOW_READ.execute(reader))).toBe(true);
  });

  it('sees what the main connection committed, and refuses writes and bad SQL with the reason', async () => {
    const { db, reader } = await fresh();
    await addMember(db, { name: 'amber', role: 'ambassador' }, new Date());
    expect(await reader.selectFrom('members').select('name').execute()).toEqual([{ name: 'amber' }]);
    await expect(reader.deleteFrom('members').execute()).rejects.toThrow(/read-only/);
    await expect(reader.executeQuery(CompiledQuery.raw('select nope from members'))).rejects.toThrow(
      /no such column: nope/,
    );
    // Still answering after the errors.
    expect(await reader.selectFrom('members').select('name').execute()).toHaveLength(1);
  });
});

describe('the export reads one index in (occurred_at, id) order, before and after ANALYZE', () => {
  let dir: string | undefined;
  let db: Db | undefined;
  afterEach(async () => {
    await db?.destroy();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('keeps the same plan on SQLite with and without statistics, filters included', async () => {
    dir = mkdtempSync(join(tmpdir(), 'rt-plan-'));
    db = openDatabase({ kind: 'sqlite', path: join(dir, 'db.sqlite') });
    await migrateToLatest(db);
    const members: string[] = [];
    for (let i = 0; i < 5; i++) {
      await addMember(db, { name: `m${i}`, role: 'ambassador' }, new Date());
    }
    for (const r of await db.selectFrom('members').select('id').execute()) members.push(r.id);
    const rows: EventsTable[] = [];
    for (let i = 0; i < 2000; i++) {
      const at = new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString();
      rows.push({
        id: randomUUID(),
        member_id: members[i % members.length]!,
        platform: i % 3 ? 'x' : 'youtube',
        action: i % 2 ? 'like' : 'reply',
        target_id: String(i),
        target_author: null,
        conversation_id: null,
        page_url: 'https://x.com/a/status/1',
        reply_id: null,
        reply_text: null,
        category: i % 4 ? 'trust_doubt' : null,
        suggested_category: null,
        playbook_id: null,
        template_id: null,
        occurred_at: at,
        source: 'network',
        received_at: at,
        conversation_key: conversationKey('x', null, String(i)),
        counted_at: at,
      });
    }
    for (let i = 0; i < rows.length; i += 100)
      await db
        .insertInto('events')
        .values(rows.slice(i, i + 100))
        .execute();

    const planWithFilters = async (d: Db) => {
      const q = exportPage(
        d,
        {
          memberIds: members.slice(0, 1),
          platform: ['x'],
          action: ['like'],
          category: ['trust_doubt', 'none'],
        },
        { at: '2026-01-01T10:00:00.000Z', id: '' },
      ).compile();
      const plan = await d.executeQuery<{ detail: string }>(
        CompiledQuery.raw(`explain query plan ${q.sql}`, [...q.parameters]),
      );
      return plan.rows.map((r) => r.detail).join(' | ');
    };
    const before = [await explainExport(db), await planWithFilters(db)];
    await sql`analyze`.execute(db);
    const after = [await explainExport(db), await planWithFilters(db)];
    expect(after.map(planShape)).toEqual(before.map(planShape));
    for (const plan of after) {
      expect(plan).toContain('USING INDEX events_occurred');
      expect(plan).not.toContain('TEMP B-TREE');
    }
  });
});

describe.each(backends)('migration 008_report_speed on $name', (backend) => {
  let database: TestDatabase | undefined;
  afterEach(async () => {
    await database?.cleanup();
    database = undefined;
  });

  it('gives every existing event its conversation key', async () => {
    database = await backend.open({ migrate: false });
    const { db } = database;
    const provider = {
      getMigrations: async (): Promise<Record<string, Migration>> => ({
        '001_init': m001,
        '002_reports': m002,
      }),
    };
    await (await createMigrator(db, provider)).migrateTo('002_reports');
    await addMember(db, { name: 'amber', role: 'ambassador' }, new Date());
    const member = await db.selectFrom('members').select('id').executeTakeFirstOrThrow();
    const base = {
      member_id: member.id,
      target_author: null,
      page_url: 'https://x.com/a/status/1',
      reply_id: null,
      reply_text: null,
      category: null,
      suggested_category: null,
      playbook_id: null,
      template_id: null,
      occurred_at: '2026-11-01T00:00:00.000Z',
      source: 'network',
      received_at: '2026-11-01T00:00:00.000Z',
    };
    const old = [
      { ...base, id: 'a', platform: 'x', action: 'like', target_id: '11', conversation_id: '10' },
      { ...base, id: 'b', platform: 'x', action: 'like', target_id: '12', conversation_id: null },
      { ...base, id: 'c', platform: 'youtube', action: 'comment', target_id: 'vid', conversation_id: 'vid' },
    ];
    // The 002 shape: no conversation_key yet.
    await db
      .insertInto('events')
      .values(old as unknown as EventsTable[])
      .execute();
    await migrateToLatest(db);
    const rows = await db.selectFrom('events').select(['id', 'conversation_key']).orderBy('id').execute();
    expect(rows).toEqual([
      { id: 'a', conversation_key: 'x:10' },
      { id: 'b', conversation_key: 'x:12' },
      { id: 'c', conversation_key: 'youtube:vid' },
    ]);
    expect(rows.map((r) => r.conversation_key)).toEqual(
      old.map((e) => conversationKey(e.platform, e.conversation_id, e.target_id)),
    );
  });
});

// Postgres only. It lived alone in report-pool.test.ts, which held no suite without TEST_DATABASE_URL: vitest
// fails such a file, so `npm test` failed on a machine without Postgres.
/**
 * A dashboard that is slow for whatever reason (here the events table is locked, so every report read
 * waits) must not stop members' syncs: the reports hold connections of their own, and /health and
 * POST /events still get one from the main pool.
 */
// Postgres only (the SQLite reports read in worker threads of their own; see report-speed.test.ts).
describe.each(backends.filter((b) => b.name === 'postgres'))(
  'reports on $name beside members syncing',
  (postgres) => {
    let database: TestDatabase | undefined;
    let server: RunningServer | undefined;
    let locker: pg.Client | undefined;
    afterEach(async () => {
      await locker?.end();
      await server?.close();
      await database?.cleanup();
    });

    it('answers /health and a member’s POST /events while a dozen report requests wait on their reads', async () => {
      database = await postgres.open({ migrate: false });
      server = await listenOn(database);
      const lead = { authorization: `Bearer ${server.adminToken}` };
      const member = await fetch(`${server.url}/api/v1/members`, {
        method: 'POST',
        headers: { ...lead, 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'amber', role: 'ambassador' }),
      }).then((r) => r.json() as Promise<{ token: string }>);

      // One report first, as an opened dashboard would have: the server's connections are then open.
      expect(
        (await fetch(`${server.url}/api/v1/reports/summary?month=2026-11`, { headers: lead })).status,
      ).toBe(200);
      locker = new pg.Client({ connectionString: PG_URL, options: `-c search_path=${database.schema}` });
      await locker.connect();
      await locker.query('begin');
      await locker.query('lock table events in access exclusive mode');
      // More report reads than the server's main pool has connections.
      const reports = Array.from({ length: 12 }, () =>
        fetch(`${server!.url}/api/v1/reports/summary?month=2026-11`, { headers: lead }),
      );
      // Wait until report reads are queued on the lock, holding their connections.
      await vi.waitFor(
        async () => {
          const { rows } = await locker!.query<{ n: string }>(
            `select count(*) as n from pg_stat_activity where wait_event_type = 'Lock' and pid <> pg_backend_pid()`,
          );
          expect(Number(rows[0]!.n)).toBeGreaterThanOrEqual(3);
        },
        { timeout: 15_000, interval: 20 },
      );

      const health = await fetch(`${server.url}/api/v1/health`);
      expect(await health.json()).toEqual({ ok: true, db: 'ok' });
      // The member's sync is stored once the lock goes; the server took it and is waiting on the table.
      const sync = fetch(`${server.url}/api/v1/events`, {
        method: 'POST',
        headers: { authorization: `Bearer ${member.token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ events: [makeEvent()] }),
      });

      await locker.query('commit');
      expect((await sync).status).toBe(200);
      for (const r of await Promise.all(reports)) expect(r.status).toBe(200);
    }, 20_000);
  },
);
