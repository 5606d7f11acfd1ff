// @vitest-environment node
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_PLAYBOOKS } from '../../../lib/playbooks/defaults';
import type { PlaybooksDocument } from '../../../lib/schemas/api';
import type { PlaybookContent } from '../../../lib/schemas/playbook';

/** The defaults with one playbook's goal changed: a manager's edit. */
const withGoal = (goal: string): PlaybookContent => ({
  ...DEFAULT_PLAYBOOKS,
  playbooks: {
    ...DEFAULT_PLAYBOOKS.playbooks,
    support_needed: { ...DEFAULT_PLAYBOOKS.playbooks.support_needed, goal },
  },
});

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
    const v1 = await put(withGoal('Point to support, never ask for account data'));
    expect(v1.body).toMatchObject({ version: 1, updatedBy: 'mona', updatedAt: '2026-11-20T12:00:00.000Z' });

    const v2 = await put(withGoal('v2'), '"1"');
    expect(v2.status).toBe(200);
    expect(v2.body.version).toBe(2);

    const stale = await put(withGoal('stale edit'), '"1"');
    expect(stale.status).toBe(409);
    expect(stale.body.error).toMatchObject({ code: 'conflict', details: { currentVersion: 2 } });

    const read = await api.json<PlaybooksDocument>('GET', '/playbooks', { as: 'ambassador' });
    expect(read.body).toMatchObject({
      version: 2,
      content: { playbooks: { support_needed: { goal: 'v2' } } },
    });

    // Without If-Match the last writer wins, as the issue's simple editor expects.
    expect((await put(DEFAULT_PLAYBOOKS)).body.version).toBe(3);
  });

  it('refuses content that is not an object and a malformed If-Match', async () => {
    expect((await put(['a', 'list'])).status).toBe(400);
    expect((await put(DEFAULT_PLAYBOOKS, 'yesterday')).status).toBe(400);
    expect((await api.json<PlaybooksDocument>('GET', '/playbooks')).body.version).toBe(0);
  });

  it('refuses a document that does not validate, saying where, and keeps the current version', async () => {
    const bad = structuredClone(DEFAULT_PLAYBOOKS);
    bad.playbooks.trolling.templates.en![0]!.text = 'see {supportUrl}';
    bad.settings.statusUrl = 'status page';
    const res = await put(bad);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('validation_failed');
    expect(res.body.error.details).toEqual({
      issues: expect.arrayContaining([
        expect.objectContaining({ path: ['content', 'playbooks', 'trolling', 'templates', 'en', 0, 'text'] }),
        expect.objectContaining({ path: ['content', 'settings', 'statusUrl'] }),
      ]),
    });
    expect((await put({})).status).toBe(400);
    expect((await api.json<PlaybooksDocument>('GET', '/playbooks')).body.version).toBe(0);
  });
});
