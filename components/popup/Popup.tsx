import { useEffect } from 'react';
import { SettingsStoreContext, useSettings } from '../../lib/popup/react';
import { type SettingsStore, selectIsManager } from '../../lib/popup/store';
import { HealthNotice } from '../sidebar/HealthNotice';
import { SyncState } from './SyncState';
import { TeamView } from './TeamView';

export interface PopupProps {
  store: SettingsStore;
  onOpenOptions: () => void;
  /** Opens the team report (managers and leads). */
  onOpenDashboard?: () => void;
  now?: () => Date;
  pollMs?: number;
}

const systemNow = () => new Date();

export function Popup({ store, onOpenOptions, onOpenDashboard, now = systemNow, pollMs }: PopupProps) {
  useEffect(() => store.getState().watch(pollMs), [store, pollMs]);
  return (
    <SettingsStoreContext value={store}>
      <main className="rt-popup">
        <header className="rt-header">
          <h1>Reply Tracker</h1>
          <button type="button" className="rt-link" onClick={onOpenOptions}>
            Settings
          </button>
        </header>
        <SiteHealth />
        <SyncState now={now} onOpenOptions={onOpenOptions} />
        <ManagerOnly now={now} onOpenDashboard={onOpenDashboard} />
      </main>
    </SettingsStoreContext>
  );
}

function SiteHealth() {
  const warnings = useSettings((s) => s.healthWarnings);
  return <HealthNotice warnings={warnings} className="rt-card" />;
}

function ManagerOnly({ now, onOpenDashboard }: { now: () => Date; onOpenDashboard?: () => void }) {
  const isManager = useSettings(selectIsManager);
  const connected = useSettings((s) => s.status?.connected ?? false);
  if (!isManager || !connected) return null;
  return (
    <>
      {onOpenDashboard && (
        <button type="button" className="rt-link" data-testid="open-dashboard" onClick={onOpenDashboard}>
          Team report
        </button>
      )}
      <TeamView now={now} />
    </>
  );
}
