import type { Kysely } from 'kysely';

// 2026-11-26: site health per member (issue 14). When X or YouTube change what the counting depends on,
// each extension keeps one record per platform, page type and failed check; the records ride along
// with its sync and land here, one row per member and check (the upload replaces the row), so the
// team view can say which members are affected since when. Bounded per member by the route.

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on today's table types
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('site_health')
    .addColumn('member_id', 'text', (c) => c.notNull().references('members.id'))
    .addColumn('platform', 'text', (c) => c.notNull())
    .addColumn('page', 'text', (c) => c.notNull())
    .addColumn('check_id', 'text', (c) => c.notNull())
    .addColumn('signal', 'text', (c) => c.notNull())
    /** JSON array of what may not be counted: `["likes"]`. */
    .addColumn('affects', 'text', (c) => c.notNull())
    .addColumn('detail', 'text')
    /** JSON array of key paths (an unknown call's shape), never values. */
    .addColumn('shape', 'text')
    .addColumn('first_seen', 'text', (c) => c.notNull())
    .addColumn('last_seen', 'text', (c) => c.notNull())
    .addColumn('ok_at', 'text')
    .addColumn('version', 'text', (c) => c.notNull())
    .addColumn('count', 'integer', (c) => c.notNull())
    .addColumn('received_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('site_health_pk', ['member_id', 'platform', 'page', 'check_id'])
    .execute();
  // The team view reads what was seen lately; trimming a member's rows reads theirs oldest first.
  await db.schema.createIndex('site_health_last_seen').on('site_health').column('last_seen').execute();
  await db.schema
    .createIndex('site_health_member_seen')
    .on('site_health')
    .columns(['member_id', 'last_seen'])
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('site_health').execute();
}
