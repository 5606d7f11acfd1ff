// @vitest-environment node
import type { Migration } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { createMigrator, migrateToLatest } from '../../../server/db/migrate';
import * as m001 from '../../../server/db/migrations/001_init';
import * as m002 from '../../../server/db/migrations/002_reports';
import * as m006 from '../../../server/db/migrations/006_classifier';
import { backends, type TestDatabase } from './helpers';

// 006 landed on main before 004: a database may have run it already.
const without004 = {
  getMigrations: async (): Promise<Record<string, Migration>> => ({
    '001_init': m001,
    '002_reports': m002,
    '006_classifier': m006,
  }),
};

describe.each(backends)('migration 004_mentions on $name', (backend) => {
  let database: TestDatabase | undefined;
  afterEach(async () => {
    await database?.cleanup();
    database = undefined;
  });

  it('upgrades a database that ran 006 but not 004, with published playbooks: mentions tables added, playbooks untouched', async () => {
    database = await backend.open({ migrate: false });
    const { db } = database;
    const { error } = await (await createMigrator(db, without004)).migrateToLatest();
    expect(error).toBeUndefined();
    const playbook = {
      version: 1,
      content: '{}',
      updated_at: '2026-11-01T00:00:00.000Z',
      updated_by: 'mona',
    };
    await db.insertInto('playbooks').values(playbook).execute();

    const ran = await migrateToLatest(db);
    expect(ran).toContain('004_mentions');
    expect(ran).not.toContain('006_classifier');
    expect(await db.selectFrom('playbooks').selectAll().execute()).toEqual([playbook]);
    expect(await db.selectFrom('mentions').selectAll().execute()).toEqual([]);
    expect(await db.selectFrom('monitoring').selectAll().execute()).toEqual([]);
    expect(await db.selectFrom('connectors').selectAll().execute()).toEqual([]);
  });
});
