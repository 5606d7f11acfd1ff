// @vitest-environment node
import { describe, expect, it, vi } from 'vitest';
import { createHandlers, dispatch } from '../../../lib/background/handlers';
import type { TrackedThread } from '../../../lib/schemas/thread';
import { createSyncEngine } from '../../../lib/sync/engine';
import { freshDbs } from '../storage/fresh-db';
import { fakeServer } from '../sync/fake-server';

const { fresh } = freshDbs('rt-h');

const teamThread: TrackedThread = {
  id: 'c0000000-0000-4000-8000-000000000001',
  platform: 'x',
  url: 'https://x.com/anya_k_crypto/status/1879310995562209408',
  canonicalId: '1879310995562209408',
  category: 'trust_doubt',
  priority: 'high',
  note: '',
  status: 'open',
  slaDueAt: '2026-11-21T10:00:00.000Z',
  createdBy: 'maria',
  createdAt: '2026-11-20T09:00:00.000Z',
  updatedAt: '2026-11-20T09:00:00.000Z',
  origin: 'server',
};
const localInput = {
  platform: 'x' as const,
  url: 'https://x.com/angry_trader/status/1850000000000000001',
  canonicalId: '1850000000000000001',
  category: 'support_needed' as const,
};

function setup(role: 'ambassador' | 'manager' = 'ambassador') {
  const db = fresh();
  const server = fakeServer({ role });
  server.addThread(teamThread);
  const sync = createSyncEngine({ db, fetch: server.fetch });
  const syncSoon = vi.fn();
  const handlers = createHandlers({ db, sync, syncSoon });
  return { db, server, sync, handlers, syncSoon };
}

describe('background requests with a team server', () => {
  it("lists my local threads until I connect, then the team's instead, and mine again after", async () => {
    const { handlers } = setup();
    await dispatch(handlers, { type: 'track-thread', thread: localInput });
    const ids = async () =>
      (
        (await dispatch(handlers, { type: 'tracked-list' })) as { data: { threads: TrackedThread[] } }
      ).data.threads.map((t) => t.canonicalId);
    expect(await ids()).toEqual([localInput.canonicalId]);

    await dispatch(handlers, { type: 'connect', serverUrl: 'https://replies.example.org', token: 'rt_good' });
    await dispatch(handlers, { type: 'sync-now' });
    expect(await ids()).toEqual([teamThread.canonicalId]);

    await dispatch(handlers, { type: 'disconnect' });
    expect(await ids()).toEqual([localInput.canonicalId]);
  });

  it('tells a connected ambassador that only a manager tracks threads for the team', async () => {
    const { handlers } = setup('ambassador');
    await dispatch(handlers, { type: 'connect', serverUrl: 'https://replies.example.org', token: 'rt_good' });
    expect(await dispatch(handlers, { type: 'track-thread', thread: localInput })).toEqual({
      ok: false,
      error: 'Only a manager can track threads for the team.',
    });
  });

  it('asks for a sync soon after a new event, not after a repeat', async () => {
    const { handlers, syncSoon } = setup();
    const action = {
      platform: 'x' as const,
      action: 'like' as const,
      targetId: '1850000000000000001',
      pageUrl: 'https://x.com/angry_trader/status/1850000000000000001',
      occurredAt: '2026-11-20T10:00:00.000Z',
      source: 'network' as const,
      dedupeKey: 'x:like:1',
    };
    await dispatch(handlers, { type: 'log-action', action });
    await dispatch(handlers, { type: 'log-action', action });
    expect(syncSoon).toHaveBeenCalledOnce();
  });

  it('answers connection problems in plain words, never as a database error', async () => {
    const { handlers, server } = setup();
    server.next('GET /api/v1/me', 'network-error');
    const reply = await dispatch(handlers, {
      type: 'connect',
      serverUrl: 'https://replies.example.org',
      token: 'rt_good',
    });
    expect(reply).toMatchObject({
      ok: false,
      error: expect.stringMatching(/^Can't reach https:\/\/replies\.example\.org/),
    });
  });
});
