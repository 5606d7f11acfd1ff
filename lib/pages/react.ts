import { createContext, useContext } from 'react';
import { useStore } from 'zustand';
import type { PagesState, PagesStore } from './store';

export const PagesStoreContext = createContext<PagesStore | null>(null);

/** Reads the popup/options store with a selector; select primitives or existing objects. */
export function usePages<T>(selector: (s: PagesState) => T): T {
  const store = useContext(PagesStoreContext);
  if (!store) throw new Error('usePages needs a PagesStoreContext provider above it');
  return useStore(store, selector);
}
