import type { Kysely } from 'kysely';

// 2026-11-21: the lead's reports (issue 6). Month-long aggregates scan events by time and read only
// a few short columns, so one covering index answers them without touching the rows; tracked threads
// are filtered by when they were opened, answered, or fall due. `settings` keeps the lead's targets,
// recognition levels and time zone as one JSON document per key.

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on today's table types
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createIndex('events_report')
    .on('events')
    .columns(['occurred_at', 'action', 'platform', 'category', 'member_id'])
    .execute();
  await db.schema.createIndex('threads_created').on('threads').column('created_at').execute();
  await db.schema.createIndex('threads_first_reply').on('threads').column('first_reply_at').execute();
  await db.schema.createIndex('threads_status_due').on('threads').columns(['status', 'sla_due_at']).execute();

  await db.schema
    .createTable('settings')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'text', (c) => c.notNull())
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('settings').execute();
  for (const index of ['threads_status_due', 'threads_first_reply', 'threads_created', 'events_report']) {
    await db.schema.dropIndex(index).execute();
  }
}
