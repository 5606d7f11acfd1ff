import { type Migration, type MigrationProvider, Migrator, sql } from 'kysely';
import { isSqlite } from './connect';
import * as m001 from './migrations/001_init';
import * as m002 from './migrations/002_reports';
import * as m003 from './migrations/003_event_clock';
import * as m004 from './migrations/004_mentions';
import * as m005 from './migrations/005_site_health';
import * as m006 from './migrations/006_classifier';
import * as m007 from './migrations/007_suggestions';
import * as m008 from './migrations/008_report_speed';
import * as m009 from './migrations/009_conversation_months';
import * as m011 from './migrations/011_inbox_indexes';
import * as m012 from './migrations/012_mentions_reach';
import * as m015 from './migrations/015_classifier_verdict';
import type { Db } from './types';

// Listed by hand rather than read from disk, so they work the same under tsx, vitest and a bundle.
export const MIGRATIONS: Readonly<Record<string, Migration>> = {
  '001_init': m001,
  '002_reports': m002,
  '003_event_clock': m003,
  '004_mentions': m004,
  '005_site_health': m005,
  '006_classifier': m006,
  '007_suggestions': m007,
  '008_report_speed': m008,
  '009_conversation_months': m009,
  '011_inbox_indexes': m011,
  '012_mentions_reach': m012,
  '015_classifier_verdict': m015,
};

/** Every migration's name, in the order they apply. */
export const MIGRATION_NAMES = Object.keys(MIGRATIONS).sort();

const provider: MigrationProvider = { getMigrations: async () => MIGRATIONS };

/**
 * A migrator whose bookkeeping tables live in the connection's own schema. Without naming it, Kysely
 * looks for its lock table in every schema, so on a Postgres shared by several schemas (test runs,
 * teams) it can find another schema's table, skip creating its own, and fail.
 */
export async function createMigrator(db: Db, migrations: MigrationProvider = provider): Promise<Migrator> {
  const schema = isSqlite(db)
    ? undefined
    : (await sql<{ schema: string }>`select current_schema() as schema`.execute(db)).rows[0]?.schema;
  return new Migrator({
    db,
    provider: migrations,
    // Numbers are handed out per issue and land in any order (006 before 004): a database that already
    // ran a later number must still take an earlier one that landed after it.
    allowUnorderedMigrations: true,
    ...(schema ? { migrationTableSchema: schema } : {}),
  });
}

export async function migrateToLatest(db: Db): Promise<string[]> {
  const migrator = await createMigrator(db);
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
