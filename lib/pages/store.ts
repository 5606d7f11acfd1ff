import { createStore, type StateCreator, type StoreApi } from 'zustand/vanilla';
import { errorMessage, isUnanswered } from '../errors';
import { type HealthWarning, healthWarnings } from '../health/status';
import type { TeamMemberStatus } from '../schemas/api';
import type { TeamHealthMember } from '../schemas/health';
import { roleAtLeast } from '../schemas/member';
import type { ActivityCounts, SyncStatus } from '../schemas/status';
import type { Suggestion } from '../schemas/suggestion';
import { normalizeServerUrl, originPattern } from '../sync/server-url';
import type { PagesServices } from './services';

const DAY_MS = 24 * 3_600_000;

export interface StatusSlice {
  status: SyncStatus | undefined;
  /** My own activity, the same numbers as the sidebar's header; undefined until loaded. */
  counts: { today: ActivityCounts; month: ActivityCounts } | undefined;
  /** What X or YouTube changed that the counting depends on, in the member's words (lib/health). */
  healthWarnings: HealthWarning[];
  /** The background could not be asked at all (not the sync's own errors, which are in `status`). */
  loadError: string | undefined;
  syncing: boolean;
  refresh(): Promise<void>;
  syncNow(): Promise<void>;
  /** Refreshes now, on every stored-data change and every few seconds; returns the stop. */
  watch(pollMs?: number): () => void;
}

export interface TeamSlice {
  team: TeamMemberStatus[] | undefined;
  teamGeneratedAt: string | undefined;
  teamError: string | undefined;
  /** Threads ambassadors suggested; undefined until loaded. */
  suggestions: Suggestion[] | undefined;
  /** Members whose counting a site change affects (issue 14); undefined until loaded or on an older server. */
  teamHealth: TeamHealthMember[] | undefined;
  loadTeam(): Promise<void>;
  dismissSuggestion(id: string): Promise<void>;
}

export interface ConnectionSlice {
  connecting: boolean;
  connectError: string | undefined;
  /** Call straight from the click handler: the permission prompt needs the user's gesture. */
  connect(serverUrl: string, token: string): Promise<boolean>;
  disconnect(): Promise<void>;
}

export type PagesState = StatusSlice & TeamSlice & ConnectionSlice;
export type PagesStore = StoreApi<PagesState>;

type Slice<T> = StateCreator<PagesState, [], [], T>;

const message = (err: unknown): string => {
  const text = errorMessage(err);
  if (isUnanswered(text)) {
    return "Reply Tracker's background isn't responding. Close this and try again in a moment.";
  }
  return text;
};

export const selectIsManager = (s: PagesState): boolean =>
  Boolean(s.status?.member && roleAtLeast(s.status.member.role, 'manager'));

/**
 * Silent: no sync heard for more than a day, or never since joining more than a day ago. Someone
 * added this morning is new, not silent.
 */
export function isSilent(m: Pick<TeamMemberStatus, 'lastSyncAt' | 'joinedAt'>, now: Date): boolean {
  const since = m.lastSyncAt ?? m.joinedAt;
  return !since || now.getTime() - Date.parse(since) > DAY_MS;
}

const statusSlice =
  (services: PagesServices): Slice<StatusSlice> =>
  (set, get) => ({
    status: undefined,
    counts: undefined,
    healthWarnings: [],
    loadError: undefined,
    syncing: false,
    async refresh() {
      try {
        const [status, health, counts] = await Promise.all([
          services.status(),
          services.health?.(),
          services.myCounts?.(),
        ]);
        set({
          status,
          ...(counts && { counts }),
          loadError: undefined,
          ...(health && { healthWarnings: healthWarnings(health.records, health.version, new Date()) }),
        });
      } catch (err) {
        set({ loadError: message(err) });
      }
    },
    async syncNow() {
      if (get().syncing) return;
      set({ syncing: true });
      try {
        set({ status: await services.syncNow(), loadError: undefined });
        if (selectIsManager(get())) await get().loadTeam();
      } catch (err) {
        set({ loadError: message(err) });
      } finally {
        set({ syncing: false });
      }
    },
    watch(pollMs = 3_000) {
      void get().refresh();
      const unwatch = services.onRevision?.(() => void get().refresh());
      // The background does not push sync progress; a popup is open for seconds, polling is cheap.
      const timer = setInterval(() => void get().refresh(), pollMs);
      return () => {
        clearInterval(timer);
        unwatch?.();
      };
    },
  });

const teamSlice =
  (services: PagesServices): Slice<TeamSlice> =>
  (set, get) => ({
    team: undefined,
    teamGeneratedAt: undefined,
    teamError: undefined,
    suggestions: undefined,
    teamHealth: undefined,
    async loadTeam() {
      const [team, suggestions, health] = await Promise.allSettled([
        services.teamStatus(),
        services.suggestions(),
        services.teamHealth?.() ?? Promise.reject(new Error('not available')),
      ]);
      // An older server has no site health: the team view works without it, and says nothing false.
      if (health.status === 'fulfilled') set({ teamHealth: health.value.members });
      if (team.status === 'fulfilled') {
        set({ team: team.value.members, teamGeneratedAt: team.value.generatedAt, teamError: undefined });
      } else set({ teamError: message(team.reason) });
      // An older server has no suggestions: the team view still works, with no list.
      if (suggestions.status === 'fulfilled') set({ suggestions: suggestions.value });
    },
    async dismissSuggestion(id) {
      try {
        await services.dismissSuggestion(id);
        set({ suggestions: get().suggestions?.filter((s) => s.id !== id) });
      } catch (err) {
        set({ teamError: message(err) });
      }
    },
  });

const connectionSlice =
  (services: PagesServices): Slice<ConnectionSlice> =>
  (set, get) => ({
    connecting: false,
    connectError: undefined,
    async connect(serverUrl, token) {
      if (get().connecting) return false;
      let pattern: string;
      try {
        pattern = originPattern(normalizeServerUrl(serverUrl));
      } catch (err) {
        set({ connectError: message(err) });
        return false;
      }
      set({ connecting: true, connectError: undefined });
      try {
        // First thing, while the click still counts as the user's gesture.
        const granted = await services.requestOrigin(pattern);
        if (!granted) {
          set({
            connectError: `Reply Tracker needs your permission to reach ${new URL(pattern.slice(0, -2)).host}. Press Connect again and choose Allow.`,
          });
          return false;
        }
        set({ status: await services.connect(serverUrl, token), team: undefined });
        if (selectIsManager(get())) void get().loadTeam();
        return true;
      } catch (err) {
        set({ connectError: message(err) });
        return false;
      } finally {
        set({ connecting: false });
      }
    },
    async disconnect() {
      set({ connectError: undefined });
      try {
        const { status, serverUrl } = await services.disconnect();
        set({ status, team: undefined, teamError: undefined });
        if (serverUrl) await services.releaseOrigin(originPattern(serverUrl));
      } catch (err) {
        set({ connectError: message(err) });
      }
    },
  });

export function createPagesStore(services: PagesServices): PagesStore {
  return createStore<PagesState>()((...a) => ({
    ...statusSlice(services)(...a),
    ...teamSlice(services)(...a),
    ...connectionSlice(services)(...a),
  }));
}
