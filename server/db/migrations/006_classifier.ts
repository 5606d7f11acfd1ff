import type { Kysely } from 'kysely';

// 2026-11-26: the classifier learns from the team (issue 13). `classifier_examples` keeps every text a
// person labelled (track form, sidebar override, inbox), once per client id; `classifier_models` keeps
// every training run, published or not, with its figures, so the dashboard can show them over time and
// extensions can pull the latest published model.

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on today's table types
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('classifier_examples')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('polarity', 'text')
    .addColumn('suggested_category', 'text')
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('member_id', 'text', (c) => c.notNull())
    .addColumn('labelled_at', 'text', (c) => c.notNull())
    .addColumn('received_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('classifier_examples_received')
    .on('classifier_examples')
    .column('received_at')
    .execute();
  await db.schema
    .createTable('classifier_models')
    .addColumn('version', 'text', (c) => c.primaryKey())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('published', 'integer', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('examples', 'integer', (c) => c.notNull())
    .addColumn('team_examples', 'integer', (c) => c.notNull())
    .addColumn('evaluation', 'text', (c) => c.notNull())
    .addColumn('baseline', 'text', (c) => c.notNull())
    // The model file itself (about 500 KB of JSON); null for runs that were not published.
    .addColumn('model', 'text')
    .execute();
  await db.schema
    .createIndex('classifier_models_created')
    .on('classifier_models')
    .column('created_at')
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('classifier_models').execute();
  await db.schema.dropTable('classifier_examples').execute();
}
