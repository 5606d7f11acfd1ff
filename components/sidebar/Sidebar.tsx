import { type Ref, type RefObject, useEffect, useId, useRef } from 'react';
import { threadKey } from '../../lib/sidebar/playbook';
import { SidebarStoreContext, useSidebar } from '../../lib/sidebar/react';
import { TOGGLE_SHORTCUT_LABEL } from '../../lib/sidebar/shortcut';
import { type SidebarStore, selectTrackedHere } from '../../lib/sidebar/store';
import { type InputJudgements, JudgedInputs, RequireTrustedEvents } from '../../lib/sidebar/trusted';
import { Header } from './Header';
import { HealthNotice } from './HealthNotice';
import { ChevronLeftIcon } from './icons';
import { MyCounts } from './MyCounts';
import { MyEvents } from './MyEvents';
import { PlaybookSection } from './PlaybookSection';
import { QueueSection } from './QueueSection';
import { TeamActivity } from './TeamActivity';
import { ThreadSection } from './ThreadSection';

export interface SidebarProps {
  store: SidebarStore;
  /** Manager-only actions need a person's own click (lib/sidebar/trusted.ts); only tests turn this off. */
  requireTrustedEvents?: boolean;
  /** Told of every judgement of those clicks (the content script's settled probe counts them). */
  inputs?: InputJudgements;
}

/** The whole sidebar; the content script mounts it in the `<reply-tracker-sidebar>` shadow root. */
export function Sidebar({ store, requireTrustedEvents = true, inputs }: SidebarProps) {
  useEffect(() => store.getState().connect(), [store]);
  return (
    <SidebarStoreContext value={store}>
      <RequireTrustedEvents value={requireTrustedEvents}>
        <JudgedInputs value={inputs}>
          <SidebarRoot />
        </JudgedInputs>
      </RequireTrustedEvents>
    </SidebarStoreContext>
  );
}

function SidebarRoot() {
  const isOpen = useSidebar((s) => s.isOpen);
  const theme = useSidebar((s) => s.theme);
  const open = useSidebar((s) => s.open);
  const collapse = useSidebar((s) => s.collapse);
  const hasThread = useSidebar((s) => (s.selected ?? s.context) !== undefined);
  const panelId = useId();
  const titleId = useId();
  const tabRef = useRef<HTMLButtonElement>(null);
  const collapseRef = useRef<HTMLButtonElement>(null);
  const scrollRef = useRef<HTMLDivElement>(null);
  // A click on collapse/expand keeps focus on the matching button; the shortcut's focusIn lands on the panel.
  const moveFocus = useRef(false);
  const panelRef = useRef<HTMLElement>(null);
  const focusRequest = useSidebar((s) => s.focusRequest);
  useEffect(() => {
    if (focusRequest > 0) panelRef.current?.focus();
  }, [focusRequest]);

  useEffect(() => {
    if (!moveFocus.current) return;
    moveFocus.current = false;
    (isOpen ? collapseRef : tabRef).current?.focus();
  }, [isOpen]);

  return (
    <div
      className="rt-root"
      data-theme={theme}
      data-state={isOpen ? 'open' : 'collapsed'}
      data-testid="rt-sidebar"
    >
      {isOpen ? (
        // tabIndex -1: the shortcut can focus the panel itself, so a screen reader starts at its name.
        <aside ref={panelRef} id={panelId} className="rt-panel" aria-labelledby={titleId} tabIndex={-1}>
          <Header
            titleId={titleId}
            panelId={panelId}
            collapseRef={collapseRef}
            onCollapse={() => {
              moveFocus.current = true;
              collapse();
            }}
          />
          <div className="rt-scroll" ref={scrollRef} data-testid="rt-scroll">
            <TopOnNewThread scrollRef={scrollRef} />
            <CaptureError />
            <SiteHealth />
            <LoadError />
            <ThreadSection />
            {hasThread && <PlaybookSection />}
            {hasThread && <TeamActivity />}
            {hasThread && <MyEvents />}
            <QueueSection />
            <MyCounts />
          </div>
        </aside>
      ) : (
        <Tab
          tabRef={tabRef}
          onOpen={() => {
            moveFocus.current = true;
            open();
          }}
        />
      )}
    </div>
  );
}

/**
 * A new thread starts at the top: its status and templates, not halfway down the last one. A component
 * of its own, so a new thread renders this and the parts that show the thread, not the whole sidebar
 * (issue 10: the root re-rendered every section, the header and the counts included, on each Short).
 */
function TopOnNewThread({ scrollRef }: { scrollRef: RefObject<HTMLDivElement | null> }) {
  const threadKeyHere = useSidebar((s) => {
    const t = s.selected ?? s.context;
    return t ? threadKey(t) : '';
  });
  const lastThread = useRef(threadKeyHere);
  useEffect(() => {
    if (lastThread.current === threadKeyHere) return;
    lastThread.current = threadKeyHere;
    scrollRef.current?.scrollTo?.({ top: 0 });
  }, [threadKeyHere, scrollRef]);
  return null;
}

function Tab({ tabRef, onOpen }: { tabRef: Ref<HTMLButtonElement>; onOpen(): void }) {
  const tracked = useSidebar((s) => selectTrackedHere(s) !== undefined);
  return (
    <button
      ref={tabRef}
      type="button"
      className="rt-tab"
      data-testid="rt-tab"
      aria-expanded="false"
      title={`Open Reply Tracker (${TOGGLE_SHORTCUT_LABEL})`}
      onClick={onOpen}
    >
      <ChevronLeftIcon className="rt-tab-icon" />
      <span className="rt-tab-label">Reply Tracker</span>
      {tracked && (
        <span className="rt-tab-dot" data-testid="rt-tab-tracked">
          <span className="rt-visually-hidden">, this thread is tracked</span>
        </span>
      )}
    </button>
  );
}

function LoadError() {
  const message = useSidebar((s) => s.loadError);
  const refresh = useSidebar((s) => s.refresh);
  const loading = useSidebar((s) => s.loading);
  if (!message) return null;
  return (
    <div className="rt-error rt-error-banner" role="alert" data-testid="rt-error">
      <p>{message}</p>
      <button type="button" className="rt-link-button" disabled={loading} onClick={() => void refresh()}>
        Try again
      </button>
    </div>
  );
}

function SiteHealth() {
  const warnings = useSidebar((s) => s.healthWarnings);
  return <HealthNotice warnings={warnings} className="rt-error-banner" />;
}

function CaptureError() {
  const message = useSidebar((s) => s.captureError);
  if (!message) return null;
  return (
    <div className="rt-error rt-error-banner" role="alert" data-testid="rt-capture-error">
      <p>{message}</p>
    </div>
  );
}
