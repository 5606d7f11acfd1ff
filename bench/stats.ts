/** Order statistics of timing samples (nearest-rank), as every bench section prints them. */
export function stats(samples: readonly number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  return { median: at(0.5), p95: at(0.95), p99: at(0.99), max: sorted.at(-1)! };
}
