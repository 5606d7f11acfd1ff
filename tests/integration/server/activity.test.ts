// @vitest-environment node
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MAX_TEAM_ACTIVITY, type TeamActivityResponse } from '../../../lib/schemas/api';
import { backends, makeEvent, setupApi, statusId, type TestApi } from './helpers';

interface ErrorResponse {
  error: { code: string; message: string };
}

describe.each(backends)('GET /activity on $name', (backend) => {
  let api: TestApi;
  beforeEach(async () => {
    api = await setupApi(backend);
  });
  afterEach(() => api.cleanup());

  const post = (events: ReturnType<typeof makeEvent>[], as: string) =>
    api.json('POST', '/events', { as, body: { events } });
  const get = (query: string, as = 'ambassador') =>
    api.json<TeamActivityResponse & ErrorResponse>('GET', `/activity?${query}`, { as });

  it('shows any member who replied or liked in a thread, and what they said, newest first', async () => {
    const root = statusId();
    const reply = statusId();
    const elsewhere = statusId();
    await post(
      [
        makeEvent({
          action: 'reply',
          targetId: root,
          conversationId: root,
          replyId: statusId(),
          replyText: 'Had the same in November, the in-app ticket fixed it',
          occurredAt: '2026-11-20T10:00:00.000Z',
        }),
        makeEvent({ action: 'like', targetId: elsewhere, occurredAt: '2026-11-20T10:30:00.000Z' }),
      ],
      'manager',
    );
    await post(
      [
        // A like on a reply inside the conversation counts as activity in the thread.
        makeEvent({
          action: 'like',
          targetId: reply,
          conversationId: root,
          occurredAt: '2026-11-20T11:00:00.000Z',
          category: 'trust_doubt',
        }),
      ],
      'lead',
    );

    const res = await get(`platform=x&ids=${root}`);
    expect(res.status).toBe(200);
    expect(res.body.events).toEqual([
      expect.objectContaining({
        member: api.names.lead,
        action: 'like',
        targetId: reply,
        conversationId: root,
      }),
      expect.objectContaining({
        member: api.names.manager,
        action: 'reply',
        targetId: root,
        replyText: 'Had the same in November, the in-app ticket fixed it',
      }),
    ]);
    // Only what the thread itself shows: no page URLs, categories or sources.
    expect(Object.keys(res.body.events[0]!).sort()).toEqual(
      ['action', 'conversationId', 'id', 'member', 'occurredAt', 'platform', 'targetId'].sort(),
    );

    // Several ids at once; a YouTube id never matches an X thread.
    const both = await get(`platform=x&ids=${root},${elsewhere}`);
    expect(both.body.events).toHaveLength(3);
    expect((await get(`platform=youtube&ids=${root}`)).body.events).toEqual([]);
  });

  it(`returns at most ${MAX_TEAM_ACTIVITY} events`, async () => {
    const root = statusId();
    const many = Array.from({ length: MAX_TEAM_ACTIVITY + 5 }, (_, i) =>
      makeEvent({
        targetId: statusId(),
        conversationId: root,
        occurredAt: new Date(Date.UTC(2026, 10, 1, 0, i)).toISOString(),
      }),
    );
    await post(many, 'ambassador');
    const res = await get(`platform=x&ids=${root}`);
    expect(res.body.events).toHaveLength(MAX_TEAM_ACTIVITY);
    expect(res.body.events[0]!.occurredAt).toBe(many.at(-1)!.occurredAt);
  });

  it.each([
    ['no ids', 'platform=x'],
    ['an empty list', 'platform=x&ids=,,'],
    ['an unknown platform', 'platform=tiktok&ids=1'],
    ['an id that is not an id', 'platform=x&ids=1;DROP'],
    ['too many ids', `platform=x&ids=${Array.from({ length: 21 }, (_, i) => i + 1).join(',')}`],
  ])('refuses %s', async (_, query) => {
    const res = await get(query);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('validation_failed');
  });

  it('needs a valid token', async () => {
    expect((await get('platform=x&ids=1', 'none')).status).toBe(401);
    expect((await get('platform=x&ids=1', 'revoked')).status).toBe(401);
  });
});
