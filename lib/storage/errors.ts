/** Turns IndexedDB failures into words an ambassador can act on. */
export function describeStorageError(err: unknown): string {
  const name = (err as { name?: string } | null)?.name ?? '';
  const inner = (err as { inner?: { name?: string } } | null)?.inner?.name ?? '';
  if (name === 'QuotaExceededError' || inner === 'QuotaExceededError') {
    // No promise that nothing is lost: the unsaved actions wait in the tab that saw them (logger.ts).
    return 'The browser has no room left to store your activity. Free some disk space so Reply Tracker can save it.';
  }
  if (name === 'ConstraintError') return 'This activity is already logged.';
  const message = err instanceof Error ? err.message : String(err);
  return `Could not save to the extension's database: ${message}`;
}
