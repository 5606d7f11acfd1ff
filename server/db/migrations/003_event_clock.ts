import { type Kysely, sql } from 'kysely';

// 2026-11-26: the clock policy (issue 9). Members' clocks are not trusted: each event keeps its claimed
// `occurred_at` and the server's `received_at`, and every count uses `counted_at` (lib/reports/clock.ts:
// the claim clamped to at most an hour before receipt and never after it). Rows already stored get the
// claim capped at receipt; their back-dating, if any, is history we cannot tell apart from an offline
// outbox. The count indexes move to `counted_at`; the export still pages by `occurred_at`.

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on today's table types
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('events').addColumn('counted_at', 'text').execute();
  await db
    .updateTable('events')
    .set({
      counted_at: sql`case when occurred_at > received_at then received_at else occurred_at end`,
    })
    .execute();
  await db.schema.dropIndex('events_report').execute();
  await db.schema.dropIndex('events_member').execute();
  await db.schema
    .createIndex('events_report')
    .on('events')
    .columns(['counted_at', 'action', 'platform', 'category', 'member_id'])
    .execute();
  await db.schema.createIndex('events_member').on('events').columns(['member_id', 'counted_at']).execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('events_report').execute();
  await db.schema.dropIndex('events_member').execute();
  await db.schema
    .createIndex('events_report')
    .on('events')
    .columns(['occurred_at', 'action', 'platform', 'category', 'member_id'])
    .execute();
  await db.schema.createIndex('events_member').on('events').columns(['member_id', 'occurred_at']).execute();
  await db.schema.alterTable('events').dropColumn('counted_at').execute();
}
