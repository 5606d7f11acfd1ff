import { useEffect } from 'react';
import type { PlaybookEditorStore } from '../../lib/popup/playbook-editor';
import { SettingsStoreContext } from '../../lib/popup/react';
import type { SettingsStore } from '../../lib/popup/store';
import { ConnectionSection } from './ConnectionSection';
import { PlaybooksSection } from './playbooks/PlaybooksSection';

export interface OptionsProps {
  store: SettingsStore;
  /** The playbooks editor's store; without it the section is left out. */
  editor?: PlaybookEditorStore;
  pollMs?: number;
}

/** The settings page, one section per concern. */
export function Options({ store, editor, pollMs }: OptionsProps) {
  useEffect(() => store.getState().watch(pollMs), [store, pollMs]);
  return (
    <SettingsStoreContext value={store}>
      <main className="rt-options">
        <header>
          <h1>Reply Tracker settings</h1>
        </header>
        <ConnectionSection />
        {editor ? <PlaybooksSection editor={editor} /> : null}
      </main>
    </SettingsStoreContext>
  );
}
