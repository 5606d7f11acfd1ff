import type { ThreadContext } from '../platforms/types';
import type { CategoryId } from '../schemas/categories';
import { roleAtLeast } from '../schemas/member';
import type { SyncStatus } from '../schemas/status';
import type { Suggestion } from '../schemas/suggestion';
import { describeError } from './format';
import { threadKey } from './playbook';
import type { SidebarServices } from './services';
import { postFields, type SidebarState } from './store';

/**
 * Who is using the sidebar: `local` when no team server is connected (the person is their own
 * team and tracks for themself), else their role on the team. Undefined until known, so an
 * ambassador never sees a manager's button flash by.
 */
export type SidebarRole = 'local' | 'ambassador' | 'manager' | 'lead';

export interface MemberSlice {
  sync: SyncStatus | undefined;
  /** False until the first answer about who I am. */
  memberLoaded: boolean;
  /** Managers and leads: the team's open suggestions (so a suggested thread opens with its category). */
  suggestions: Suggestion[];
  /** What I suggested in this page session, by `threadKey`. */
  suggested: Record<string, Suggestion>;
  suggesting: boolean;
  suggestError: string | undefined;
  loadMember(): Promise<void>;
  /** Resolves true when the manager has it; failures end up in `suggestError`. */
  suggestThread(input: { category: CategoryId; note: string }): Promise<boolean>;
}

export const selectRole = (s: SidebarState): SidebarRole | undefined =>
  s.memberLoaded ? (s.sync?.member?.role ?? 'local') : undefined;

/** Track, Stop tracking and edit: managers, leads, and anyone without a team server. */
export const selectCanTrack = (s: SidebarState): boolean => {
  const role = selectRole(s);
  return role === 'local' || (role !== undefined && roleAtLeast(role, 'manager'));
};

export const selectCanSuggest = (s: SidebarState): boolean => selectRole(s) === 'ambassador';

/** A teammate's open suggestion for this post, for a manager deciding whether to track it. */
export function suggestionFor(
  suggestions: readonly Suggestion[],
  ctx: ThreadContext | undefined,
): Suggestion | undefined {
  if (!ctx) return undefined;
  return suggestions.find((x) => x.platform === ctx.platform && x.canonicalId === ctx.targetId);
}

export function memberSlice(deps: {
  services: SidebarServices;
  get: () => SidebarState;
  set: (partial: Partial<SidebarState>) => void;
  activeThread: () => ThreadContext | undefined;
}): MemberSlice {
  const { services, get, set } = deps;
  return {
    sync: undefined,
    // Without a way to ask (tests, or an old background), the sidebar works as it did: local.
    memberLoaded: !services.syncStatus,
    suggestions: [],
    suggested: {},
    suggesting: false,
    suggestError: undefined,
    async loadMember() {
      if (!services.syncStatus) return;
      try {
        const sync = await services.syncStatus();
        set({ sync, memberLoaded: true });
        const role = sync.member?.role;
        if (role && roleAtLeast(role, 'manager') && sync.connected && services.suggestions) {
          set({ suggestions: await services.suggestions() });
        }
      } catch {
        // Keep the last answer; the background may be restarting. First time: behave as local.
        if (!get().memberLoaded) set({ memberLoaded: true });
      }
    },
    async suggestThread({ category, note }) {
      const ctx = deps.activeThread();
      if (!ctx || get().suggesting || !services.suggest) return false;
      set({ suggesting: true, suggestError: undefined });
      try {
        const saved = await services.suggest({
          ...postFields(ctx),
          category,
          note: note.trim(),
        });
        set({ suggested: { ...get().suggested, [threadKey(ctx)]: saved } });
        return true;
      } catch (err) {
        set({ suggestError: describeError(err, 'send the suggestion') });
        return false;
      } finally {
        set({ suggesting: false });
      }
    },
  };
}
