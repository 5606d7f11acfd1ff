import { type Kysely, SqliteAdapter, sql } from 'kysely';

// 2026-11-26 (issue 10): the narratives report counted distinct conversations per category and month
// over six months of events (600,000 index entries at the bench's density, ~700 ms). Conversations
// recur within a month, so a roll-up per (UTC month, category, conversation) holds fewer rows and
// turns each distinct count into a row count. Months are UTC: a team's month in its own zone is the
// nearest UTC month give or take a few hours at each end, which the report reads from the events
// themselves (server/reports/rollup.ts), so the answer is exact in every zone.
//
// Triggers keep it: whatever writes events (ingest, an older migration's backfill, a bench seed, a fix
// by hand) keeps the roll-up right in the same transaction. Postgres gets statement triggers with
// transition tables (one grouped upsert per statement, in key order so two batches never deadlock);
// SQLite has row triggers only, one upsert per event.

const EVENT_MONTH = (row: string) => `substr(${row}.counted_at, 1, 7)`;
const EVENT_CATEGORY = (row: string) => `coalesce(${row}.category, '')`;
/** The events the roll-up counts: everything but unlikes, with a time to count at. */
const COUNTED = (row: string) => `${row}.action <> 'unlike' and ${row}.counted_at is not null`;

const SQLITE = [
  `create table conversation_months (
    month text not null,
    category text not null,
    conversation_key text not null,
    n integer not null,
    primary key (month, category, conversation_key)
  ) without rowid`,
  `create trigger conversation_months_insert after insert on events
   when ${COUNTED('new')}
   begin
     insert into conversation_months (month, category, conversation_key, n)
     values (${EVENT_MONTH('new')}, ${EVENT_CATEGORY('new')}, new.conversation_key, 1)
     on conflict (month, category, conversation_key) do update set n = n + 1;
   end`,
  `create trigger conversation_months_delete after delete on events
   when ${COUNTED('old')}
   begin
     update conversation_months set n = n - 1
     where month = ${EVENT_MONTH('old')} and category = ${EVENT_CATEGORY('old')}
       and conversation_key = old.conversation_key;
     delete from conversation_months
     where month = ${EVENT_MONTH('old')} and category = ${EVENT_CATEGORY('old')}
       and conversation_key = old.conversation_key and n <= 0;
   end`,
  `create trigger conversation_months_update after update of action, category, conversation_key, counted_at on events
   begin
     update conversation_months set n = n - 1
     where ${COUNTED('old')} and month = ${EVENT_MONTH('old')} and category = ${EVENT_CATEGORY('old')}
       and conversation_key = old.conversation_key;
     delete from conversation_months
     where ${COUNTED('old')} and month = ${EVENT_MONTH('old')} and category = ${EVENT_CATEGORY('old')}
       and conversation_key = old.conversation_key and n <= 0;
     insert into conversation_months (month, category, conversation_key, n)
     select ${EVENT_MONTH('new')}, ${EVENT_CATEGORY('new')}, new.conversation_key, 1 where ${COUNTED('new')}
     on conflict (month, category, conversation_key) do update set n = n + 1;
   end`,
];

/** A change to the roll-up from transition tables: +1 per new row, -1 per old row, grouped, in key order. */
const pgApply = (parts: { table: string; sign: 1 | -1 }[]) => {
  const delta = parts
    .map(
      ({ table, sign }) =>
        `select ${EVENT_MONTH('r')} as month, ${EVENT_CATEGORY('r')} as category, r.conversation_key, ${sign} as d
         from ${table} r where ${COUNTED('r')}`,
    )
    .join(' union all ');
  const removed = parts.find((p) => p.sign === -1);
  return `
    insert into conversation_months as c (month, category, conversation_key, n)
    select month, category, conversation_key, sum(d) from (${delta}) x
    group by month, category, conversation_key having sum(d) <> 0
    order by month, category, conversation_key
    on conflict (month, category, conversation_key) do update set n = c.n + excluded.n;
    ${
      removed
        ? `delete from conversation_months c using (
             select distinct ${EVENT_MONTH('r')} as month, ${EVENT_CATEGORY('r')} as category, r.conversation_key
             from ${removed.table} r where ${COUNTED('r')}
           ) o
           where c.month = o.month and c.category = o.category and c.conversation_key = o.conversation_key
             and c.n <= 0;`
        : ''
    }`;
};

const pgFunction = (name: string, body: string) =>
  `create function ${name}() returns trigger language plpgsql as $fn$
   begin
     ${body}
     return null;
   end
   $fn$`;

const POSTGRES = [
  `create table conversation_months (
    month text not null,
    category text not null,
    conversation_key text not null,
    n integer not null,
    primary key (month, category, conversation_key)
  )`,
  pgFunction('conversation_months_insert', pgApply([{ table: 'new_rows', sign: 1 }])),
  pgFunction('conversation_months_delete', pgApply([{ table: 'old_rows', sign: -1 }])),
  pgFunction(
    'conversation_months_update',
    pgApply([
      { table: 'new_rows', sign: 1 },
      { table: 'old_rows', sign: -1 },
    ]),
  ),
  `create trigger conversation_months_insert after insert on events
   referencing new table as new_rows for each statement execute function conversation_months_insert()`,
  `create trigger conversation_months_delete after delete on events
   referencing old table as old_rows for each statement execute function conversation_months_delete()`,
  `create trigger conversation_months_update after update on events
   referencing old table as old_rows new table as new_rows
   for each statement execute function conversation_months_update()`,
];

const BACKFILL = `
  insert into conversation_months (month, category, conversation_key, n)
  select ${EVENT_MONTH('e')}, ${EVENT_CATEGORY('e')}, e.conversation_key, count(*)
  from events e where ${COUNTED('e')}
  group by ${EVENT_MONTH('e')}, ${EVENT_CATEGORY('e')}, e.conversation_key`;

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on today's table types
const isSqlite = (db: Kysely<any>) => db.getExecutor().adapter instanceof SqliteAdapter;

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on today's table types
export async function up(db: Kysely<any>): Promise<void> {
  const statements = isSqlite(db) ? SQLITE : POSTGRES;
  for (const s of statements) await sql.raw(s).execute(db);
  await sql.raw(BACKFILL).execute(db);
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  const sqlite = isSqlite(db);
  for (const t of ['insert', 'delete', 'update']) {
    await sql.raw(`drop trigger conversation_months_${t}${sqlite ? '' : ' on events'}`).execute(db);
    if (!sqlite) await sql.raw(`drop function conversation_months_${t}()`).execute(db);
  }
  await sql.raw('drop table conversation_months').execute(db);
}
