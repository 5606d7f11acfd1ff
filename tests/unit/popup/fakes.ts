import { vi } from 'vitest';
import type { PagesServices } from '../../../lib/pages/services';
import type { TeamMemberStatus } from '../../../lib/schemas/api';
import type { SyncStatus } from '../../../lib/schemas/status';
import type { Suggestion } from '../../../lib/schemas/suggestion';

export const NOW = new Date('2026-11-20T12:00:00.000Z');
export const now = () => NOW;

export const status = (over: Partial<SyncStatus> = {}): SyncStatus => ({
  connected: true,
  serverUrl: 'https://replies.example.org',
  member: { name: 'amber', role: 'ambassador' },
  pending: 0,
  held: 0,
  lastSyncedAt: new Date(NOW.getTime() - 2 * 60_000).toISOString(),
  syncing: false,
  ...over,
});

export const member = (over: Partial<TeamMemberStatus> = {}): TeamMemberStatus => ({
  name: 'amber',
  role: 'ambassador',
  lastSyncAt: new Date(NOW.getTime() - 10 * 60_000).toISOString(),
  eventsToday: 3,
  eventsThisMonth: 41,
  ...over,
});

/** Services that answer from plain data; every method is a spy. */
export function fakeServices(initial: SyncStatus, over: Partial<PagesServices> = {}) {
  let current = initial;
  const services = {
    status: vi.fn(async () => current),
    syncNow: vi.fn(async () => current),
    teamStatus: vi.fn(async () => ({ generatedAt: NOW.toISOString(), members: [member()] })),
    suggestions: vi.fn(async (): Promise<Suggestion[]> => []),
    dismissSuggestion: vi.fn(async (_id: string) => {}),
    connect: vi.fn(async () => current),
    disconnect: vi.fn(async () => ({
      status: { ...current, connected: false },
      serverUrl: current.serverUrl,
    })),
    requestOrigin: vi.fn(async () => true),
    releaseOrigin: vi.fn(async () => {}),
    openOptions: vi.fn(),
    openDashboard: vi.fn(),
  } satisfies PagesServices;
  // Overrides replace a spy at run time; tests only inspect the spies they did not replace.
  Object.assign(services, over);
  return {
    services,
    set(next: SyncStatus) {
      current = next;
    },
  };
}
