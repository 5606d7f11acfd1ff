/**
 * Asks the browser not to evict the activity log under storage pressure. `persist()` exists only in
 * window contexts: Chrome's service worker lacks it (there `unlimitedStorage` already exempts the
 * extension from eviction), Firefox's event page and every extension page have it.
 */
export async function requestPersistentStorage(
  storage: StorageManager | undefined = globalThis.navigator?.storage,
): Promise<'persisted' | 'denied' | 'unsupported'> {
  if (typeof storage?.persist !== 'function') return 'unsupported';
  try {
    if (await storage.persisted()) return 'persisted';
    return (await storage.persist()) ? 'persisted' : 'denied';
  } catch (err) {
    console.warn('Reply Tracker: could not request persistent storage', err);
    return 'denied';
  }
}
