import { createContext, type KeyboardEvent, useContext, useEffect, useId, useRef, useState } from 'react';
import { useStore } from 'zustand';
import { confidenceInWords } from '@/lib/classify/confidence';
import { compactNumber, slaState } from '@/lib/inbox/format';
import { pollWhileVisible } from '@/lib/inbox/poll';
import type { InboxFilters } from '@/lib/inbox/services';
import { type InboxState, type InboxStore, REASON_LABEL } from '@/lib/inbox/store';
import { CATEGORY_IDS } from '@/lib/schemas/categories';
import {
  type DismissReason,
  DismissReasonSchema,
  effectiveCategory,
  type Mention,
  mentionReach,
} from '@/lib/schemas/mention';
import { categoryLabel, PLATFORM_LABEL } from '../labels';
import { AlertText } from './AlertText';

const InboxContext = createContext<InboxStore | null>(null);
function useInbox<T>(selector: (s: InboxState) => T): T {
  const store = useContext(InboxContext);
  if (!store) throw new Error('useInbox needs an InboxContext provider above it');
  return useStore(store, selector);
}
function useInboxStore(): InboxStore {
  const store = useContext(InboxContext);
  if (!store) throw new Error('useInbox needs an InboxContext provider above it');
  return store;
}

/** The store's clock, re-read every minute so ages and SLA countdowns stay true. */
function useNow(intervalMs: number): Date {
  const now = useInbox((s) => s.now);
  const [, setTick] = useState(0);
  useEffect(() => {
    const id = setInterval(() => setTick((t) => t + 1), intervalMs);
    return () => clearInterval(id);
  }, [intervalMs]);
  return now();
}

/** Puts focus back on the focused row after a menu closes. */
function refocusRow(): void {
  document.querySelector<HTMLElement>('[data-testid="inbox-row"][data-focused="true"]')?.focus();
}

export const KEYS: { keys: string; does: string }[] = [
  { keys: 'j / k', does: 'next / previous mention' },
  { keys: 'x', does: 'check or uncheck the mention (actions apply to all checked ones)' },
  { keys: 't', does: 'track: it becomes a tracked thread, its SLA counts from the post’s time' },
  { keys: 'd', does: 'dismiss, then 1 irrelevant, 2 spam, 3 handled elsewhere' },
  { keys: 'a', does: 'assign to an ambassador' },
  { keys: 'o', does: 'open the post in a new tab' },
  { keys: '?', does: 'show or hide these keys' },
  { keys: 'Esc', does: 'close a menu or this help' },
];

/**
 * The mentions inbox (issue 12): what the team's terms caught, newest first, for a manager or lead to
 * track, dismiss or assign, by mouse or by keyboard. New mentions come in by polling while the page is
 * visible.
 */
export function Inbox({ store, pollMs = 30_000 }: { store: InboxStore; pollMs?: number }) {
  useEffect(() => {
    const s = store.getState();
    void s.load();
    void s.loadAlerts();
    return pollWhileVisible(document, pollMs, () => {
      void store.getState().poll();
      void store.getState().loadAlerts();
    });
  }, [store, pollMs]);
  return (
    <InboxContext value={store}>
      <section className="rt-card rt-inbox no-print" aria-labelledby="rt-inbox-title" data-testid="inbox">
        <div className="rt-card-head">
          <h2 id="rt-inbox-title">Mentions inbox</h2>
          <p>
            Public posts matching the team's terms, newest first. Press <kbd>?</kbd> in the list for keys.
          </p>
        </div>
        <Alerts />
        <Filters />
        <Status />
        <BulkBar />
        <List />
        <Help />
      </section>
    </InboxContext>
  );
}

function Alerts() {
  const alerts = useInbox((s) => s.alerts);
  const error = useInbox((s) => s.alertsError);
  if (alerts.length === 0 && !error) return null;
  return (
    <div className="rt-inbox-alerts" data-testid="inbox-alerts">
      {error ? <p className="rt-notice rt-bad">Alerts could not be read: {error}</p> : null}
      {alerts.map((a) => (
        <p key={a.id} className="rt-alert" role="alert" data-kind={a.kind}>
          <AlertText alert={a} />
        </p>
      ))}
    </div>
  );
}

const FILTERS: { key: keyof InboxFilters; label: string; options: [string, string][] }[] = [
  {
    key: 'status',
    label: 'Status',
    options: [
      ['new', 'New'],
      ['tracked', 'Tracked'],
      ['dismissed', 'Dismissed'],
      ['', 'Any'],
    ],
  },
  {
    key: 'platform',
    label: 'Platform',
    options: [
      ['', 'Any'],
      ['x', 'X'],
      ['youtube', 'YouTube'],
    ],
  },
  {
    key: 'category',
    label: 'Category',
    options: [['', 'Any'], ...CATEGORY_IDS.map((c): [string, string] => [c, categoryLabel(c)])],
  },
  {
    key: 'polarity',
    label: 'Mood',
    options: [
      ['', 'Any'],
      ['negative', 'Negative'],
      ['neutral', 'Neutral'],
      ['positive', 'Positive'],
    ],
  },
  {
    key: 'language',
    label: 'Language',
    options: [
      ['', 'Any'],
      ['en', 'English'],
      ['ru', 'Russian'],
      ['und', 'Unknown'],
    ],
  },
  {
    key: 'minReach',
    label: 'Reach',
    options: [
      ['0', 'Any'],
      ['1000', '1k+'],
      ['10000', '10k+'],
      ['100000', '100k+'],
    ],
  },
  {
    key: 'maxAgeHours',
    label: 'Posted',
    options: [
      ['0', 'Any time'],
      ['24', 'Last 24 h'],
      ['48', 'Last 48 h'],
      ['168', 'Last 7 days'],
    ],
  },
];

function Filters() {
  const filters = useInbox((s) => s.filters);
  const setFilters = useInbox((s) => s.setFilters);
  const id = useId();
  return (
    <fieldset className="rt-inbox-filters" data-testid="inbox-filters">
      <legend className="rt-visually-hidden">Filter mentions</legend>
      {FILTERS.map((f) => (
        <label key={f.key} htmlFor={`${id}-${f.key}`}>
          {f.label}
          <select
            id={`${id}-${f.key}`}
            value={String(filters[f.key])}
            onChange={(e) => {
              const v = e.target.value;
              void setFilters({
                [f.key]: f.key === 'minReach' || f.key === 'maxAgeHours' ? Number(v) : v,
              } as Partial<InboxFilters>);
            }}
          >
            {f.options.map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </label>
      ))}
    </fieldset>
  );
}

function Status() {
  const loading = useInbox((s) => s.loading);
  const error = useInbox((s) => s.error);
  const actionError = useInbox((s) => s.actionError);
  const notice = useInbox((s) => s.notice);
  const arrived = useInbox((s) => s.arrived);
  const load = useInbox((s) => s.load);
  return (
    <>
      {error ? (
        <div className="rt-notice rt-bad" role="alert" data-testid="inbox-error">
          {error}{' '}
          <button type="button" className="rt-link" onClick={() => void load()}>
            Try again
          </button>
        </div>
      ) : null}
      {actionError ? (
        <p className="rt-notice rt-bad" role="alert" data-testid="inbox-action-error">
          {actionError}
        </p>
      ) : null}
      {/* One polite live region for outcomes and arrivals, so a screen reader hears both. */}
      <p className="rt-inbox-status" role="status" data-testid="inbox-status">
        {notice ?? ''}
        {arrived > 0 ? ` ${arrived === 1 ? '1 new mention' : `${arrived} new mentions`} arrived.` : ''}
        {loading ? ' Loading…' : ''}
      </p>
    </>
  );
}

function BulkBar() {
  const selected = useInbox((s) => s.selected.length);
  const total = useInbox((s) => s.mentions.length);
  const busy = useInbox((s) => s.busy);
  const track = useInbox((s) => s.track);
  const openMenu = useInbox((s) => s.openMenu);
  const selectAll = useInbox((s) => s.selectAll);
  const clear = useInbox((s) => s.clearSelection);
  const bulkMenu = useInbox((s) => (s.menu && s.menu.ids.length > 1 ? s.menu.kind : undefined));
  if (total === 0) return null;
  return (
    <div className="rt-inbox-bulk" data-testid="inbox-bulk">
      <span>{selected === 0 ? 'None checked' : `${selected} checked`}</span>
      <button
        type="button"
        className="rt-button rt-secondary"
        onClick={selected === total ? clear : selectAll}
      >
        {selected === total ? 'Uncheck all' : `Check all ${total}`}
      </button>
      {selected > 0 ? (
        <>
          <button type="button" className="rt-button" disabled={busy} onClick={() => void track()}>
            Track {selected}
          </button>
          <button
            type="button"
            className="rt-button rt-secondary"
            disabled={busy}
            onClick={() => openMenu('dismiss')}
          >
            Dismiss {selected}…
          </button>
          <button
            type="button"
            className="rt-button rt-secondary"
            disabled={busy}
            onClick={() => openMenu('assign')}
          >
            Assign {selected}…
          </button>
        </>
      ) : null}
      {bulkMenu === 'dismiss' ? <DismissMenu /> : null}
      {bulkMenu === 'assign' ? <AssignMenu /> : null}
    </div>
  );
}

function List() {
  const store = useInboxStore();
  const mentions = useInbox((s) => s.mentions);
  const loading = useInbox((s) => s.loading);
  const nextCursor = useInbox((s) => s.nextCursor);
  const loadMore = useInbox((s) => s.loadMore);
  const focusedId = useInbox((s) => s.focusedId);
  const listRef = useRef<HTMLOListElement>(null);
  /** Focus is (or was, until its row left the list) inside the list. */
  const engaged = useRef(false);
  const now = useNow(60_000);

  // Keyboard moves move real focus, so the row that acts is the row a screen reader announces.
  // It never takes focus from a menu's controls, only from another row or from nowhere (a row that left).
  const menuOpen = useInbox((s) => s.menu !== undefined);
  // biome-ignore lint/correctness/useExhaustiveDependencies: mentions and menuOpen are when focus may have been lost
  useEffect(() => {
    const list = listRef.current;
    if (!list || !focusedId || !engaged.current) return;
    const row = list.querySelector<HTMLElement>(`[data-id="${CSS.escape(focusedId)}"]`);
    const active = document.activeElement;
    const fromRowOrNowhere =
      !active || active === document.body || active.matches('[data-testid="inbox-row"]');
    if (row && active !== row && fromRowOrNowhere) row.focus();
  }, [focusedId, mentions, menuOpen]);

  const onKeyDown = (e: KeyboardEvent<HTMLOListElement>) => {
    if (e.altKey || e.ctrlKey || e.metaKey) return;
    const target = e.target as HTMLElement;
    // Typing in a menu's controls is not a command.
    if (target.closest('select, input, textarea, form, [role="menu"]')) return;
    const s = store.getState();
    const key = e.key === 'ArrowDown' ? 'j' : e.key === 'ArrowUp' ? 'k' : e.key;
    const act: Record<string, () => void> = {
      j: () => s.move(1),
      k: () => s.move(-1),
      x: () => s.focusedId && s.toggleSelected(s.focusedId),
      t: () => void s.track(),
      d: () => s.openMenu('dismiss'),
      a: () => s.openMenu('assign'),
      o: () => {
        const m = s.mentions.find((x) => x.id === s.focusedId);
        if (m) window.open(m.url, '_blank', 'noopener');
      },
      '?': () => s.setHelp(!s.helpOpen),
      esc: () => (s.helpOpen ? s.setHelp(false) : s.closeMenu()),
    };
    const run = act[key === 'Escape' ? 'esc' : key];
    if (!run) return;
    e.preventDefault();
    run();
  };

  if (mentions.length === 0) {
    return loading ? null : (
      <p className="rt-empty" data-testid="inbox-empty">
        Nothing here. New mentions appear on their own as members' browsers and the connectors find them.
      </p>
    );
  }
  return (
    <>
      <ol
        ref={listRef}
        className="rt-inbox-list"
        aria-label="Mentions, newest first"
        aria-keyshortcuts="j k x t d a o ?"
        data-testid="inbox-list"
        onKeyDown={onKeyDown}
        onFocus={() => {
          engaged.current = true;
        }}
        onBlur={(e) => {
          // A row that leaves the list (tracked, dismissed) blurs to nowhere: stay engaged then.
          const to = e.relatedTarget as Node | null;
          if (to && !e.currentTarget.contains(to)) engaged.current = false;
        }}
      >
        {mentions.map((m) => (
          <Row key={m.id} mention={m} now={now} focused={m.id === focusedId} />
        ))}
      </ol>
      {nextCursor ? (
        <button
          type="button"
          className="rt-button rt-secondary"
          disabled={loading}
          onClick={() => void loadMore()}
        >
          Show older mentions
        </button>
      ) : null}
    </>
  );
}

function Row({ mention: m, now, focused }: { mention: Mention; now: Date; focused: boolean }) {
  const selected = useInbox((s) => s.selected.includes(m.id));
  const focus = useInbox((s) => s.focus);
  const toggle = useInbox((s) => s.toggleSelected);
  const track = useInbox((s) => s.track);
  const openMenu = useInbox((s) => s.openMenu);
  const busy = useInbox((s) => s.busy);
  const menu = useInbox((s) =>
    s.menu?.ids.length === 1 && s.menu.ids[0] === m.id ? s.menu.kind : undefined,
  );
  const sla = slaState(m, now);
  const category = effectiveCategory(m);
  const confidence = confidenceInWords({ confidence: m.suggestion.confidence, matched: m.suggestion.reason });
  const reach = mentionReach(m);
  const who = `${m.authorHandle} on ${PLATFORM_LABEL[m.platform] ?? m.platform}`;
  return (
    <li
      className="rt-inbox-row"
      data-id={m.id}
      data-testid="inbox-row"
      data-focused={String(focused)}
      data-status={m.status}
      data-sla={sla.kind}
      tabIndex={focused ? 0 : -1}
      aria-label={`${who}, ${categoryLabel(category)}, ${m.suggestion.polarity}, ${sla.text}`}
      aria-current={focused ? 'true' : undefined}
      onFocus={(e) => {
        if (e.target === e.currentTarget || !focused) focus(m.id);
      }}
    >
      <input
        type="checkbox"
        className="rt-inbox-check"
        checked={selected}
        aria-label={`Check the post by ${who}`}
        tabIndex={-1}
        onChange={() => toggle(m.id)}
      />
      <div className="rt-inbox-main">
        <p className="rt-inbox-meta">
          <strong>{m.authorHandle}</strong>
          <span>{PLATFORM_LABEL[m.platform] ?? m.platform}</span>
          <span>{reach > 0 ? `${compactNumber(reach)} reach` : 'reach unknown'}</span>
          <span className={`rt-sla rt-sla-${sla.kind}`} data-testid="inbox-sla">
            {sla.text}
          </span>
        </p>
        {/* Text as text: a post's markup-looking content is never interpreted. */}
        <p className="rt-inbox-text" data-testid="inbox-text">
          {m.textDropped ? <em>Text removed after the retention period.</em> : m.text}
        </p>
        <p className="rt-inbox-why">
          <span className={`rt-polarity rt-polarity-${m.suggestion.polarity}`}>{m.suggestion.polarity}</span>{' '}
          <span data-testid="inbox-category">
            {m.category ? categoryLabel(category) : `${categoryLabel(category)} (${confidence.text})`}
          </span>
          {!m.category && m.suggestion.reason.length > 0 ? (
            <span className="rt-muted"> because of “{m.suggestion.reason.slice(0, 4).join('”, “')}”</span>
          ) : null}
          <span className="rt-muted"> · {m.suggestion.language}</span>
          <span className="rt-muted" data-testid="inbox-replied">
            {' · '}
            {m.repliedBy.length > 0 ? `replied by ${m.repliedBy.join(', ')}` : 'no reply from the team yet'}
          </span>
          {m.assignee ? <span className="rt-muted"> · assigned to {m.assignee}</span> : null}
          {m.status !== 'new' ? (
            <span className="rt-muted">
              {' · '}
              {m.status === 'dismissed'
                ? `dismissed (${m.dismissReason ? REASON_LABEL[m.dismissReason] : 'no reason'})`
                : 'tracked'}
            </span>
          ) : null}
        </p>
        {menu === 'dismiss' ? <DismissMenu /> : null}
        {menu === 'assign' ? <AssignMenu /> : null}
      </div>
      <div className="rt-inbox-actions">
        <a href={m.url} target="_blank" rel="noreferrer noopener" tabIndex={-1}>
          Open<span className="rt-visually-hidden"> the post by {who}</span>
        </a>
        {m.status === 'new' ? (
          <button
            type="button"
            className="rt-button"
            tabIndex={-1}
            disabled={busy}
            aria-label={`Track the post by ${who}`}
            onClick={() => void track([m.id])}
          >
            Track
          </button>
        ) : null}
        {m.status !== 'tracked' ? (
          <button
            type="button"
            className="rt-button rt-secondary"
            tabIndex={-1}
            disabled={busy}
            aria-label={`Dismiss the post by ${who}`}
            onClick={() => openMenu('dismiss', [m.id])}
          >
            Dismiss
          </button>
        ) : null}
        <button
          type="button"
          className="rt-button rt-secondary"
          tabIndex={-1}
          disabled={busy}
          aria-label={`Assign the post by ${who}`}
          onClick={() => openMenu('assign', [m.id])}
        >
          Assign
        </button>
      </div>
    </li>
  );
}

const REASONS = DismissReasonSchema.options;

function DismissMenu() {
  const dismiss = useInbox((s) => s.dismiss);
  const close = useInbox((s) => s.closeMenu);
  const count = useInbox((s) => s.menu?.ids.length ?? 0);
  const first = useRef<HTMLButtonElement>(null);
  useEffect(() => first.current?.focus(), []);
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.key === 'Escape') {
      e.preventDefault();
      close();
      refocusRow();
      return;
    }
    const pick = REASONS[Number(e.key) - 1];
    if (pick) {
      e.preventDefault();
      e.stopPropagation();
      void dismiss(pick);
    }
  };
  return (
    <div
      className="rt-inbox-menu"
      role="menu"
      aria-label={`Why dismiss ${count === 1 ? 'it' : `these ${count}`}?`}
      data-testid="inbox-dismiss-menu"
      onKeyDown={onKeyDown}
    >
      <span>Why dismiss?</span>
      {REASONS.map((r: DismissReason, i) => (
        <button
          key={r}
          ref={i === 0 ? first : undefined}
          type="button"
          role="menuitem"
          className="rt-button rt-secondary"
          onClick={() => void dismiss(r)}
        >
          <kbd>{i + 1}</kbd> {REASON_LABEL[r][0]!.toUpperCase() + REASON_LABEL[r].slice(1)}
        </button>
      ))}
      <button type="button" role="menuitem" className="rt-link" onClick={close}>
        Cancel
      </button>
    </div>
  );
}

function AssignMenu() {
  const members = useInbox((s) => s.members);
  const assign = useInbox((s) => s.assign);
  const close = useInbox((s) => s.closeMenu);
  const [name, setName] = useState('');
  const id = useId();
  const select = useRef<HTMLSelectElement>(null);
  useEffect(() => {
    if (members) select.current?.focus();
  }, [members]);
  return (
    <form
      className="rt-inbox-menu"
      data-testid="inbox-assign-menu"
      onKeyDown={(e) => {
        if (e.key !== 'Escape') return;
        e.preventDefault();
        close();
        refocusRow();
      }}
      onSubmit={(e) => {
        e.preventDefault();
        if (name) void assign(name === '\u0000' ? null : name);
      }}
    >
      <label htmlFor={id}>Assign to</label>
      {members ? (
        <select id={id} ref={select} value={name} onChange={(e) => setName(e.target.value)}>
          <option value="">Choose a member…</option>
          {members.map((n) => (
            <option key={n} value={n}>
              {n}
            </option>
          ))}
          <option value={'\u0000'}>Nobody (unassign)</option>
        </select>
      ) : (
        <span className="rt-muted">Loading the team…</span>
      )}
      <button type="submit" className="rt-button" disabled={!name}>
        Assign
      </button>
      <button type="button" className="rt-link" onClick={close}>
        Cancel
      </button>
    </form>
  );
}

function Help() {
  const open = useInbox((s) => s.helpOpen);
  const setHelp = useInbox((s) => s.setHelp);
  if (!open) return null;
  return (
    <div className="rt-inbox-help" role="dialog" aria-label="Inbox keys" data-testid="inbox-help">
      <h3>Keys in the inbox list</h3>
      <dl>
        {KEYS.map((k) => (
          <div key={k.keys}>
            <dt>
              <kbd>{k.keys}</kbd>
            </dt>
            <dd>{k.does}</dd>
          </div>
        ))}
      </dl>
      <button type="button" className="rt-button rt-secondary" onClick={() => setHelp(false)}>
        Close
      </button>
    </div>
  );
}
