import type { Kysely } from 'kysely';

// 2026-11-26: a retraining run's verdict as figures, not only as words in `reason` (issue 13): the
// team's examples and the seed slice, each as right answers of the new model and of the model in use,
// how many were worse and better, the seed slice's noise band, and which model it was judged against
// (JSON, `ModelVerdictSchema`). The dashboard shows them; runs from before stay null.

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on today's table types
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('classifier_models').addColumn('verdict', 'text').execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('classifier_models').dropColumn('verdict').execute();
}
