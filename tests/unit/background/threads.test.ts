// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { createThreadSource } from '@/lib/background/threads';
import type { NewTrackedThread, TrackedThread } from '@/lib/schemas/thread';
import type { ReplyTrackerDB } from '@/lib/storage/db';
import { createLocalThreads, type ThreadRepository } from '@/lib/storage/threads';
import { createSyncEngine } from '@/lib/sync/engine';
import { freshDbs } from '../storage/fresh-db';
import { type FakeServer, fakeServer } from '../sync/fake-server';

const { fresh } = freshDbs('rt-threads');
const NOW = new Date('2026-11-20T10:00:00.000Z');
const SERVER = 'https://replies.example.org';

const input = (over: Partial<NewTrackedThread> = {}): NewTrackedThread => ({
  platform: 'x',
  url: 'https://x.com/angry_trader/status/1850000000000000001',
  canonicalId: '1850000000000000001',
  category: 'support_needed',
  ...over,
});

/** A team server that keeps threads as the real one does: created by POST, changed by PATCH. */
function serveThreads(server: FakeServer) {
  let n = 0;
  const create = (call: { body: unknown }) => {
    const body = call.body as NewTrackedThread;
    const at = NOW.toISOString();
    const t: TrackedThread = {
      ...body,
      id: `c0000000-0000-4000-8000-${String(++n).padStart(12, '0')}`,
      priority: 'high',
      note: '',
      status: 'open',
      slaDueAt: '2026-11-21T10:00:00.000Z',
      createdBy: 'maria',
      createdAt: at,
      updatedAt: at,
      origin: 'server',
    };
    server.addThread(t);
    // Queued again for the next one: each answer is used once.
    server.next('POST /api/v1/threads', create);
    return server.json(201, t);
  };
  server.next('POST /api/v1/threads', create);
  const patch = (id: string) =>
    server.next(`PATCH /api/v1/threads/${id}`, (call) => {
      const i = server.threads.findIndex((t) => t.id === id);
      const next = { ...server.threads[i], ...(call.body as object) } as TrackedThread;
      server.threads[i] = next;
      patch(id);
      return server.json(200, next);
    });
  return { patch };
}

interface Made {
  db: ReplyTrackerDB;
  repo: ThreadRepository;
  changes: string[];
  /** Lets the team server change a thread the test created. */
  allowPatch(id: string): void;
}

const implementations: Array<[string, () => Promise<Made>]> = [
  [
    'this machine (local)',
    async () => {
      const db = fresh();
      const changes: string[] = [];
      const repo = createLocalThreads(db, { now: () => NOW, changed: () => void changes.push('threads') });
      return { db, repo, changes, allowPatch: () => undefined };
    },
  ],
  [
    "the team's (connected as a manager)",
    async () => {
      const db = fresh();
      const changes: string[] = [];
      const server = fakeServer({ role: 'manager', name: 'maria' });
      const { patch } = serveThreads(server);
      const engine = createSyncEngine({
        db,
        fetch: server.fetch,
        now: () => NOW,
        changed: (what) => void changes.push(what),
      });
      await engine.connect(SERVER, 'rt_good');
      changes.length = 0;
      return { db, repo: engine.threads, changes, allowPatch: patch };
    },
  ],
];

describe.each(implementations)('the thread repository of %s', (_, make) => {
  it('tracks a thread, lists it for its platform only, and says so to open sidebars', async () => {
    const { repo, changes } = await make();
    const t = await repo.track(input());
    expect(t).toMatchObject({ canonicalId: '1850000000000000001', status: 'open', priority: 'high' });
    expect(t.slaDueAt).toBe('2026-11-21T10:00:00.000Z');
    expect((await repo.list('x')).map((x) => x.id)).toEqual([t.id]);
    expect((await repo.list()).map((x) => x.id)).toEqual([t.id]);
    expect(await repo.list('youtube')).toEqual([]);
    expect(changes).toContain('threads');
  });

  it('changes a tracked thread and untracks it, which takes it off the list', async () => {
    const { repo, allowPatch } = await make();
    const t = await repo.track(input());
    allowPatch(t.id);
    expect(await repo.update(t.id, { note: 'Asked support to call back' })).toMatchObject({
      id: t.id,
      note: 'Asked support to call back',
    });
    expect((await repo.list('x'))[0]?.note).toBe('Asked support to call back');
    await repo.untrack(t.id);
    expect(await repo.list('x')).toEqual([]);
  });
});

describe('the local thread repository', () => {
  it("gives a new thread its category's priority and an SLA from now, and keeps one per post", async () => {
    const db = fresh();
    const repo = createLocalThreads(db, { now: () => NOW });
    const first = await repo.track(input({ category: 'trolling' }));
    expect(first).toMatchObject({ origin: 'local', createdBy: 'me', createdAt: NOW.toISOString() });
    expect(await repo.track(input())).toEqual(first);
    expect(await db.threads.count()).toBe(1);
  });

  it('refuses a change to a thread it does not have, in words', async () => {
    const repo = createLocalThreads(fresh(), { now: () => NOW });
    await expect(repo.update('c0000000-0000-4000-8000-000000000009', { note: 'x' })).rejects.toThrow(
      'No tracked thread with id c0000000-0000-4000-8000-000000000009',
    );
  });
});

describe('which threads the background serves', () => {
  it('serves the local ones until connected, the team ones while connected, the local ones again after', async () => {
    const db = fresh();
    const server = fakeServer({ role: 'ambassador' });
    const engine = createSyncEngine({ db, fetch: server.fetch, now: () => NOW });
    const threads = createThreadSource({ db, now: () => NOW, sync: engine });
    const mine = await (await threads()).track(input());
    expect(mine.origin).toBe('local');

    await engine.connect(SERVER, 'rt_good');
    const team = await threads();
    expect(team).toBe(engine.threads);
    expect(await team.list()).toEqual([]);
    // An ambassador does not track for the team: refused in words, and nothing is kept locally either.
    await expect(team.track(input({ canonicalId: '2' }))).rejects.toThrow(
      'Only a manager can track threads for the team.',
    );

    await engine.disconnect();
    expect((await (await threads()).list()).map((t) => t.id)).toEqual([mine.id]);
  });

  it('serves the local ones when there is no team server at all', async () => {
    const db = fresh();
    const threads = createThreadSource({ db, now: () => NOW });
    expect((await (await threads()).track(input())).origin).toBe('local');
  });
});
