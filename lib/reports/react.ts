import { createContext, useContext } from 'react';
import { useStore } from 'zustand';
import type { DashboardState, DashboardStore } from './store';

export const DashboardStoreContext = createContext<DashboardStore | null>(null);

/** Reads the dashboard store with a selector; select primitives or existing objects. */
export function useDashboard<T>(selector: (s: DashboardState) => T): T {
  const store = useContext(DashboardStoreContext);
  if (!store) throw new Error('useDashboard needs a DashboardStoreContext provider above it');
  return useStore(store, selector);
}
