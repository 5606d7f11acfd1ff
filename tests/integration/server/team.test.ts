// @vitest-environment node
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TeamStatusResponse } from '../../../lib/schemas/api';
import { backends, FakeClock, makeEvent, sendAsItHappened, setupApi, type TestApi } from './helpers';

describe.each(backends)('team status on $name', (backend) => {
  let api: TestApi;
  beforeEach(async () => {
    api = await setupApi(backend, { clock: new FakeClock(new Date('2026-11-20T18:00:00.000Z')) });
  });
  afterEach(() => api.cleanup());

  it("shows each active member's last sync, today's and this month's events, and what the extension reported", async () => {
    await sendAsItHappened(api, [
      makeEvent({ occurredAt: '2026-11-20T09:00:00.000Z' }),
      makeEvent({ occurredAt: '2026-11-20T00:00:00.000Z', action: 'reply' }),
      makeEvent({ occurredAt: '2026-11-19T23:59:59.999Z' }),
      makeEvent({ occurredAt: '2026-11-01T00:00:00.000Z' }),
      makeEvent({ occurredAt: '2026-10-31T23:59:59.000Z' }),
    ]);
    await api.req('POST', '/events', {
      body: { events: [], client: { pending: 2, lastError: 'HTTP 503 from server', version: '0.1.0' } },
    });
    api.clock.advance(60_000);
    await api.req('POST', '/events', { as: 'manager', body: { events: [], client: { pending: 0 } } });

    const res = await api.json<TeamStatusResponse>('GET', '/team/status', { as: 'manager' });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      generatedAt: '2026-11-20T18:01:00.000Z',
      members: [
        {
          name: 'amber',
          role: 'ambassador',
          lastSyncAt: '2026-11-20T18:00:00.000Z',
          eventsToday: 2,
          eventsThisMonth: 4,
          actionsToday: 2,
          actionsThisMonth: 4,
          pending: 2,
          lastError: 'HTTP 503 from server',
          clientVersion: '0.1.0',
          joinedAt: '2026-11-20T18:00:00.000Z',
        },
        // Joined with the others; the popup tells new from silent by it.
        {
          name: 'leo',
          role: 'lead',
          eventsToday: 0,
          eventsThisMonth: 0,
          actionsToday: 0,
          actionsThisMonth: 0,
          joinedAt: '2026-11-20T18:00:00.000Z',
        },
        {
          name: 'mona',
          role: 'manager',
          lastSyncAt: '2026-11-20T18:01:00.000Z',
          eventsToday: 0,
          eventsThisMonth: 0,
          actionsToday: 0,
          actionsThisMonth: 0,
          pending: 0,
          joinedAt: '2026-11-20T18:00:00.000Z',
        },
      ],
    });
  });

  it('clears the last error once the extension reports none', async () => {
    await api.req('POST', '/events', { body: { events: [], client: { pending: 1, lastError: 'offline' } } });
    await api.req('POST', '/events', { body: { events: [], client: { pending: 0 } } });
    const res = await api.json<TeamStatusResponse>('GET', '/team/status', { as: 'lead' });
    expect(res.body.members.find((m) => m.name === 'amber')).not.toHaveProperty('lastError');
  });
});
