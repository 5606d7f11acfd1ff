import type { Kysely } from 'kysely';

// 2026-11-26: mentions (issue 12). The team's monitoring terms are versioned like playbooks; each
// public post is one `mentions` row per platform + post id however many members or connectors saw it;
// connectors keep their cursor and health here so a restart resumes where it stopped. The inbox reads
// newest first under a few filters, so each common filter has an index ending in (posted_at, id).

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on today's table types
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('monitoring')
    .addColumn('version', 'integer', (c) => c.primaryKey())
    .addColumn('content', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('mentions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('platform', 'text', (c) => c.notNull())
    .addColumn('post_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('conversation_id', 'text')
    .addColumn('channel_id', 'text')
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('author_handle', 'text', (c) => c.notNull())
    .addColumn('author_followers', 'integer')
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('text_dropped', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('language', 'text', (c) => c.notNull())
    .addColumn('posted_at', 'text', (c) => c.notNull())
    .addColumn('replies', 'integer')
    .addColumn('likes', 'integer')
    .addColumn('reposts', 'integer')
    .addColumn('views', 'integer')
    .addColumn('reach', 'integer', (c) => c.notNull())
    .addColumn('counts_seen_at', 'text', (c) => c.notNull())
    .addColumn('first_seen_at', 'text', (c) => c.notNull())
    .addColumn('last_seen_at', 'text', (c) => c.notNull())
    .addColumn('sources', 'text', (c) => c.notNull())
    .addColumn('matched_terms', 'text', (c) => c.notNull())
    .addColumn('suggested_category', 'text', (c) => c.notNull())
    .addColumn('confidence', 'real', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('polarity', 'text', (c) => c.notNull())
    .addColumn('category', 'text')
    .addColumn('effective_category', 'text', (c) => c.notNull())
    .addColumn('priority', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('dismiss_reason', 'text')
    .addColumn('assignee', 'text')
    .addColumn('thread_id', 'text')
    .addColumn('sla_due_at', 'text', (c) => c.notNull())
    .addColumn('decided_by', 'text')
    .addColumn('decided_at', 'text')
    .execute();
  await db.schema
    .createIndex('mentions_post')
    .on('mentions')
    .columns(['platform', 'post_id'])
    .unique()
    .execute();
  await db.schema.createIndex('mentions_posted').on('mentions').columns(['posted_at', 'id']).execute();
  for (const column of ['status', 'effective_category', 'polarity', 'platform', 'language']) {
    await db.schema
      .createIndex(`mentions_${column}_posted`)
      .on('mentions')
      .columns([column, 'posted_at', 'id'])
      .execute();
  }
  await db.schema.createIndex('mentions_decided').on('mentions').column('decided_at').execute();
  await db.schema.createIndex('mentions_assignee').on('mentions').columns(['assignee', 'status']).execute();
  await db.schema.createIndex('mentions_first_seen').on('mentions').column('first_seen_at').execute();

  await db.schema
    .createTable('connectors')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('cursor', 'text', (c) => c.notNull())
    .addColumn('last_run_at', 'text')
    .addColumn('last_success_at', 'text')
    .addColumn('last_error', 'text')
    .addColumn('last_error_at', 'text')
    .addColumn('failures', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('quota_left', 'integer')
    .addColumn('quota_reset_at', 'text')
    .addColumn('next_run_at', 'text')
    .addColumn('stored', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('connectors').execute();
  await db.schema.dropTable('mentions').execute();
  await db.schema.dropTable('monitoring').execute();
}
