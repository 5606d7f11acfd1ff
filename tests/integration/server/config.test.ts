// @vitest-environment node
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { createApp, originAllowed } from '../../../server/app';
import { parseDatabaseUrl } from '../../../server/db/connect';
import { openCorsWarning, startServer } from '../../../server/server';
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

describe('start-up without ALLOWED_ORIGINS', () => {
  const start = async (allowedOrigins?: string[]) => {
    const dir = mkdtempSync(join(tmpdir(), 'rt-cors-'));
    const log: string[] = [];
    const server = await startServer({
      database: { kind: 'sqlite', path: join(dir, 'db.sqlite') },
      port: 0,
      host: '127.0.0.1',
      retrainEveryHours: 0,
      ...(allowedOrigins && { allowedOrigins }),
      log: (line) => log.push(line),
    });
    await server.close();
    rmSync(dir, { recursive: true, force: true });
    return log.join('\n');
  };

  it('warns loudly that any extension origin is accepted, and says how to fix it', async () => {
    const log = await start();
    expect(log).toContain('WARNING: ALLOWED_ORIGINS is not set, so CORS accepts ANY browser extension');
    expect(log).toContain('chrome-extension://*, moz-extension://*');
    expect(log).toContain('set ALLOWED_ORIGINS=chrome-extension://<your published extension id>');
  });

  it('says nothing of the kind once the origins are set', async () => {
    expect(await start(['chrome-extension://abcdefghijklmnopabcdefghijklmnop'])).not.toContain(
      'ALLOWED_ORIGINS',
    );
  });

  it('writes the warning to stderr when no log is given', async () => {
    const warned = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const said = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    const dir = mkdtempSync(join(tmpdir(), 'rt-cors-'));
    const server = await startServer({
      database: { kind: 'sqlite', path: join(dir, 'db.sqlite') },
      port: 0,
      host: '127.0.0.1',
      retrainEveryHours: 0,
    });
    await server.close();
    rmSync(dir, { recursive: true, force: true });
    expect(warned.mock.calls.flat().join('\n')).toContain(openCorsWarning());
    expect(said.mock.calls.flat().join('\n')).not.toContain('ALLOWED_ORIGINS');
    warned.mockRestore();
    said.mockRestore();
  });
});
