// @vitest-environment node
import { type Migration, sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_REPORT_SETTINGS } from '../../../lib/schemas/reports';
import { createMigrator, migrateToLatest } from '../../../server/db/migrate';
import * as m001 from '../../../server/db/migrations/001_init';
import * as m002 from '../../../server/db/migrations/002_reports';
import type { EventsTable } from '../../../server/db/types';
import { readReportSettings } from '../../../server/reports/settings';
import { backends, type TestDatabase } from '../server/helpers';

const provider = {
  getMigrations: async (): Promise<Record<string, Migration>> => ({ '001_init': m001, '002_reports': m002 }),
};

describe.each(backends)('migration 002_reports on $name', (backend) => {
  let database: TestDatabase | undefined;
  afterEach(async () => {
    await database?.cleanup();
    database = undefined;
  });

  it('upgrades a database at 001 with events in it: indexes and settings added, events untouched', async () => {
    database = await backend.open({ migrate: false });
    const { db } = database;
    await (await createMigrator(db, provider)).migrateTo('001_init');
    await db
      .insertInto('members')
      .values({
        id: 'm1',
        name: 'amber',
        role: 'ambassador',
        token_hash: 'h',
        created_at: '2026-11-01T00:00:00.000Z',
        revoked_at: null,
        last_sync_at: null,
        client_pending: null,
        client_last_error: null,
        client_version: null,
      })
      .execute();
    await db
      .insertInto('events')
      .values({
        id: 'e1',
        member_id: 'm1',
        platform: 'x',
        action: 'like',
        target_id: '1',
        target_author: null,
        conversation_id: null,
        page_url: 'https://x.com/a/status/1',
        reply_id: null,
        reply_text: null,
        category: null,
        suggested_category: null,
        playbook_id: null,
        template_id: null,
        occurred_at: '2026-11-01T00:00:00.000Z',
        source: 'network',
        received_at: '2026-11-01T00:00:00.000Z',
        // The 001 shape: no conversation_key (008) or counted_at (003) yet.
      } as unknown as EventsTable)
      .execute();

    // Later migrations run too; 002 is the one under test.
    expect((await migrateToLatest(db))[0]).toBe('002_reports');
    const indexes =
      backend.name === 'sqlite'
        ? await sql<{ name: string }>`select name from sqlite_master where type = 'index'`.execute(db)
        : await sql<{
            name: string;
          }>`select indexname as name from pg_indexes where schemaname = current_schema()`.execute(db);
    expect(indexes.rows.map((r) => r.name)).toEqual(
      expect.arrayContaining([
        'events_report',
        'threads_created',
        'threads_first_reply',
        'threads_status_due',
      ]),
    );
    expect(await db.selectFrom('events').select('id').execute()).toEqual([{ id: 'e1' }]);
    expect(await readReportSettings(db)).toEqual({ settings: DEFAULT_REPORT_SETTINGS });
  });
});
