import { createContext, useContext } from 'react';
import { useStore } from 'zustand';
import type { SidebarState, SidebarStore } from './store';

export const SidebarStoreContext = createContext<SidebarStore | null>(null);

export function useSidebarStore(): SidebarStore {
  const store = useContext(SidebarStoreContext);
  if (!store) throw new Error('useSidebar needs a <Sidebar store={…}> (or SidebarStoreContext) above it');
  return store;
}

/**
 * Reads from the sidebar store with a selector. Select primitives or existing objects: a selector that
 * builds a new object each call re-renders forever under React 19's useSyncExternalStore.
 */
export function useSidebar<T>(selector: (s: SidebarState) => T): T {
  return useStore(useSidebarStore(), selector);
}
