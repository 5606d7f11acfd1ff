// @vitest-environment node
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { eventId } from '../../../lib/domain/event-id';
import type { EventsBatchResponse } from '../../../lib/schemas/api';
import { backends, countEvents, makeEvent, setupApi, type TestApi } from './helpers';

interface ErrorResponse {
  error: { code: string; message: string; details?: { issues?: { path: (string | number)[] }[] } };
}

/** The whole answer to a batch at the test clock's time, with empty lists where a test names none. */
const batchAnswer = (lists: Partial<EventsBatchResponse>): EventsBatchResponse => ({
  accepted: [],
  duplicates: [],
  conflicts: [],
  serverTime: '2026-11-20T12:00:00.000Z',
  ...lists,
});

describe.each(backends)('POST /events on $name', (backend) => {
  let api: TestApi;
  beforeEach(async () => {
    api = await setupApi(backend);
  });
  afterEach(() => api.cleanup());

  const post = (body: unknown, as = 'ambassador') =>
    api.json<EventsBatchResponse & ErrorResponse>('POST', '/events', { as, body });

  it('stores a batch once however often the extension resends it', async () => {
    const batch = [makeEvent(), makeEvent({ action: 'reply', replyText: 'Same thing happened to me' })];
    const ids = batch.map((e) => e.id);
    expect(await post({ events: batch })).toEqual({ status: 200, body: batchAnswer({ accepted: ids }) });
    expect(await post({ events: batch })).toEqual({ status: 200, body: batchAnswer({ duplicates: ids }) });
    expect(await countEvents(api.db)).toBe(2);
  });

  it("takes the extension's time-ordered ids (UUIDv7) beside older random ones, each once", async () => {
    const batch = [
      makeEvent({ id: eventId(Date.parse('2026-11-20T11:59:00Z')) }),
      makeEvent(),
      makeEvent({ id: eventId(Date.parse('2026-11-20T11:59:01Z')) }),
    ];
    const ids = batch.map((e) => e.id);
    expect(await post({ events: batch })).toEqual({ status: 200, body: batchAnswer({ accepted: ids }) });
    expect(await post({ events: [...batch].reverse() })).toEqual({
      status: 200,
      body: batchAnswer({ duplicates: [...ids].reverse() }),
    });
    expect(await countEvents(api.db)).toBe(3);
  });

  it('reports only the new part of two overlapping batches', async () => {
    const e = Array.from({ length: 5 }, () => makeEvent());
    const first = await post({ events: e.slice(0, 3) });
    const second = await post({ events: e.slice(1, 5) });
    expect(first.body).toEqual(batchAnswer({ accepted: e.slice(0, 3).map((x) => x.id) }));
    expect(second.body).toEqual(
      batchAnswer({ accepted: [e[3]!.id, e[4]!.id], duplicates: [e[1]!.id, e[2]!.id] }),
    );
    expect(await countEvents(api.db)).toBe(5);
  });

  it('credits each event exactly once when overlapping batches race', async () => {
    const e = Array.from({ length: 40 }, () => makeEvent());
    const results = await Promise.all([
      post({ events: e.slice(0, 30) }),
      post({ events: e.slice(10, 40).reverse() }),
      post({ events: e.slice(5, 35) }),
      post({ events: [...e.slice(20, 40), ...e.slice(0, 20)] }),
    ]);
    const accepted = results.flatMap((r) => r.body.accepted);
    expect(accepted.sort()).toEqual(e.map((x) => x.id).sort());
    expect(await countEvents(api.db)).toBe(40);
  });

  it('treats an id repeated inside one request as a duplicate', async () => {
    const e = makeEvent();
    const res = await post({ events: [e, e] });
    expect(res.body).toEqual(batchAnswer({ accepted: [e.id], duplicates: [e.id] }));
  });

  it('answers an id another member already used as a conflict, never as a duplicate', async () => {
    const mine = makeEvent();
    expect((await post({ events: [mine] }, 'manager')).body.accepted).toEqual([mine.id]);
    const theirs = { ...makeEvent(), id: mine.id };
    const other = makeEvent();
    const res = await post({ events: [theirs, other] });
    expect(res.body).toEqual(
      batchAnswer({
        accepted: [other.id],
        conflicts: [{ id: mine.id, reason: 'foreign_id', message: expect.stringMatching(/new id/) }],
      }),
    );
    // The same member resending its own event is still a plain duplicate.
    expect((await post({ events: [mine] }, 'manager')).body).toEqual(batchAnswer({ duplicates: [mine.id] }));
    expect(await countEvents(api.db)).toBe(2);
  });

  it('treats one id spelled in upper and lower case as one id', async () => {
    const e = makeEvent();
    const upper = { ...e, id: e.id.toUpperCase() };
    expect((await post({ events: [upper] })).body).toEqual(batchAnswer({ accepted: [e.id] }));
    expect((await post({ events: [e, upper] })).body).toEqual(batchAnswer({ duplicates: [e.id, e.id] }));
    expect((await post({ events: [upper] }, 'manager')).body.conflicts).toMatchObject([
      { id: e.id, reason: 'foreign_id' },
    ]);
    expect(await countEvents(api.db)).toBe(1);
  });

  it('takes the member from the token and the received time from the server', async () => {
    const e = {
      ...makeEvent({ occurredAt: '2026-11-20T13:00:00+02:00' }),
      member: 'leo',
      receivedAt: '2000-01-01',
    };
    api.clock.advance(5000);
    await post({ events: [e] });
    const row = await api.db
      .selectFrom('events')
      .innerJoin('members', 'members.id', 'events.member_id')
      .select(['members.name', 'events.received_at', 'events.occurred_at'])
      .executeTakeFirstOrThrow();
    expect(row).toEqual({
      name: 'amber',
      received_at: '2026-11-20T12:00:05.000Z',
      occurred_at: '2026-11-20T11:00:00.000Z',
    });
  });

  it('stores nothing from a batch with one bad event and points at it', async () => {
    const events: unknown[] = [
      makeEvent(),
      makeEvent(),
      { ...makeEvent(), occurredAt: 'yesterday' },
      makeEvent(),
    ];
    const res = await post({ events, client: { pending: 4 } });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('validation_failed');
    expect(res.body.error.message).toMatch(/^events\[2\]\.occurredAt: /);
    expect(res.body.error.details?.issues?.[0]?.path).toEqual(['events', 2, 'occurredAt']);
    expect(await countEvents(api.db)).toBe(0);
    const member = await api.db
      .selectFrom('members')
      .select(['last_sync_at', 'client_pending'])
      .where('name', '=', 'amber')
      .executeTakeFirstOrThrow();
    expect(member).toEqual({ last_sync_at: null, client_pending: null });
  });

  it.each([
    [
      'wrong types',
      { events: [{ ...makeEvent(), platform: 'tiktok', targetId: 42 }] },
      ['events', 0, 'platform'],
    ],
    ['a missing events array', { client: { pending: 0 } }, ['events']],
    ['events that is not an array', { events: 'all of them' }, ['events']],
    ['a negative pending count', { events: [], client: { pending: -1 } }, ['client', 'pending']],
  ])('refuses %s with the path of the problem', async (_label, body, path) => {
    const res = await post(body);
    expect(res.status).toBe(400);
    expect(res.body.error.details?.issues?.map((i) => i.path)).toContainEqual(path);
    expect(await countEvents(api.db)).toBe(0);
  });

  it('refuses 501 events in one request', async () => {
    const res = await post({ events: Array.from({ length: 501 }, () => makeEvent()) });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/^events: .*500/);
    expect(await countEvents(api.db)).toBe(0);
    const ok = await post({ events: Array.from({ length: 500 }, () => makeEvent()) });
    expect(ok.body.accepted).toHaveLength(500);
  });

  it('stores text as sent, array syntax and the word NULL included (Postgres sends a batch as arrays)', async () => {
    const tricky = [
      makeEvent({
        action: 'reply',
        targetAuthor: 'NULL',
        replyText: '{"a,b"}\\ \'quoted\' "NULL", {} \\" ,\nnext line ✓ 😀',
        playbookId: '{}',
      }),
      makeEvent({ templateId: '"', targetAuthor: '\\' }),
    ];
    expect((await post({ events: tricky })).body.accepted).toHaveLength(2);
    const stored = await api.db
      .selectFrom('events')
      .select(['id', 'target_author', 'reply_text', 'playbook_id', 'template_id', 'conversation_id'])
      .orderBy('id')
      .execute();
    const expected = tricky
      .map((e) => ({
        id: e.id,
        target_author: e.targetAuthor ?? null,
        reply_text: e.replyText ?? null,
        playbook_id: e.playbookId ?? null,
        template_id: e.templateId ?? null,
        conversation_id: null,
      }))
      .sort((a, b) => (a.id < b.id ? -1 : 1));
    expect(stored).toEqual(expected);
  });

  it('refuses a body that is not JSON', async () => {
    const res = await api.json<ErrorResponse>('POST', '/events', {
      rawBody: '{"events": [',
      headers: { 'content-type': 'application/json' },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('invalid_json');
  });

  it('refuses a body over 1 MB, declared or not, and stores nothing', async () => {
    const big = JSON.stringify({
      events: Array.from({ length: 120 }, () => makeEvent({ replyText: 'x'.repeat(9_000) })),
    });
    expect(big.length).toBeGreaterThan(1024 * 1024);
    // No Content-Length: the server has to count the stream.
    const streamed = await api.json<ErrorResponse>('POST', '/events', { rawBody: big });
    expect(streamed.status).toBe(413);
    expect(streamed.body.error.code).toBe('payload_too_large');
    const declared = await api.json<ErrorResponse>('POST', '/events', {
      rawBody: '{}',
      headers: { 'content-length': String(2 * 1024 * 1024) },
    });
    expect(declared.status).toBe(413);
    expect(await countEvents(api.db)).toBe(0);
  });

  it('keeps the extension report for the team view, heartbeats included', async () => {
    await post({ events: [], client: { pending: 7, lastError: 'Server unreachable', version: '0.1.0' } });
    const m = await api.db
      .selectFrom('members')
      .select(['last_sync_at', 'client_pending', 'client_last_error', 'client_version'])
      .where('name', '=', 'amber')
      .executeTakeFirstOrThrow();
    expect(m).toEqual({
      last_sync_at: '2026-11-20T12:00:00.000Z',
      client_pending: 7,
      client_last_error: 'Server unreachable',
      client_version: '0.1.0',
    });
  });
});

describe.each(backends)('rate limit on $name', (backend) => {
  let api: TestApi;
  beforeEach(async () => {
    api = await setupApi(backend, { rateLimit: { capacity: 3, refillPerSecond: 0.5 } });
  });
  afterEach(() => api.cleanup());

  it('answers 429 with Retry-After once a token spends its burst, per token', async () => {
    for (let i = 0; i < 3; i++) expect((await api.req('GET', '/me')).status).toBe(200);
    const limited = await api.req('GET', '/me');
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('2');
    expect(((await limited.json()) as ErrorResponse).error.code).toBe('rate_limited');
    // Someone else's token has its own bucket.
    expect((await api.req('GET', '/me', { as: 'manager' })).status).toBe(200);
    api.clock.advance(2000);
    expect((await api.req('GET', '/me')).status).toBe(200);
    expect((await api.req('GET', '/me')).status).toBe(429);
  });
});
