// @vitest-environment node
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createApp } from '../../../server/app';
import { addMember } from '../../../server/core/members';
import { backends, makeThread, setupApi, type TestApi } from './helpers';

/** Answers carry tokens and member data: no cache may keep them, no browser may sniff them. */
function expectSafeHeaders(res: Response, what: string) {
  expect({
    what,
    cache: res.headers.get('cache-control'),
    sniff: res.headers.get('x-content-type-options'),
  }).toEqual({
    what,
    cache: 'no-store',
    sniff: 'nosniff',
  });
}

describe.each(backends)('headers on every answer on $name', (backend) => {
  let api: TestApi;
  beforeAll(async () => {
    api = await setupApi(backend);
  });
  afterAll(() => api.cleanup());

  it('no-store and nosniff on successes, errors of every kind, streams, 304s and preflights', async () => {
    const thread = await api.req('POST', '/threads', { as: 'manager', body: makeThread() });
    expect(thread.status).toBe(201);
    expectSafeHeaders(thread, '201');
    const member = await api.req('POST', '/members', {
      as: 'lead',
      body: { name: 'nora', role: 'ambassador' },
    });
    expect(member.status).toBe(201); // the answer that carries a new token
    expectSafeHeaders(member, 'new token');
    const list = await api.req('GET', '/threads', { as: 'ambassador' });
    expectSafeHeaders(list, '200');
    const etag = list.headers.get('etag');
    const notModified = await api.req('GET', '/threads', {
      as: 'lead',
      headers: { 'if-none-match': etag ?? '' },
    });
    expect(notModified.status).toBe(304);
    expectSafeHeaders(notModified, '304');
    const exported = await api.req('GET', '/export?format=csv', { as: 'lead' });
    expect(exported.status).toBe(200);
    await exported.text();
    expectSafeHeaders(exported, 'export stream');

    const errors: [number, Response][] = [
      [400, await api.req('POST', '/events', { as: 'manager', body: { events: 'no' } })],
      [
        400,
        await api.req('POST', '/events', {
          as: 'manager',
          rawBody: '{',
          headers: { 'content-type': 'application/json' },
        }),
      ],
      [401, await api.req('GET', '/me', { as: 'none' })],
      [401, await api.req('GET', '/me', { as: 'bad' })],
      [403, await api.req('GET', '/members', { as: 'manager' })],
      [404, await api.req('GET', '/no-such-route', { as: 'lead' })],
      [413, await api.req('POST', '/events', { as: 'manager', rawBody: 'x'.repeat(1024 * 1024 + 1) })],
    ];
    for (const [status, res] of errors) {
      expect(res.status).toBe(status);
      expectSafeHeaders(res, String(status));
    }
    const tight = await setupApi(backend, { rateLimit: { capacity: 1, refillPerSecond: 0.001 } });
    await tight.req('GET', '/me');
    const limited = await tight.req('GET', '/me');
    await tight.cleanup();
    expect(limited.status).toBe(429);
    expectSafeHeaders(limited, '429');
    expectSafeHeaders(await api.req('GET', '/health', { as: 'none' }), 'health');
    const preflight = await api.req('OPTIONS', '/events', {
      as: 'none',
      headers: { origin: 'chrome-extension://abc', 'access-control-request-method': 'POST' },
    });
    expect(preflight.status).toBe(204);
    expectSafeHeaders(preflight, 'preflight');
  });

  it('no-store and nosniff on a 500 too', async () => {
    const opened = await backend.open();
    const { token } = await addMember(opened.db, { name: 'x', role: 'lead' }, new Date());
    const app = createApp({ db: opened.db, rateLimit: false, authFailureLimit: false });
    await opened.cleanup(); // the database goes away under the app: every query fails
    const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const res = await app.request('/api/v1/me', { headers: { authorization: `Bearer ${token}` } });
    expect(logged).toHaveBeenCalledOnce(); // the stack goes to the log, not to the client
    logged.mockRestore();
    expect(res.status).toBe(500);
    expectSafeHeaders(res, '500');
  });
});
