import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect, sql } from 'kysely';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { EVENT_COLUMNS, sqliteInsertSql } from '../../../server/core/events';
import { openDatabase, preparedOnce } from '../../../server/db/connect';
import type { EventsTable } from '../../../server/db/types';

interface Tables {
  t: { id: number; v: string };
}

describe('the SQLite connection keeps statements prepared', () => {
  let raw: SQLite.Database;
  afterEach(() => raw?.close());

  function open(size?: number) {
    raw = new SQLite(':memory:');
    raw.exec('create table t (id integer primary key, v text)');
    const prepare = vi.spyOn(raw, 'prepare');
    const db = new Kysely<Tables>({ dialect: new SqliteDialect({ database: preparedOnce(raw, size) }) });
    return { db, prepare };
  }

  it('compiles a batch insert of the same shape once, however many batches follow', async () => {
    const { db, prepare } = open();
    const batch = (from: number) => Array.from({ length: 500 }, (_, i) => ({ id: from + i, v: `v${i}` }));
    for (let b = 0; b < 5; b++)
      await db
        .insertInto('t')
        .values(batch(b * 500))
        .execute();
    expect(prepare).toHaveBeenCalledTimes(1);
    const [{ n }] = (await sql<{ n: number }>`select count(*) as n from t`.execute(db)).rows as [
      { n: number },
    ];
    expect(n).toBe(2500);
  });

  it('answers with the new columns after the schema changes under a kept statement', async () => {
    const { db } = open();
    await db.insertInto('t').values({ id: 1, v: 'a' }).execute();
    const select = () => sql<Record<string, unknown>>`select * from t`.execute(db);
    expect((await select()).rows).toEqual([{ id: 1, v: 'a' }]);
    await sql`alter table t add column w text default 'x'`.execute(db);
    expect((await select()).rows).toEqual([{ id: 1, v: 'a', w: 'x' }]);
  });

  it('keeps only the most recently used statements', async () => {
    const { db, prepare } = open(2);
    const q = (n: number) => sql`select ${sql.lit(n)} as n`.execute(db);
    await q(1);
    await q(2);
    await q(1); // kept
    await q(3); // evicts 2, the least recently used
    await q(1); // still kept
    await q(2); // prepared again
    expect(prepare.mock.calls.map(([s]) => s)).toEqual([
      'select 1 as n',
      'select 2 as n',
      'select 3 as n',
      'select 2 as n',
    ]);
  });
});

describe('the SQLite events insert', () => {
  it.each([1, 2, 500])('of %i rows is the statement Kysely would build for them', (n) => {
    const db = openDatabase({ kind: 'sqlite', path: ':memory:' });
    const row = Object.fromEntries(EVENT_COLUMNS.map((c) => [c, 'x'])) as unknown as EventsTable;
    const built = db
      .insertInto('events')
      .values(Array.from({ length: n }, () => row))
      .onConflict((oc) => oc.column('id').doNothing())
      .returning('id')
      .compile();
    expect(sqliteInsertSql(n)).toBe(built.sql);
    expect(built.parameters).toHaveLength(n * EVENT_COLUMNS.length);
    void db.destroy();
  });
});
