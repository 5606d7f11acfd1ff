import { useEffect } from 'react';
import { SettingsStoreContext } from '../../lib/popup/react';
import type { SettingsStore } from '../../lib/popup/store';
import { ConnectionSection } from './ConnectionSection';

export interface OptionsProps {
  store: SettingsStore;
  pollMs?: number;
}

/** The settings page, one section per concern (playbooks and exports join later). */
export function Options({ store, pollMs }: OptionsProps) {
  useEffect(() => store.getState().watch(pollMs), [store, pollMs]);
  return (
    <SettingsStoreContext value={store}>
      <main className="rt-options">
        <header>
          <h1>Reply Tracker settings</h1>
        </header>
        <ConnectionSection />
      </main>
    </SettingsStoreContext>
  );
}
