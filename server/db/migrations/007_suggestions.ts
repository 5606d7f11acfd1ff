import type { Kysely } from 'kysely';

// 2026-11-26: ambassadors can't track threads; they suggest them to the manager instead (issue 15).
// One open suggestion per member and thread (suggesting again updates it); `dismissed_at` is the
// manager's "no". A suggestion whose thread got tracked is simply no longer listed.

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on today's table types
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('suggestions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('member_id', 'text', (c) => c.notNull().references('members.id'))
    .addColumn('platform', 'text', (c) => c.notNull())
    .addColumn('canonical_id', 'text', (c) => c.notNull())
    .addColumn('parent_id', 'text')
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('author', 'text')
    .addColumn('excerpt', 'text')
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('note', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('dismissed_at', 'text')
    .addColumn('dismissed_by', 'text')
    .execute();
  await db.schema
    .createIndex('suggestions_thread')
    .on('suggestions')
    .columns(['platform', 'canonical_id'])
    .execute();
  await db.schema.createIndex('suggestions_created').on('suggestions').column('created_at').execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('suggestions').execute();
}
