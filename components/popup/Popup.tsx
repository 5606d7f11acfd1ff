import { useEffect } from 'react';
import type { CaptureStore } from '../../lib/pages/capture-store';
import { PagesStoreContext, usePages } from '../../lib/pages/react';
import { type PagesStore, selectIsManager } from '../../lib/pages/store';
import { tallyLine } from '../../lib/sidebar/format';
import { HealthNotice } from '../sidebar/HealthNotice';
import { CaptureCard, MentionAlerts } from './CaptureState';
import { SyncState } from './SyncState';
import { TeamView } from './TeamView';

export interface PopupProps {
  store: PagesStore;
  /** Mention capture in this browser and a manager's alerts; without it the card is left out. */
  capture?: CaptureStore;
  onOpenOptions: () => void;
  /** Opens the team report (managers and leads). */
  onOpenDashboard?: () => void;
  now?: () => Date;
  pollMs?: number;
}

const systemNow = () => new Date();

export function Popup({
  store,
  capture,
  onOpenOptions,
  onOpenDashboard,
  now = systemNow,
  pollMs,
}: PopupProps) {
  useEffect(() => store.getState().watch(pollMs), [store, pollMs]);
  return (
    <PagesStoreContext value={store}>
      <main className="rt-popup">
        <header className="rt-header">
          <h1>Reply Tracker</h1>
          <button type="button" className="rt-link" onClick={onOpenOptions}>
            Settings
          </button>
        </header>
        <SiteHealth />
        <SyncState now={now} onOpenOptions={onOpenOptions} />
        <MyActivity />
        {capture ? <CaptureCard store={capture} /> : null}
        <ManagerOnly now={now} onOpenDashboard={onOpenDashboard} capture={capture} />
      </main>
    </PagesStoreContext>
  );
}

/** My own numbers, as the sidebar's header counts them (lib/domain/metrics). */
function MyActivity() {
  const counts = usePages((s) => s.counts);
  if (!counts) return null;
  return (
    <section aria-labelledby="rt-mine-title" className="rt-card" data-testid="popup-my-activity">
      <h2 id="rt-mine-title" className="rt-title">
        My activity
      </h2>
      <dl className="rt-stats rt-stats-words">
        <div>
          <dt>Today</dt>
          <dd data-testid="popup-today">{tallyLine(counts.today)}</dd>
        </div>
        <div>
          <dt>This month</dt>
          <dd data-testid="popup-month">{tallyLine(counts.month)}</dd>
        </div>
      </dl>
    </section>
  );
}

function SiteHealth() {
  const warnings = usePages((s) => s.healthWarnings);
  return <HealthNotice warnings={warnings} className="rt-card" />;
}

function ManagerOnly({
  now,
  onOpenDashboard,
  capture,
}: {
  now: () => Date;
  onOpenDashboard?: () => void;
  capture?: CaptureStore | undefined;
}) {
  const isManager = usePages(selectIsManager);
  const connected = usePages((s) => s.status?.connected ?? false);
  if (!isManager || !connected) return null;
  return (
    <>
      {capture ? <MentionAlerts store={capture} onOpenDashboard={onOpenDashboard} /> : null}
      {onOpenDashboard && (
        <button type="button" className="rt-link" data-testid="open-dashboard" onClick={onOpenDashboard}>
          Team report
        </button>
      )}
      <TeamView now={now} />
    </>
  );
}
