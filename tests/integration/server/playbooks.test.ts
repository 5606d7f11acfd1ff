// @vitest-environment node
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PlaybooksDocument } from '../../../lib/schemas/api';
import { backends, setupApi, type TestApi } from './helpers';

describe.each(backends)('playbooks on $name', (backend) => {
  let api: TestApi;
  beforeEach(async () => {
    api = await setupApi(backend);
  });
  afterEach(() => api.cleanup());

  const put = (content: unknown, ifMatch?: string) =>
    api.json<PlaybooksDocument & { error: { code: string; details: unknown } }>('PUT', '/playbooks', {
      as: 'manager',
      body: { content },
      headers: ifMatch ? { 'if-match': ifMatch } : {},
    });

  it('starts from an empty version 0 that everyone can read', async () => {
    const res = await api.req('GET', '/playbooks');
    expect(res.headers.get('etag')).toBe('"0"');
    expect(await res.json()).toEqual({
      version: 0,
      updatedAt: '1970-01-01T00:00:00.000Z',
      updatedBy: 'system',
      content: {},
    });
  });

  it('bumps the version on each save and refuses a save based on an old version', async () => {
    const v1 = await put({ support_needed: { approach: 'Point to support, never ask for account data' } });
    expect(v1.body).toMatchObject({ version: 1, updatedBy: 'mona', updatedAt: '2026-11-20T12:00:00.000Z' });

    const v2 = await put({ support_needed: { approach: 'v2' } }, '"1"');
    expect(v2.status).toBe(200);
    expect(v2.body.version).toBe(2);

    const stale = await put({ support_needed: { approach: 'stale edit' } }, '"1"');
    expect(stale.status).toBe(409);
    expect(stale.body.error).toMatchObject({ code: 'conflict', details: { currentVersion: 2 } });

    const read = await api.json<PlaybooksDocument>('GET', '/playbooks', { as: 'ambassador' });
    expect(read.body).toMatchObject({ version: 2, content: { support_needed: { approach: 'v2' } } });

    // Without If-Match the last writer wins, as the simple editor expects.
    expect((await put({ x: 1 })).body.version).toBe(3);
  });

  it('refuses content that is not an object and a malformed If-Match', async () => {
    expect((await put(['a', 'list'])).status).toBe(400);
    expect((await put({}, 'yesterday')).status).toBe(400);
    expect((await api.json<PlaybooksDocument>('GET', '/playbooks')).body.version).toBe(0);
  });
});
