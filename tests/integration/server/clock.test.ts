// @vitest-environment node
import type { Migration } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EventsBatchResponse, TeamStatusResponse } from '../../../lib/schemas/api';
import type { TrackedThread } from '../../../lib/schemas/thread';
import { createMigrator, migrateToLatest } from '../../../server/db/migrate';
import * as m001 from '../../../server/db/migrations/001_init';
import * as m002 from '../../../server/db/migrations/002_reports';
import {
  backends,
  countEvents,
  makeEvent,
  makeThread,
  setupApi,
  type TestApi,
  type TestDatabase,
} from './helpers';

// Issue 9, defect 2: the server used to believe `occurredAt` blindly.
describe.each(backends)('clock policy on $name', (backend) => {
  let api: TestApi;
  beforeEach(async () => {
    api = await setupApi(backend);
  });
  afterEach(() => api.cleanup());

  const amber = async () => {
    const res = await api.json<TeamStatusResponse>('GET', '/team/status', { as: 'manager' });
    return res.body.members.find((m) => m.name === 'amber');
  };

  it('refuses an event dated ahead of the server, alone, and counts nothing in the future', async () => {
    const ahead = makeEvent({ occurredAt: '2026-12-01T09:00:00.000Z' });
    const slightly = makeEvent({ occurredAt: '2026-11-20T12:04:00.000Z' });
    const ok = makeEvent();
    const res = await api.json<EventsBatchResponse>('POST', '/events', {
      body: { events: [ahead, slightly, ok] },
    });
    expect(res.status).toBe(200);
    expect(res.body.accepted).toEqual([slightly.id, ok.id]);
    expect(res.body.conflicts).toEqual([
      { id: ahead.id, reason: 'future_date', message: expect.stringMatching(/ahead of the server's clock/) },
    ]);
    expect(res.body.serverTime).toBe('2026-11-20T12:00:00.000Z');
    expect(await countEvents(api.db)).toBe(2);
    // A few minutes of skew are let in, counted when the server got them, and the claim is kept.
    const row = await api.db
      .selectFrom('events')
      .select(['occurred_at', 'counted_at'])
      .where('id', '=', slightly.id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ occurred_at: '2026-11-20T12:04:00.000Z', counted_at: '2026-11-20T12:00:00.000Z' });
    api.clock.now = new Date('2026-12-01T10:00:00.000Z');
    expect(await amber()).toMatchObject({ eventsToday: 0, eventsThisMonth: 0 });
  });

  it('does not let a back-dated reply meet the SLA it missed', async () => {
    const thread = makeThread({ slaDueAt: '2026-11-20T13:00:00.000Z' });
    const tracked = await api.json<TrackedThread>('POST', '/threads', { as: 'manager', body: thread });
    api.clock.now = new Date('2026-11-20T20:00:00.000Z');
    const reply = makeEvent({
      action: 'reply',
      targetId: thread.canonicalId,
      occurredAt: '2026-11-20T12:30:00.000Z',
    });
    await api.req('POST', '/events', { body: { events: [reply] } });
    const list = await api.json<{ threads: TrackedThread[] }>('GET', '/threads');
    const t = list.body.threads.find((x) => x.id === tracked.body.id);
    expect(t?.firstReplyAt).toBe('2026-11-20T19:00:00.000Z');
    expect(Date.parse(t!.firstReplyAt!)).toBeGreaterThan(Date.parse(t!.slaDueAt));
    // The member's claim is not thrown away: the export shows it beside the server's receipt time.
    const csv = await (await api.req('GET', '/export?format=json', { as: 'lead' })).text();
    expect(JSON.parse(csv.trim())).toMatchObject({
      occurredAt: '2026-11-20T12:30:00.000Z',
      receivedAt: '2026-11-20T20:00:00.000Z',
    });
  });
});

describe.each(backends)('migration 003_event_clock on $name', (backend) => {
  let database: TestDatabase | undefined;
  afterEach(async () => {
    await database?.cleanup();
    database = undefined;
  });

  it('gives stored events a counted time: the claim, capped at receipt', async () => {
    database = await backend.open({ migrate: false });
    const { db } = database;
    const old = {
      getMigrations: async (): Promise<Record<string, Migration>> => ({
        '001_init': m001,
        '002_reports': m002,
      }),
    };
    await (await createMigrator(db, old)).migrateTo('002_reports');
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
    const event = (id: string, occurred: string) => ({
      id,
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
      occurred_at: occurred,
      source: 'network',
      received_at: '2026-11-10T00:00:00.000Z',
    });
    // The events table as 002 left it, before counted_at.
    await db
      .insertInto('events')
      .values([
        event('past', '2026-11-09T08:00:00.000Z'),
        event('future', '2027-01-01T00:00:00.000Z'),
      ] as never)
      .execute();
    expect(await migrateToLatest(db)).toContain('003_event_clock');
    const rows = await db.selectFrom('events').select(['id', 'counted_at']).orderBy('id').execute();
    expect(rows).toEqual([
      { id: 'future', counted_at: '2026-11-10T00:00:00.000Z' },
      { id: 'past', counted_at: '2026-11-09T08:00:00.000Z' },
    ]);
  });
});
