// @vitest-environment node
// The sync engine against the real server over HTTP, with a real SQLite file: no fakes in between.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StoredEvent } from '../../../lib/schemas/event';
import { createSyncEngine } from '../../../lib/sync/engine';
import { type RealTeam, startRealTeam } from './real-team';

let team: RealTeam;

async function api(token: string, method: string, path: string, body?: unknown) {
  const res = await fetch(`${team.server.url}/api/v1${path}`, {
    method,
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  return { status: res.status, text: await res.text() };
}

beforeAll(async () => {
  team = await startRealTeam('rt-sync-real-', [
    ['amber', 'ambassador'],
    ['maria', 'manager'],
  ]);
});
afterAll(async () => team?.close());

async function browserOf(name: string) {
  const db = team.database('rt-real-');
  const engine = createSyncEngine({ db, fetch: (i, init) => fetch(i, init), version: 'test' });
  await engine.connect(team.server.url, team.tokens[name]!);
  return { db, engine };
}

let n = 0;
const like = (): StoredEvent => {
  const i = ++n;
  return {
    id: crypto.randomUUID(),
    dedupeKey: `real:${i}`,
    platform: 'x',
    action: 'like',
    targetId: String(1870000000000000000 + i),
    pageUrl: 'https://x.com/a/status/1870000000000000000',
    occurredAt: new Date(Date.now() - 60_000 + i).toISOString(),
    source: 'network',
    syncState: 'pending',
    attempts: 0,
  };
};

describe('syncing with the real server', () => {
  it('delivers the outbox once, even when a batch is sent twice', async () => {
    const { db, engine } = await browserOf('amber');
    expect(await engine.status()).toMatchObject({
      connected: true,
      member: { name: 'amber', role: 'ambassador' },
    });
    const events = Array.from({ length: 3 }, like);
    await db.events.bulkAdd(events);
    expect(await engine.run()).toMatchObject({ ran: true, sent: 3 });

    // As if the worker died before it could mark them: they go again and the server has them already.
    await db.events.toCollection().modify({ syncState: 'pending' });
    expect(await engine.run({ manual: true })).toMatchObject({ sent: 3 });
    expect(await db.events.where('syncState').equals('pending').count()).toBe(0);

    const exported = await api(team.server.adminToken!, 'GET', '/export?format=json');
    const ids = exported.text
      .trim()
      .split('\n')
      .map((l) => (JSON.parse(l) as { id: string }).id);
    expect(ids.filter((id) => events.some((e) => e.id === id))).toHaveLength(3);
  });

  it("brings a manager's tracked thread to an ambassador, then revalidates cheaply", async () => {
    const manager = await browserOf('maria');
    const ambassador = await browserOf('amber');
    const created = await manager.engine.track({
      platform: 'x',
      url: 'https://x.com/anya_k_crypto/status/1879310995562209408',
      canonicalId: '1879310995562209408',
      category: 'trust_doubt',
    });
    expect(created).toMatchObject({ createdBy: 'maria', status: 'open', origin: 'server' });
    await expect(
      ambassador.engine.track({ platform: 'x', url: created.url, canonicalId: '1', category: 'trolling' }),
    ).rejects.toThrow('Only a manager can track threads for the team.');

    await ambassador.engine.run();
    expect((await ambassador.engine.trackedThreads('x')).map((t) => t.id)).toEqual([created.id]);

    // Closing it takes it off the ambassador's list at the next pull.
    await manager.engine.untrack(created.id);
    await ambassador.engine.run();
    expect(await ambassador.engine.trackedThreads('x')).toEqual([]);
  });

  it("shows the manager the team's sync state, including what each extension reported", async () => {
    const { db, engine } = await browserOf('amber');
    await db.events.add(like());
    await engine.run();
    const manager = await browserOf('maria');
    const team = await manager.engine.teamStatus();
    const amber = team.members.find((m) => m.name === 'amber');
    expect(amber).toMatchObject({ pending: 0, clientVersion: 'test' });
    expect(amber!.eventsThisMonth).toBeGreaterThanOrEqual(1);
    await expect(engine.teamStatus()).rejects.toThrow(/Only managers and leads/);
  });

  it('stops when the token is revoked, keeping what is pending', async () => {
    const res = await api(team.server.adminToken!, 'POST', '/members', { name: 'rita', role: 'ambassador' });
    team.tokens.rita = (JSON.parse(res.text) as { token: string }).token;
    const { db, engine } = await browserOf('rita');
    await api(team.server.adminToken!, 'POST', '/members/rita/revoke');
    await db.events.add(like());
    expect(await engine.run()).toMatchObject({ error: 'auth' });
    expect(await engine.status()).toMatchObject({ connected: false, pending: 1 });
    expect((await engine.status()).lastError).toMatch(/revoked/);
  });
});
