import type { Kysely } from 'kysely';

// 2026-11-26: the inbox's reach filter (issue 12). "Only big accounts" (`minReach`) had no index: when
// few mentions reach the threshold, the database walked the whole table newest first looking for 50 of
// them (at a million rows, seconds when none exist). With an index on reach it reads just those and
// sorts them; both SQLite (STAT4) and Postgres choose between the two by the threshold's selectivity.

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on today's table types
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('mentions_reach').on('mentions').column('reach').execute();
  // The inbox opens on `status=new`: the same, inside one status.
  await db.schema.createIndex('mentions_status_reach').on('mentions').columns(['status', 'reach']).execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('mentions_status_reach').execute();
  await db.schema.dropIndex('mentions_reach').execute();
}
