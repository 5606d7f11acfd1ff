// @vitest-environment node
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TrackedThread } from '../../../lib/schemas/thread';
import { backends, countEvents, makeEvent, makeThread, setupApi, type TestApi } from './helpers';

// Issue 9, defect 1: ISO text that is valid on the way in but does not read back after conversion to
// UTC used to be stored, after which the whole team's thread list and activity answered 500.
const UNSTORABLE = [
  '0000-01-01T00:30:00+01:00',
  '0000-01-01T00:00:00Z',
  '9999-12-31T23:30:00-01:00',
  '9999-12-31T23:59:59.999Z',
] as const;

describe.each(backends)('timestamps that would not read back, on $name', (backend) => {
  let api: TestApi;
  beforeEach(async () => {
    api = await setupApi(backend);
  });
  afterEach(() => api.cleanup());

  const teamStillReads = async (canonicalId: string) => {
    expect((await api.req('GET', '/threads')).status).toBe(200);
    expect((await api.req('GET', `/activity?platform=x&ids=${canonicalId}`)).status).toBe(200);
    expect((await api.req('GET', '/team/status', { as: 'manager' })).status).toBe(200);
    expect((await api.req('GET', '/export?format=csv', { as: 'lead' })).status).toBe(200);
  };

  it.each(UNSTORABLE)('refuses a reply dated %s and the thread list keeps answering', async (occurredAt) => {
    const thread = makeThread();
    expect((await api.req('POST', '/threads', { as: 'manager', body: thread })).status).toBe(201);
    const reply = makeEvent({ action: 'reply', targetId: thread.canonicalId, occurredAt });
    const res = await api.json<{ error: { code: string; message: string } }>('POST', '/events', {
      body: { events: [reply] },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/^events\[0\]\.occurredAt: /);
    expect(await countEvents(api.db)).toBe(0);
    await teamStillReads(thread.canonicalId);
  });

  it.each(UNSTORABLE)(
    'refuses a thread due %s without committing it, so a retry is not a 409',
    async (slaDueAt) => {
      const thread = makeThread({ slaDueAt });
      const res = await api.req('POST', '/threads', { as: 'manager', body: thread });
      expect(res.status).toBe(400);
      await teamStillReads(thread.canonicalId);
      const retry = await api.json<TrackedThread>('POST', '/threads', {
        as: 'manager',
        body: { ...thread, slaDueAt: '2026-11-21T12:00:00+03:00' },
      });
      expect(retry.status).toBe(201);
      expect(retry.body.slaDueAt).toBe('2026-11-21T09:00:00.000Z');

      const patched = await api.req('PATCH', `/threads/${retry.body.id}`, {
        as: 'manager',
        body: { slaDueAt },
      });
      expect(patched.status).toBe(400);
      const list = await api.json<{ threads: TrackedThread[] }>('GET', '/threads');
      expect(list.body.threads.map((t) => t.slaDueAt)).toEqual(['2026-11-21T09:00:00.000Z']);
    },
  );

  it('stores an in-range instant in UTC whatever offset it was written with', async () => {
    const thread = makeThread();
    await api.req('POST', '/threads', { as: 'manager', body: thread });
    const reply = makeEvent({
      action: 'reply',
      targetId: thread.canonicalId,
      occurredAt: '2026-11-21T01:00:00.5+14:00',
    });
    expect((await api.req('POST', '/events', { body: { events: [reply] } })).status).toBe(200);
    const list = await api.json<{ threads: TrackedThread[] }>('GET', '/threads');
    expect(list.body.threads[0]?.firstReplyAt).toBe('2026-11-20T11:00:00.500Z');
  });
});
