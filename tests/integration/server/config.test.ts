// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { createApp, originAllowed } from '../../../server/app';
import { parseDatabaseUrl } from '../../../server/db/connect';
import { backends } from './helpers';

describe('DATABASE_URL', () => {
  it.each([
    [undefined, { kind: 'sqlite', path: 'data/reply-tracker.sqlite' }],
    ['', { kind: 'sqlite', path: 'data/reply-tracker.sqlite' }],
    ['file:./tmp/rt.sqlite', { kind: 'sqlite', path: './tmp/rt.sqlite' }],
    ['file:///var/lib/rt/db.sqlite', { kind: 'sqlite', path: '/var/lib/rt/db.sqlite' }],
    ['/srv/rt.sqlite', { kind: 'sqlite', path: '/srv/rt.sqlite' }],
    ['postgres://rt@db:5432/rt', { kind: 'postgres', url: 'postgres://rt@db:5432/rt' }],
    ['postgresql://rt@db/rt', { kind: 'postgres', url: 'postgresql://rt@db/rt' }],
  ])('%j -> %j', (url, target) => {
    expect(parseDatabaseUrl(url)).toEqual(target);
  });
});

describe('allowed origins', () => {
  it.each([
    ['chrome-extension://abc', ['chrome-extension://*'], true],
    ['moz-extension://4f1c-9a', ['chrome-extension://*', 'moz-extension://*'], true],
    ['chrome-extension://abc', ['chrome-extension://abc'], true],
    ['chrome-extension://abd', ['chrome-extension://abc'], false],
    ['https://x.com', ['chrome-extension://*', 'moz-extension://*'], false],
    ['https://chrome-extension.example', ['chrome-extension://*'], false],
  ])('%s allowed by %j: %s', (origin, allowed, ok) => {
    expect(originAllowed(origin, allowed)).toBe(ok);
  });
});

describe.each(backends)('failures on $name', (backend) => {
  it('answers 500 without internals, and health says the database is down', async () => {
    const { db, cleanup } = await backend.open();
    const app = createApp({ db, rateLimit: false });
    await cleanup();
    const errors: unknown[] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => errors.push(args);
    try {
      const res = await app.request('/api/v1/me', {
        headers: { authorization: `Bearer rt_${'A'.repeat(43)}` },
      });
      expect(res.status).toBe(500);
      expect(await res.json()).toEqual({ error: { code: 'internal', message: 'Internal server error' } });
      const health = await app.request('/api/v1/health');
      expect(health.status).toBe(503);
      expect(await health.json()).toEqual({ ok: false, db: 'error' });
    } finally {
      console.error = original;
    }
    expect(errors.length).toBeGreaterThan(0);
  });
});
