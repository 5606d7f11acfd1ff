import { type Kysely, sql } from 'kysely';

// 2026-11-26 (issue 10): the narratives and ambassadors reports count distinct conversations, and the
// conversation (X conversation, YouTube video, else the target) was computed per row from columns
// the report index did not hold: a million table lookups per report. Each event now carries its
// conversation key, and the report index (on the time counts use, 003's counted_at) covers it, so every report reads
// the index alone.

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on today's table types
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('events')
    .addColumn('conversation_key', 'text', (c) => c.notNull().defaultTo(''))
    .execute();
  await sql`update events set conversation_key = platform || ':' || coalesce(conversation_id, target_id)`.execute(
    db,
  );
  await db.schema.dropIndex('events_report').execute();
  await db.schema
    .createIndex('events_report')
    .on('events')
    .columns(['counted_at', 'action', 'platform', 'category', 'member_id', 'conversation_key'])
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('events_report').execute();
  await db.schema
    .createIndex('events_report')
    .on('events')
    .columns(['counted_at', 'action', 'platform', 'category', 'member_id'])
    .execute();
  await db.schema.alterTable('events').dropColumn('conversation_key').execute();
}
