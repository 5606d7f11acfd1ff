import { browser } from 'wxt/browser';
import { storage } from 'wxt/utils/storage';
import { ask } from '../messaging/client';
import { REVISION_KEY } from '../messaging/protocol';
import type { TeamStatusResponse } from '../schemas/api';
import type { HealthRecord, TeamHealthResponse } from '../schemas/health';
import type { ActivityCounts, SyncStatus } from '../schemas/status';
import type { Suggestion } from '../schemas/suggestion';

/** What the popup and the options page need from the outside world; tests pass fakes. */
export interface PagesServices {
  status(): Promise<SyncStatus>;
  /** My replies and likes today and this month, as the sidebar counts them (absent in older fakes). */
  myCounts?(): Promise<{ today: ActivityCounts; month: ActivityCounts }>;
  syncNow(): Promise<SyncStatus>;
  teamStatus(): Promise<TeamStatusResponse>;
  /** Managers and leads: members whose counting a site change affects (absent in older fakes). */
  teamHealth?(): Promise<TeamHealthResponse>;
  /** Managers and leads: threads ambassadors suggested tracking. */
  suggestions(): Promise<Suggestion[]>;
  dismissSuggestion(id: string): Promise<void>;
  connect(serverUrl: string, token: string): Promise<SyncStatus>;
  disconnect(): Promise<{ status: SyncStatus; serverUrl?: string }>;
  /** Must be the first await of a click handler: browsers only grant it during a user gesture. */
  requestOrigin(pattern: string): Promise<boolean>;
  releaseOrigin(pattern: string): Promise<void>;
  openOptions(): void;
  openDashboard(): void;
  onRevision?(listener: () => void): () => void;
  /** What the sites changed that the counting depends on (issue 14); absent in older fakes. */
  health?(): Promise<{ records: HealthRecord[]; version: string }>;
}

export const backgroundPagesServices: PagesServices = {
  status: () => ask('sync-status', {}),
  myCounts: () => ask('my-counts', {}),
  syncNow: () => ask('sync-now', {}),
  teamStatus: () => ask('team-status', {}),
  teamHealth: () => ask('team-health', {}),
  suggestions: async () => (await ask('suggestions', {})).suggestions,
  async dismissSuggestion(id) {
    await ask('dismiss-suggestion', { id });
  },
  connect: (serverUrl, token) => ask('connect', { serverUrl, token }),
  disconnect: () => ask('disconnect', {}),
  requestOrigin: (pattern) => browser.permissions.request({ origins: [pattern] }),
  async releaseOrigin(pattern) {
    await browser.permissions.remove({ origins: [pattern] }).catch(() => false);
  },
  openOptions: () => void browser.runtime.openOptionsPage(),
  openDashboard: () => void browser.tabs.create({ url: browser.runtime.getURL('/dashboard.html') }),
  onRevision: (listener) => storage.watch(REVISION_KEY, () => listener()),
  health: () => ask('health-list', {}),
};
