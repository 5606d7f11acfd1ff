import { createContext, useContext } from 'react';
import { useStore } from 'zustand';
import type { PlaybookEditorState, PlaybookEditorStore } from './store';

export const PlaybookEditorContext = createContext<PlaybookEditorStore | null>(null);

/** Reads the playbooks editor's store with a selector; select primitives or existing objects. */
export function useEditor<T>(selector: (s: PlaybookEditorState) => T): T {
  const store = useContext(PlaybookEditorContext);
  if (!store) throw new Error('useEditor needs a PlaybookEditorContext provider above it');
  return useStore(store, selector);
}
