import { useEffect } from 'react';
import { SettingsStoreContext, useSettings } from '../../lib/popup/react';
import { type SettingsStore, selectIsManager } from '../../lib/popup/store';
import { SyncState } from './SyncState';
import { TeamView } from './TeamView';

export interface PopupProps {
  store: SettingsStore;
  onOpenOptions: () => void;
  now?: () => Date;
  pollMs?: number;
}

const systemNow = () => new Date();

export function Popup({ store, onOpenOptions, now = systemNow, pollMs }: PopupProps) {
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
        <SyncState now={now} onOpenOptions={onOpenOptions} />
        <ManagerOnly now={now} />
      </main>
    </SettingsStoreContext>
  );
}

function ManagerOnly({ now }: { now: () => Date }) {
  const isManager = useSettings(selectIsManager);
  const connected = useSettings((s) => s.status?.connected ?? false);
  return isManager && connected ? <TeamView now={now} /> : null;
}
