import { z } from 'zod';

/**
 * Text Postgres cannot store: NUL (refused by `text` and `jsonb`) and a UTF-16 surrogate without its
 * pair (no UTF-8 form; Postgres refuses it, SQLite would keep mojibake). Refused by every free-text
 * field on both sides, so a bad string is a clear 400 on either database, never a 500 or a stuck outbox.
 */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const LONE_SURROGATES = new RegExp(LONE_SURROGATE.source, 'g');
export const UNSTORABLE_TEXT_MESSAGE = 'must not contain NUL (\\u0000) or an unpaired surrogate character';

/** True when a database can store `s` as text exactly as it is. */
export function storableText(s: string): boolean {
  return !s.includes('\0') && !LONE_SURROGATE.test(s);
}

/**
 * What the extension does with text it captured from a page before logging it: NUL removed, a lone
 * surrogate (a page or a clip cut an emoji in half) replaced by U+FFFD, so a real action is never refused.
 */
export function cleanText(s: string): string {
  return storableText(s) ? s : s.replaceAll('\0', '').replace(LONE_SURROGATES, '\uFFFD');
}

/** The one free-text type: every string a client writes goes through it (then `.max()`, `.trim()`…). */
export const TextSchema = z.string().refine(storableText, UNSTORABLE_TEXT_MESSAGE);

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

/** Which kind of page the ambassador is on. Platform adapters map their URLs onto these. */
export type PageKind =
  | 'status' // X: one tweet and its replies
  | 'home'
  | 'profile'
  | 'search'
  | 'notifications'
  | 'watch' // YouTube
  | 'shorts'
  | 'other';
