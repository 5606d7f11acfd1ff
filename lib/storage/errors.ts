import { errorMessage } from '../errors';

/** IndexedDB (or Dexie wrapping it) refused a write for want of room. */
export function isQuotaError(err: unknown): boolean {
  const name = (err as { name?: string } | null)?.name ?? '';
  const inner = (err as { inner?: { name?: string } } | null)?.inner?.name ?? '';
  return name === 'QuotaExceededError' || inner === 'QuotaExceededError';
}

/** Turns IndexedDB failures into words an ambassador can act on. */
export function describeStorageError(err: unknown): string {
  const name = (err as { name?: string } | null)?.name ?? '';
  if (isQuotaError(err)) {
    // No promise that nothing is lost: a logged action the background could not hold either waits in
    // the tab that saw it (logger.ts); one it holds says so itself (storage/held.ts).
    return 'The browser has no room left to store your activity. Free some disk space so Reply Tracker can save it.';
  }
  if (name === 'ConstraintError') return 'This activity is already logged.';
  const message = errorMessage(err);
  return `Could not save to the extension's database: ${message}`;
}
