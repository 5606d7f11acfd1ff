import { useEffect, useState } from 'react';
import { useSidebar } from '../../lib/sidebar/react';

/** The store's clock, re-read every half minute so "2 min ago" and SLA countdowns stay true. */
export function useNow(intervalMs = 30_000): Date {
  const now = useSidebar((s) => s.now);
  const [, setTick] = useState(0);
  useEffect(() => {
    const id = setInterval(() => setTick((t) => t + 1), intervalMs);
    return () => clearInterval(id);
  }, [intervalMs]);
  return now();
}
