import { createContext, useContext } from 'react';
import { useStore } from 'zustand';
import type { SettingsState, SettingsStore } from './store';

export const SettingsStoreContext = createContext<SettingsStore | null>(null);

/** Reads the popup/options store with a selector; select primitives or existing objects. */
export function useSettings<T>(selector: (s: SettingsState) => T): T {
  const store = useContext(SettingsStoreContext);
  if (!store) throw new Error('useSettings needs a SettingsStoreContext provider above it');
  return useStore(store, selector);
}
