import { z } from 'zod';

export const PlatformSchema = z.enum(['x', 'youtube']);
export type Platform = z.infer<typeof PlatformSchema>;

/**
 * The range every timestamp must fall in, in UTC. Stored as `toISOString()` text, an instant must keep a
 * four-digit year to sort and parse back (year 10000 becomes `+010000-…`, year 0 minus an hour `-000001-…`);
 * the margin keeps it a four-digit year in every time zone (±14 h) too, so a report or an export in the
 * lead's zone, Postgres `timestamptz` and Excel's dates (1900-9999) can all hold it. Nothing the team
 * logs or tracks is older than the Unix epoch.
 */
export const MIN_TIMESTAMP = '1970-01-01T00:00:00.000Z';
export const MAX_TIMESTAMP = '9999-12-30T23:59:59.999Z';
const MIN_TIMESTAMP_MS = Date.parse(MIN_TIMESTAMP);
const MAX_TIMESTAMP_MS = Date.parse(MAX_TIMESTAMP);

/** True for an instant (ms since the epoch) inside [MIN_TIMESTAMP, MAX_TIMESTAMP]. */
export function timestampInRange(ms: number): boolean {
  return Number.isFinite(ms) && ms >= MIN_TIMESTAMP_MS && ms <= MAX_TIMESTAMP_MS;
}

/** An in-range instant written with any offset and kept as written: times shown in the lead's zone. */
export const ZonedDateTimeSchema = z.iso
  .datetime({ offset: true })
  .refine((s) => timestampInRange(Date.parse(s)), {
    message: `must be between ${MIN_TIMESTAMP} and ${MAX_TIMESTAMP}`,
  });

/**
 * The one timestamp type of every stored record, on both sides: ISO 8601 with an offset, inside the range
 * above, normalised to UTC `Date#toISOString()` form (`2026-11-20T11:00:00.000Z`), so what is validated
 * is exactly what is stored, compared as text, and read back.
 */
export const IsoDateTimeSchema = ZonedDateTimeSchema.transform((s) => new Date(s).toISOString());

/** Lowercase, so one id is one id however a client spells it (ids are compared as text everywhere). */
export const UuidSchema = z.uuid().transform((s) => s.toLowerCase());

/** An id a platform gives a post or comment: X status ids are digits, YouTube ids are url-safe base64. */
export const PlatformIdSchema = z
  .string()
  .min(1)
  .max(100)
  .regex(/^[A-Za-z0-9_.-]+$/, 'must be a platform id (letters, digits, _ . -)');

export const HttpUrlSchema = z
  .string()
  .max(2048)
  .refine((s) => {
    try {
      const u = new URL(s);
      return u.protocol === 'https:' || u.protocol === 'http:';
    } catch {
      return false;
    }
  }, 'must be an http(s) URL');
