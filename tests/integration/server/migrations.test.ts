// @vitest-environment node
import { afterEach, describe, expect, it } from 'vitest';
import { MIGRATION_NAMES, migrateToLatest } from '../../../server/db/migrate';
import { backends, type TestDatabase } from './helpers';

describe.each(backends)('migrations on $name', (backend) => {
  let database: TestDatabase | undefined;
  afterEach(async () => {
    await database?.cleanup();
    database = undefined;
  });

  it('turns an empty database into the current schema, and a second run changes nothing', async () => {
    database = await backend.open({ migrate: false });
    const { db } = database;
    expect(await migrateToLatest(db)).toEqual(MIGRATION_NAMES);
    expect(await migrateToLatest(db)).toEqual([]);

    const tables = await db.introspection.getTables();
    const columns = Object.fromEntries(
      tables.map((t) => [t.name, t.columns.map((c) => c.name).sort()] as const),
    );
    expect(Object.keys(columns).sort()).toEqual([
      'classifier_examples',
      'classifier_models',
      'connectors',
      'conversation_months',
      'counters',
      'events',
      'members',
      'mentions',
      'monitoring',
      'playbooks',
      'settings',
      'site_health',
      'suggestions',
      'threads',
    ]);
    expect(columns.events).toEqual(
      expect.arrayContaining([
        'id',
        'member_id',
        'occurred_at',
        'received_at',
        'target_id',
        'conversation_id',
      ]),
    );
    expect(columns.members).toEqual(expect.arrayContaining(['name', 'role', 'token_hash', 'revoked_at']));
    expect(columns.threads).toEqual(
      expect.arrayContaining(['canonical_id', 'first_reply_at', 'replied_by', 'change_seq', 'sla_due_at']),
    );
    const counter = await db.selectFrom('counters').selectAll().execute();
    expect(counter).toEqual([{ name: 'threads', value: 0 }]);
  });

  it('enforces one row per event id and one active member per name', async () => {
    database = await backend.open();
    const { db } = database;
    const member = {
      id: 'm1',
      name: 'amber',
      role: 'ambassador',
      token_hash: 'h1',
      created_at: '2026-11-20T00:00:00.000Z',
      revoked_at: null,
      last_sync_at: null,
      client_pending: null,
      client_last_error: null,
      client_version: null,
    };
    await db.insertInto('members').values(member).execute();
    await expect(
      db
        .insertInto('members')
        .values({ ...member, id: 'm2', token_hash: 'h2' })
        .execute(),
    ).rejects.toThrow();
    await db.updateTable('members').set({ revoked_at: '2026-11-20T01:00:00.000Z' }).execute();
    await db
      .insertInto('members')
      .values({ ...member, id: 'm3', token_hash: 'h3' })
      .execute();

    const event = {
      id: 'e1',
      member_id: 'm3',
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
      occurred_at: '2026-11-20T00:00:00.000Z',
      source: 'dom',
      received_at: '2026-11-20T00:00:00.000Z',
      conversation_key: 'x:1',
      counted_at: '2026-11-20T00:00:00.000Z',
    };
    await db.insertInto('events').values(event).execute();
    await expect(db.insertInto('events').values(event).execute()).rejects.toThrow();
    // Foreign keys are on in SQLite too: an event must belong to a member.
    await expect(
      db
        .insertInto('events')
        .values({ ...event, id: 'e2', member_id: 'nobody' })
        .execute(),
    ).rejects.toThrow();
  });
});
