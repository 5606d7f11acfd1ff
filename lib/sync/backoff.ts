export const BACKOFF_BASE_MS = 5_000;
export const BACKOFF_CAP_MS = 10 * 60_000;

/**
 * Delay before the next try after `failures` failed runs in a row: doubling from 5 s up to 10 min,
 * with "equal jitter" (half fixed, half random) so a hundred laptops waking together spread out
 * but none retries sooner than half the step.
 */
export function backoffDelay(failures: number, random: () => number): number {
  const step = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** Math.max(0, failures - 1));
  return step / 2 + random() * (step / 2);
}
