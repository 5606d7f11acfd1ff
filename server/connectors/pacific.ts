/**
 * YouTube's daily quota resets at midnight Pacific time (America/Los_Angeles, so 07:00 or 08:00 UTC
 * depending on daylight saving). The zone database decides which.
 */
const fmt = new Intl.DateTimeFormat('en-US', {
  timeZone: 'America/Los_Angeles',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

function pacificParts(ms: number) {
  const p = Object.fromEntries(fmt.formatToParts(new Date(ms)).map((x) => [x.type, x.value]));
  return {
    y: Number(p.year),
    m: Number(p.month),
    d: Number(p.day),
    h: Number(p.hour),
    min: Number(p.minute),
  };
}

/** The first midnight in Los Angeles after `now`. */
export function nextPacificMidnight(now: Date): Date {
  const today = pacificParts(now.getTime());
  // Midnight of the next Pacific calendar day is 07:00 UTC (PDT) or 08:00 UTC (PST) of that date.
  for (const offset of [7, 8]) {
    const candidate = Date.UTC(today.y, today.m - 1, today.d + 1, offset);
    const p = pacificParts(candidate);
    if (p.h === 0 && p.min === 0) return new Date(candidate);
  }
  // Not reached with real zone data; a day later is a safe fallback.
  return new Date(now.getTime() + 86_400_000);
}
