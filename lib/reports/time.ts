/**
 * Calendar arithmetic in the lead's IANA time zone, with nothing but `Intl`: the server computes
 * the UTC instants of local day and month boundaries here and compares stored UTC text against them.
 */

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(tz: string): Intl.DateTimeFormat {
  let f = formatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: tz,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(tz, f);
  }
  return f;
}

export interface LocalDate {
  year: number;
  /** 1–12 */
  month: number;
  day: number;
}

interface Wall extends LocalDate {
  hour: number;
  minute: number;
  second: number;
}

function wallClock(tz: string, instant: number): Wall {
  const parts: Record<string, number> = {};
  for (const p of formatter(tz).formatToParts(new Date(instant))) {
    if (p.type !== 'literal') parts[p.type] = Number(p.value);
  }
  return {
    year: parts.year!,
    month: parts.month!,
    day: parts.day!,
    hour: parts.hour!,
    minute: parts.minute!,
    second: parts.second!,
  };
}

/** The zone's offset from UTC at that instant, in ms (east positive). */
export function offsetMs(tz: string, instant: number): number {
  const w = wallClock(tz, instant);
  const wall = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  return wall - (instant - (((instant % 1000) + 1000) % 1000));
}

export function localDateOf(tz: string, instant: number): LocalDate {
  const { year, month, day } = wallClock(tz, instant);
  return { year, month, day };
}

/**
 * The first instant of a local calendar day. Offsets sampled a day and a half either side stand for
 * "before" and "after" any transition that day (zones never change twice in three days). When local
 * midnight happens twice (clocks back) the earlier one wins; when it is skipped (clocks forward at
 * midnight, e.g. America/Santiago) the day starts when the clocks jump.
 */
export function startOfLocalDay(tz: string, d: LocalDate): number {
  const wall = Date.UTC(d.year, d.month - 1, d.day);
  const candidates = [offsetMs(tz, wall - 36 * HOUR), offsetMs(tz, wall + 36 * HOUR)].map((o) => wall - o);
  const consistent = candidates.filter((t) => t + offsetMs(tz, t) === wall);
  return consistent.length > 0 ? Math.min(...consistent) : Math.max(...candidates);
}

/** Pure calendar arithmetic; `Date.UTC` normalises overflowing days and months. */
export function addDays(d: LocalDate, n: number): LocalDate {
  const t = new Date(Date.UTC(d.year, d.month - 1, d.day + n));
  return { year: t.getUTCFullYear(), month: t.getUTCMonth() + 1, day: t.getUTCDate() };
}

export function addMonths(d: LocalDate, n: number): LocalDate {
  const t = new Date(Date.UTC(d.year, d.month - 1 + n, 1));
  return { year: t.getUTCFullYear(), month: t.getUTCMonth() + 1, day: Math.min(d.day, 28) };
}

export function daysBetween(a: LocalDate, b: LocalDate): number {
  return Math.round(
    (Date.UTC(b.year, b.month - 1, b.day) - Date.UTC(a.year, a.month - 1, a.day)) / (24 * HOUR),
  );
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

export function formatLocalDate(d: LocalDate): string {
  return `${pad(d.year, 4)}-${pad(d.month)}-${pad(d.day)}`;
}

export function parseLocalDate(s: string): LocalDate {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) throw new Error(`Not a YYYY-MM-DD date: ${s}`);
  return { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) };
}

export function compareLocalDates(a: LocalDate, b: LocalDate): number {
  return formatLocalDate(a) < formatLocalDate(b) ? -1 : formatLocalDate(a) > formatLocalDate(b) ? 1 : 0;
}

/**
 * ISO 8601 with the zone's offset, e.g. `2026-11-01T02:30:00.000+03:00`: what a spreadsheet user in
 * that zone expects to read, and still one exact instant.
 */
export function formatInZone(tz: string, iso: string): string {
  const instant = Date.parse(iso);
  const off = offsetMs(tz, instant);
  const local = new Date(instant + off).toISOString().slice(0, 23);
  const sign = off < 0 ? '-' : '+';
  const abs = Math.abs(off) / MINUTE;
  return `${local}${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/**
 * `formatInZone` for long runs of ascending timestamps (an export): offsets only change at
 * transitions, so the last minute's offset is reused until the minute changes.
 */
export function zoneFormatter(tz: string): (iso: string) => string {
  if (tz === 'UTC') return (iso) => iso;
  let lastMinute = '';
  let lastSuffix = '';
  let lastOff = 0;
  return (iso) => {
    const minute = iso.slice(0, 16);
    const instant = Date.parse(iso);
    if (minute !== lastMinute) {
      lastMinute = minute;
      lastOff = offsetMs(tz, instant);
      const abs = Math.abs(lastOff) / MINUTE;
      lastSuffix = `${lastOff < 0 ? '-' : '+'}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
    }
    return `${new Date(instant + lastOff).toISOString().slice(0, 23)}${lastSuffix}`;
  };
}
