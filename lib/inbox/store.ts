import { createStore, type StateCreator, type StoreApi } from 'zustand/vanilla';
import { errorMessage } from '../errors';
import type { DismissReason, Mention, MentionAlert, MentionPatch } from '../schemas/mention';
import { DEFAULT_INBOX_FILTERS, type InboxFilters, type InboxServices } from './services';

export interface ListSlice {
  filters: InboxFilters;
  mentions: Mention[];
  nextCursor: string | undefined;
  loading: boolean;
  error: string | undefined;
  /** Mentions that arrived by polling since the manager last changed the filters, for the live region. */
  arrived: number;
  setFilters(patch: Partial<InboxFilters>): Promise<void>;
  load(): Promise<void>;
  loadMore(): Promise<void>;
  /** Asks for the first page again and puts what is new on top, without moving the manager's focus. */
  poll(): Promise<void>;
}

export interface SelectionSlice {
  focusedId: string | undefined;
  /** Checked rows, in list order; actions apply to them when any are checked, else to the focused row. */
  selected: string[];
  focus(id: string): void;
  move(delta: 1 | -1): void;
  toggleSelected(id: string): void;
  selectAll(): void;
  clearSelection(): void;
}

export type InboxMenu = { kind: 'dismiss' | 'assign'; ids: string[] } | undefined;

export interface ActionsSlice {
  busy: boolean;
  actionError: string | undefined;
  notice: string | undefined;
  menu: InboxMenu;
  members: string[] | undefined;
  helpOpen: boolean;
  /** The ids an action applies to: the checked rows, or the focused one. */
  targets(): string[];
  track(ids?: string[]): Promise<void>;
  openMenu(kind: 'dismiss' | 'assign', ids?: string[]): void;
  closeMenu(): void;
  dismiss(reason: DismissReason, ids?: string[]): Promise<void>;
  assign(member: string | null, ids?: string[]): Promise<void>;
  setHelp(open: boolean): void;
}

export interface AlertsSlice {
  alerts: MentionAlert[];
  alertsError: string | undefined;
  loadAlerts(): Promise<void>;
}

export interface ClockSlice {
  /** The page's clock; tests pass a fixed one. */
  now: () => Date;
}

export type InboxState = ListSlice & SelectionSlice & ActionsSlice & AlertsSlice & ClockSlice;
export type InboxStore = StoreApi<InboxState>;
type Slice<T> = StateCreator<InboxState, [], [], T>;

/** Whether a mention still belongs in a list filtered by status (a tracked one leaves the "new" inbox). */
const keeps = (filters: InboxFilters, m: Mention) =>
  !filters.status || filters.status.split(',').includes(m.status);

const byNewest = (a: Mention, b: Mention) => b.postedAt.localeCompare(a.postedAt) || b.id.localeCompare(a.id);

const listSlice =
  (services: InboxServices): Slice<ListSlice> =>
  (set, get) => {
    let seq = 0;
    return {
      filters: DEFAULT_INBOX_FILTERS,
      mentions: [],
      nextCursor: undefined,
      loading: false,
      error: undefined,
      arrived: 0,
      async setFilters(patch) {
        set({ filters: { ...get().filters, ...patch } });
        await get().load();
      },
      async load() {
        const mine = ++seq;
        set({ loading: true, error: undefined });
        try {
          const page = await services.list(get().filters);
          if (mine !== seq) return;
          const first = page.mentions[0]?.id;
          set({
            mentions: page.mentions,
            nextCursor: page.nextCursor,
            selected: [],
            arrived: 0,
            focusedId: first,
            menu: undefined,
          });
        } catch (err) {
          if (mine === seq) set({ error: errorMessage(err) });
        } finally {
          if (mine === seq) set({ loading: false });
        }
      },
      async loadMore() {
        const cursor = get().nextCursor;
        if (!cursor || get().loading) return;
        const mine = ++seq;
        set({ loading: true });
        try {
          const page = await services.list(get().filters, cursor);
          if (mine !== seq) return;
          const have = new Set(get().mentions.map((m) => m.id));
          set({
            mentions: [...get().mentions, ...page.mentions.filter((m) => !have.has(m.id))],
            nextCursor: page.nextCursor,
          });
        } catch (err) {
          if (mine === seq) set({ error: errorMessage(err) });
        } finally {
          if (mine === seq) set({ loading: false });
        }
      },
      async poll() {
        // A poll never overtakes a load the manager asked for.
        if (get().loading) return;
        const at = seq;
        try {
          const page = await services.list(get().filters);
          if (at !== seq) return;
          const fresh = new Map(page.mentions.map((m) => [m.id, m]));
          const have = new Set(get().mentions.map((m) => m.id));
          const added = page.mentions.filter((m) => !have.has(m.id));
          // Rows already shown take the server's latest (counts, replies); new ones go on top.
          const updated = get().mentions.map((m) => fresh.get(m.id) ?? m);
          const mentions = [...added, ...updated].sort(byNewest);
          set({
            mentions,
            arrived: get().arrived + added.length,
            error: undefined,
            ...(get().focusedId === undefined && mentions[0] ? { focusedId: mentions[0].id } : {}),
          });
        } catch (err) {
          // A failed poll says so but keeps what is shown.
          if (at === seq) set({ error: errorMessage(err) });
        }
      },
    };
  };

const selectionSlice: Slice<SelectionSlice> = (set, get) => ({
  focusedId: undefined,
  selected: [],
  focus: (id) => set({ focusedId: id }),
  move(delta) {
    const list = get().mentions;
    if (list.length === 0) return;
    const at = list.findIndex((m) => m.id === get().focusedId);
    const next = at < 0 ? 0 : Math.min(list.length - 1, Math.max(0, at + delta));
    set({ focusedId: list[next]!.id });
  },
  toggleSelected(id) {
    const selected = get().selected;
    const next = selected.includes(id) ? selected.filter((s) => s !== id) : [...selected, id];
    const order = new Map(get().mentions.map((m, i) => [m.id, i]));
    set({ selected: next.sort((a, b) => (order.get(a) ?? 0) - (order.get(b) ?? 0)) });
  },
  selectAll: () => set({ selected: get().mentions.map((m) => m.id) }),
  clearSelection: () => set({ selected: [] }),
});

const actionsSlice =
  (services: InboxServices): Slice<ActionsSlice> =>
  (set, get) => {
    /** Applies one change to the ids, replacing or removing their rows, and says what happened. */
    const apply = async (ids: string[], patch: MentionPatch, done: (n: number) => string) => {
      if (ids.length === 0 || get().busy) return;
      set({ busy: true, actionError: undefined, notice: undefined, menu: undefined });
      try {
        let changed: Mention[];
        let errors: { id: string; message: string }[] = [];
        if (ids.length === 1) changed = [await services.patch(ids[0]!, patch)];
        else ({ mentions: changed, errors } = await services.bulk(ids, patch));
        const byId = new Map(changed.map((m) => [m.id, m]));
        const { filters, mentions, focusedId } = get();
        const kept = mentions.map((m) => byId.get(m.id) ?? m).filter((m) => keeps(filters, m));
        // Focus stays in place: on the row that took the acted-on row's position.
        let nextFocus = focusedId;
        if (focusedId && !kept.some((m) => m.id === focusedId)) {
          const at = mentions.findIndex((m) => m.id === focusedId);
          const after = mentions.slice(at + 1).find((m) => kept.some((k) => k.id === m.id));
          const before = mentions
            .slice(0, Math.max(0, at))
            .reverse()
            .find((m) => kept.some((k) => k.id === m.id));
          nextFocus = (after ?? before)?.id;
        }
        set({
          mentions: kept,
          focusedId: nextFocus,
          selected: get().selected.filter((id) => !byId.has(id)),
          notice: done(changed.length),
          actionError: errors.length
            ? `${errors.length} could not be changed: ${errors.map((e) => e.message).join('; ')}`
            : undefined,
        });
      } catch (err) {
        set({ actionError: `${errorMessage(err)}` });
      } finally {
        set({ busy: false });
      }
    };
    const plural = (n: number) => (n === 1 ? '1 mention' : `${n} mentions`);
    return {
      busy: false,
      actionError: undefined,
      notice: undefined,
      menu: undefined,
      members: undefined,
      helpOpen: false,
      targets() {
        const { selected, focusedId } = get();
        if (selected.length > 0) return selected;
        return focusedId ? [focusedId] : [];
      },
      track: (ids = get().targets()) =>
        apply(
          ids,
          { status: 'tracked' },
          (n) => `Tracked ${plural(n)}; the SLA counts from each post's own time.`,
        ),
      openMenu(kind, ids = get().targets()) {
        if (ids.length === 0) return;
        set({ menu: { kind, ids } });
        if (kind === 'assign' && !get().members) {
          services.members().then(
            (members) => set({ members }),
            (err: unknown) => set({ actionError: `Could not list the team: ${errorMessage(err)}` }),
          );
        }
      },
      closeMenu: () => set({ menu: undefined }),
      dismiss: (reason, ids = get().menu?.ids ?? get().targets()) =>
        apply(
          ids,
          { status: 'dismissed', reason },
          (n) => `Dismissed ${plural(n)} (${REASON_LABEL[reason]}).`,
        ),
      assign: (member, ids = get().menu?.ids ?? get().targets()) =>
        apply(ids, { assignee: member }, (n) =>
          member ? `Assigned ${plural(n)} to ${member}.` : `Unassigned ${plural(n)}.`,
        ),
      setHelp: (open) => set({ helpOpen: open }),
    };
  };

export const REASON_LABEL: Record<DismissReason, string> = {
  irrelevant: 'irrelevant',
  spam: 'spam',
  handled_elsewhere: 'handled elsewhere',
};

const alertsSlice =
  (services: InboxServices): Slice<AlertsSlice> =>
  (set) => ({
    alerts: [],
    alertsError: undefined,
    async loadAlerts() {
      try {
        const { alerts } = await services.alerts();
        set({ alerts, alertsError: undefined });
      } catch (err) {
        set({ alertsError: errorMessage(err) });
      }
    },
  });

export function createInboxStore(services: InboxServices, now: () => Date = () => new Date()): InboxStore {
  return createStore<InboxState>()((...a) => ({
    now,
    ...listSlice(services)(...a),
    ...selectionSlice(...a),
    ...actionsSlice(services)(...a),
    ...alertsSlice(services)(...a),
  }));
}
