import { type Migration, type MigrationProvider, Migrator } from 'kysely';
import * as m001 from './migrations/001_init';
import * as m002 from './migrations/002_reports';
import * as m006 from './migrations/006_classifier';
import * as m007 from './migrations/007_suggestions';
import type { Db } from './types';

// Listed by hand rather than read from disk, so they work the same under tsx, vitest and a bundle.
const MIGRATIONS: Record<string, Migration> = {
  '001_init': m001,
  '002_reports': m002,
  '006_classifier': m006,
  '007_suggestions': m007,
};

const provider: MigrationProvider = { getMigrations: async () => MIGRATIONS };

export async function migrateToLatest(db: Db): Promise<string[]> {
  const migrator = new Migrator({ db, provider });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
