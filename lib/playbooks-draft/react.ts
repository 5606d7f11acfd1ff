import { createContext, useContext } from 'react';
import { useStore } from 'zustand';
import type { PlaybooksDraftState, PlaybooksDraftStore } from './store';

export const PlaybooksDraftContext = createContext<PlaybooksDraftStore | null>(null);

/** Reads the playbooks draft (the options page's Playbooks section) with a selector; select primitives or existing objects. */
export function useDraft<T>(selector: (s: PlaybooksDraftState) => T): T {
  const store = useContext(PlaybooksDraftContext);
  if (!store) throw new Error('useDraft needs a PlaybooksDraftContext provider above it');
  return useStore(store, selector);
}
