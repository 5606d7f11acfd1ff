import { describe, expect, it, vi } from 'vitest';
import { createPagesStore, isSilent, type PagesState } from '../../../lib/pages/store';
import type { TeamHealthMember } from '../../../lib/schemas/health';
import type { ActivityCounts } from '../../../lib/schemas/status';
import { fakeServices, member, NOW, status } from '../popup/fakes';

/*
 * The popup's and options page's shared store (lib/pages/store.ts), without a view: what each load
 * brings and in what order, which the popup's views (and the e2e tests reading them) rely on.
 */
const ago = (ms: number) => new Date(NOW.getTime() - ms).toISOString();
const record = (check: string, signal: 'dom' | 'network') => ({
  platform: 'x' as const,
  page: signal === 'dom' ? 'home' : 'any',
  check,
  signal,
  affects: ['likes' as const],
  firstSeen: ago(3 * 3_600_000),
  lastSeen: ago(60_000),
  version: '1.0.0',
  count: 4,
  receivedAt: ago(30_000),
});
const likesAtRisk = [record('like-button', 'dom'), record('answer:like', 'network')];
const counts: { today: ActivityCounts; month: ActivityCounts } = {
  today: { replies: 2, likes: 3, unlikes: 0 },
  month: { replies: 20, likes: 31, unlikes: 1 },
};

/** Every state the store goes through, from now on. */
function states(store: ReturnType<typeof createPagesStore>): PagesState[] {
  const seen: PagesState[] = [];
  store.subscribe((s) => void seen.push(s));
  return seen;
}

describe('the pages store', () => {
  it('brings the status, this browser’s site warnings and my counts in one update', async () => {
    const fake = fakeServices(status(), {
      health: async () => ({ records: likesAtRisk, version: '1.0.0' }),
      myCounts: async () => counts,
    });
    const store = createPagesStore(fake.services);
    const seen = states(store);
    await store.getState().refresh();
    const first = seen.find((s) => s.status !== undefined);
    expect(first?.healthWarnings.map((w) => `${w.platform}:${w.level}`)).toEqual(['x:at-risk']);
    expect(first?.counts).toEqual(counts);
  });

  it('has the team’s site health in the store by the time the members show', async () => {
    const bob: TeamHealthMember = {
      name: 'bob',
      role: 'ambassador',
      clientVersion: '1.0.0',
      warnings: [],
      records: likesAtRisk,
    };
    const fake = fakeServices(status({ member: { name: 'maria', role: 'manager' } }), {
      teamHealth: async () => ({ generatedAt: NOW.toISOString(), members: [bob] }),
    });
    const store = createPagesStore(fake.services);
    const seen = states(store);
    await store.getState().loadTeam();
    const first = seen.find((s) => s.team !== undefined);
    expect(first?.teamHealth).toEqual([bob]);
  });

  it('loads the team from an older server without site health or suggestions, and says nothing false', async () => {
    const fake = fakeServices(status({ member: { name: 'maria', role: 'manager' } }), {
      suggestions: async () => {
        throw new Error('404');
      },
    });
    const store = createPagesStore(fake.services);
    await store.getState().loadTeam();
    expect(store.getState()).toMatchObject({
      team: [member()],
      teamHealth: undefined,
      suggestions: undefined,
      teamError: undefined,
    });
  });

  it('says so in words a person can act on when the background does not answer', async () => {
    const fake = fakeServices(status(), {
      status: async () => {
        throw new Error('Could not establish connection. Receiving end does not exist.');
      },
    });
    const store = createPagesStore(fake.services);
    await store.getState().refresh();
    expect(store.getState().loadError).toBe(
      "Reply Tracker's background isn't responding. Close this and try again in a moment.",
    );
    expect(store.getState().status).toBeUndefined();
  });

  it('reloads the team view after a manager’s Sync now, not an ambassador’s', async () => {
    const manager = fakeServices(status({ member: { name: 'maria', role: 'manager' } }));
    const managerStore = createPagesStore(manager.services);
    await managerStore.getState().syncNow();
    expect(manager.services.teamStatus).toHaveBeenCalledTimes(1);
    expect(managerStore.getState().syncing).toBe(false);

    const ambassador = fakeServices(status());
    await createPagesStore(ambassador.services).getState().syncNow();
    expect(ambassador.services.teamStatus).not.toHaveBeenCalled();
  });

  it('connects only with the permission for that server, and names the server when it is refused', async () => {
    const fake = fakeServices(status({ connected: false }), { requestOrigin: vi.fn(async () => false) });
    const store = createPagesStore(fake.services);
    expect(await store.getState().connect('https://replies.example.org/', 'tok')).toBe(false);
    expect(store.getState().connectError).toBe(
      'Reply Tracker needs your permission to reach replies.example.org. Press Connect again and choose Allow.',
    );
    expect(fake.services.connect).not.toHaveBeenCalled();
    expect(store.getState().connecting).toBe(false);
  });

  it('refuses an address that is not a server before asking for any permission', async () => {
    const fake = fakeServices(status({ connected: false }));
    const store = createPagesStore(fake.services);
    expect(await store.getState().connect('not a url', 'tok')).toBe(false);
    expect(store.getState().connectError).toBeTruthy();
    expect(fake.services.requestOrigin).not.toHaveBeenCalled();
  });
});

describe('who is silent', () => {
  it.each([
    ['synced ten minutes ago', { lastSyncAt: ago(10 * 60_000), joinedAt: ago(30 * 86_400_000) }, false],
    ['last synced two days ago', { lastSyncAt: ago(2 * 86_400_000), joinedAt: ago(30 * 86_400_000) }, true],
    ['added this morning, never synced', { joinedAt: ago(3 * 3_600_000) }, false],
    ['added last week, never synced', { joinedAt: ago(7 * 86_400_000) }, true],
    ['nothing known', {}, true],
  ])('%s', (_what, m, silent) => {
    expect(isSilent(m, NOW)).toBe(silent);
  });
});
