/** The document events a watcher reads; capture phase so the page cannot stop them before we see them. */
export type WatchedEvent = 'click' | 'keydown' | 'input';

export interface DocumentObservation {
  /** What the one MutationObserver on the document watches (both sites need attributes too). */
  init: MutationObserverInit;
  onMutations: (records: MutationRecord[]) => void;
  /** Capture-phase, passive listeners on the document: they only read, never cancel the page's events. */
  listeners: Partial<Record<WatchedEvent, (event: Event) => void>>;
}

/** Starts observing `doc`; the returned function undoes all of it. */
export function observeDocument(doc: Document, observation: DocumentObservation): () => void {
  // The document's own window: a watcher works on any Document it is given (a frame, jsdom).
  const Observer = doc.defaultView?.MutationObserver ?? MutationObserver;
  const observer = new Observer(observation.onMutations);
  observer.observe(doc, observation.init);
  const listeners = Object.entries(observation.listeners);
  for (const [type, listener] of listeners) {
    doc.addEventListener(type, listener, { capture: true, passive: true });
  }
  return () => {
    observer.disconnect();
    for (const [type, listener] of listeners) doc.removeEventListener(type, listener, { capture: true });
  };
}
