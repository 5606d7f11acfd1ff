// @vitest-environment node
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ThreadsListResponse } from '../../../lib/schemas/api';
import type { TrackedThread } from '../../../lib/schemas/thread';
import { backends, makeEvent, makeThread, sendAsItHappened, setupApi, type TestApi } from './helpers';

describe.each(backends)('tracked threads on $name', (backend) => {
  let api: TestApi;
  beforeEach(async () => {
    api = await setupApi(backend);
  });
  afterEach(() => api.cleanup());

  const track = async (overrides: Parameters<typeof makeThread>[0] = {}) => {
    const res = await api.json<TrackedThread>('POST', '/threads', {
      as: 'manager',
      body: makeThread(overrides),
    });
    expect(res.status).toBe(201);
    return res.body;
  };
  const list = (since?: string) =>
    api.json<ThreadsListResponse>('GET', since ? `/threads?since=${since}` : '/threads');
  const logEvents = (...events: ReturnType<typeof makeEvent>[]) =>
    api.json('POST', '/events', { body: { events } });

  it('fills priority and SLA from the category and records who tracked it', async () => {
    const t = await track({ category: 'incident_complaint', excerpt: 'Withdrawals stuck for 3 days??' });
    expect(t).toMatchObject({
      category: 'incident_complaint',
      priority: 'urgent',
      slaDueAt: '2026-11-20T16:00:00.000Z',
      status: 'open',
      note: '',
      createdBy: 'mona',
      createdAt: '2026-11-20T12:00:00.000Z',
      origin: 'server',
    });
    const explicit = await track({
      category: 'trolling',
      priority: 'high',
      slaDueAt: '2026-11-21T09:00:00+01:00',
    });
    expect(explicit).toMatchObject({ priority: 'high', slaDueAt: '2026-11-21T08:00:00.000Z' });
  });

  it('answers 409 for a post already tracked on that platform, and allows it on another', async () => {
    const t = await track({
      canonicalId: 'dQw4w9WgXcQ',
      platform: 'youtube',
      url: 'https://youtube.com/watch?v=dQw4w9WgXcQ',
    });
    const again = await api.json<{ error: { code: string; details: { id: string } } }>('POST', '/threads', {
      as: 'manager',
      body: makeThread({
        canonicalId: 'dQw4w9WgXcQ',
        platform: 'youtube',
        url: 'https://youtube.com/watch?v=dQw4w9WgXcQ',
      }),
    });
    expect(again.status).toBe(409);
    expect(again.body.error).toMatchObject({ code: 'conflict', details: { id: t.id } });
    await track({ canonicalId: 'dQw4w9WgXcQ' });
  });

  it('patches what a manager may change and refuses nonsense', async () => {
    const t = await track();
    api.clock.advance(60_000);
    const res = await api.json<TrackedThread>('PATCH', `/threads/${t.id}`, {
      as: 'manager',
      body: { status: 'closed', note: 'Handled by support', priority: 'low' },
    });
    expect(res.body).toMatchObject({
      status: 'closed',
      note: 'Handled by support',
      priority: 'low',
      updatedAt: '2026-11-20T12:01:00.000Z',
    });
    expect((await api.req('PATCH', `/threads/${t.id}`, { as: 'manager', body: {} })).status).toBe(400);
    expect(
      (await api.req('PATCH', `/threads/${t.id}`, { as: 'manager', body: { status: 'gone' } })).status,
    ).toBe(400);
    expect(
      (await api.req('PATCH', `/threads/${randomUUID()}`, { as: 'manager', body: { note: 'x' } })).status,
    ).toBe(404);
    expect(
      (await api.req('PATCH', '/threads/not-a-uuid', { as: 'manager', body: { note: 'x' } })).status,
    ).toBe(404);
  });

  it('lets an ambassador poll cheaply: since-cursor returns only changes, ETag answers 304', async () => {
    const a = await track();
    const b = await track();
    const all = await list();
    expect(all.body.threads.map((t) => t.id)).toEqual([a.id, b.id]);

    const quiet = await list(all.body.cursor);
    expect(quiet.body).toEqual({ threads: [], cursor: all.body.cursor });

    await api.req('PATCH', `/threads/${a.id}`, { as: 'manager', body: { note: 'Go easy, first-time user' } });
    const changed = await list(all.body.cursor);
    expect(changed.body.threads.map((t) => [t.id, t.note])).toEqual([[a.id, 'Go easy, first-time user']]);
    expect(Number(changed.body.cursor)).toBeGreaterThan(Number(all.body.cursor));

    const first = await api.req('GET', '/threads');
    const etag = first.headers.get('etag')!;
    expect(etag).toMatch(/^".+"$/);
    const same = await api.req('GET', '/threads', { headers: { 'if-none-match': etag } });
    expect(same.status).toBe(304);
    expect(await same.text()).toBe('');
    const weak = await api.req('GET', '/threads', { headers: { 'if-none-match': `"other", W/${etag}` } });
    expect(weak.status).toBe(304);

    await track();
    const after = await api.req('GET', '/threads', { headers: { 'if-none-match': etag } });
    expect(after.status).toBe(200);
    expect(((await after.json()) as ThreadsListResponse).threads).toHaveLength(3);
  });

  it('starts a client over when its cursor is from another database', async () => {
    await track();
    const res = await list('999999');
    expect(res.body.threads).toHaveLength(1);
    expect((await api.req('GET', '/threads?since=abc')).status).toBe(400);
  });

  it('derives first reply and who replied from events, and marks the thread answered', async () => {
    const t = await track();
    await logEvents(makeEvent({ targetId: t.canonicalId, action: 'like' }));
    expect((await list()).body.threads[0]).toMatchObject({ status: 'open' });
    expect((await list()).body.threads[0]?.firstReplyAt).toBeUndefined();

    const cursor = (await list()).body.cursor;
    await logEvents(
      makeEvent({ targetId: t.canonicalId, action: 'reply', occurredAt: '2026-11-20T11:30:00.000Z' }),
    );
    const changed = await list(cursor);
    expect(changed.body.threads).toHaveLength(1);
    expect(changed.body.threads[0]).toMatchObject({
      status: 'answered',
      firstReplyAt: '2026-11-20T11:30:00.000Z',
      repliedBy: ['amber'],
    });

    // A reply deeper in the conversation counts via conversationId; an earlier one moves firstReplyAt back.
    await sendAsItHappened(
      api,
      [
        makeEvent({
          targetId: '1111',
          conversationId: t.canonicalId,
          action: 'reply',
          occurredAt: '2026-11-20T10:00:00.000Z',
        }),
      ],
      'manager',
    );
    expect((await list()).body.threads[0]).toMatchObject({
      firstReplyAt: '2026-11-20T10:00:00.000Z',
      repliedBy: ['mona', 'amber'],
    });
  });

  it('keeps a closed thread closed when a late reply arrives', async () => {
    const t = await track();
    await api.req('PATCH', `/threads/${t.id}`, { as: 'manager', body: { status: 'closed' } });
    await logEvents(makeEvent({ targetId: t.canonicalId, action: 'reply' }));
    expect((await list()).body.threads[0]).toMatchObject({ status: 'closed', repliedBy: ['amber'] });
  });

  it('credits replies logged before the thread was tracked', async () => {
    const video = 'aBcDeFgHiJk';
    await sendAsItHappened(api, [
      makeEvent({
        platform: 'youtube',
        action: 'comment',
        targetId: video,
        pageUrl: `https://www.youtube.com/watch?v=${video}`,
        occurredAt: '2026-11-19T08:00:00.000Z',
      }),
    ]);
    const t = await track({
      platform: 'youtube',
      canonicalId: video,
      url: `https://www.youtube.com/watch?v=${video}`,
    });
    expect(t).toMatchObject({
      status: 'answered',
      firstReplyAt: '2026-11-19T08:00:00.000Z',
      repliedBy: ['amber'],
    });
  });
});
