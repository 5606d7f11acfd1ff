import { type Kysely, sql } from 'kysely';

// 2026-11-21: first schema for the team backend (issue 3). Only types both SQLite and Postgres share
// (text, integer) so one migration serves both.

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on today's table types
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('members')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('revoked_at', 'text')
    .addColumn('last_sync_at', 'text')
    .addColumn('client_pending', 'integer')
    .addColumn('client_last_error', 'text')
    .addColumn('client_version', 'text')
    .execute();
  // A revoked name may be given to someone again, so names are unique among active members only.
  await db.schema
    .createIndex('members_active_name')
    .on('members')
    .column('name')
    .unique()
    .where(sql.ref('revoked_at'), 'is', null)
    .execute();

  await db.schema
    .createTable('events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('member_id', 'text', (c) => c.notNull().references('members.id'))
    .addColumn('platform', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('target_id', 'text', (c) => c.notNull())
    .addColumn('target_author', 'text')
    .addColumn('conversation_id', 'text')
    .addColumn('page_url', 'text', (c) => c.notNull())
    .addColumn('reply_id', 'text')
    .addColumn('reply_text', 'text')
    .addColumn('category', 'text')
    .addColumn('suggested_category', 'text')
    .addColumn('playbook_id', 'text')
    .addColumn('template_id', 'text')
    .addColumn('occurred_at', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('received_at', 'text', (c) => c.notNull())
    .execute();
  // Export pages by (occurred_at, id); team status counts per member by occurred_at.
  await db.schema.createIndex('events_occurred').on('events').columns(['occurred_at', 'id']).execute();
  await db.schema.createIndex('events_member').on('events').columns(['member_id', 'occurred_at']).execute();
  // A new tracked thread looks up earlier replies to it.
  await db.schema.createIndex('events_target').on('events').columns(['platform', 'target_id']).execute();
  await db.schema
    .createIndex('events_conversation')
    .on('events')
    .columns(['platform', 'conversation_id'])
    .execute();

  await db.schema
    .createTable('threads')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('platform', 'text', (c) => c.notNull())
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('canonical_id', 'text', (c) => c.notNull())
    .addColumn('parent_id', 'text')
    .addColumn('author', 'text')
    .addColumn('excerpt', 'text')
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('priority', 'text', (c) => c.notNull())
    .addColumn('note', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('sla_due_at', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('first_reply_at', 'text')
    .addColumn('replied_by', 'text')
    .addColumn('change_seq', 'integer', (c) => c.notNull())
    .addUniqueConstraint('threads_platform_canonical', ['platform', 'canonical_id'])
    .execute();
  await db.schema.createIndex('threads_change_seq').on('threads').column('change_seq').execute();

  await db.schema
    .createTable('playbooks')
    .addColumn('version', 'integer', (c) => c.primaryKey())
    .addColumn('content', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'text', (c) => c.notNull())
    .execute();

  // A row per sequence; bumping it inside a transaction locks the row until commit, so on Postgres
  // change numbers become visible in order and a `since` cursor never skips a slower writer.
  await db.schema
    .createTable('counters')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('value', 'integer', (c) => c.notNull())
    .execute();
  await db.insertInto('counters').values({ name: 'threads', value: 0 }).execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['counters', 'playbooks', 'threads', 'events', 'members']) {
    await db.schema.dropTable(table).execute();
  }
}
