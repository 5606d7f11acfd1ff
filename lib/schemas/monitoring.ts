import { z } from 'zod';
import { IsoDateTimeSchema, TextSchema } from './common';

/**
 * What the team monitors (`/api/v1/monitoring`): one document, versioned and published like playbooks.
 * The matcher that applies it lives in lib/monitoring/match.ts.
 */

export const MAX_TERMS = 500;

/** A YouTube channel id: `UC` and 22 url-safe base64 characters. */
export const YOUTUBE_CHANNEL_ID_RE = /^UC[A-Za-z0-9_-]{22}$/;

/**
 * One term, written the way a manager thinks of it; the first character says its kind:
 * - `@finvo`: an X handle mentioned in (or replied to by) a post; in `exclude` also the post's author
 * - `$FINV`: a cashtag; `#finvo`: a hashtag
 * - `UC…` (24 characters): a YouTube channel id (videos of that channel, and comments under them)
 * - anything else: a word or phrase, any case, whole words (`finvo` does not match `finvoice`);
 *   a trailing `*` matches word beginnings (`финв*` for Russian case endings)
 */
export const TermSchema = TextSchema.trim()
  .min(1, 'a term cannot be empty')
  .max(100, 'a term is at most 100 characters')
  .refine((s) => !/^[@$#]$/.test(s) && !/^[@$#]\s/.test(s), 'a sign (@ $ #) needs a name right after it')
  .refine((s) => !/^\*|\s\*|^[@$#]?\*$/.test(s), '`*` may only end a word')
  .refine((s) => !/^@\S/.test(s) || /^@[A-Za-z0-9_]{1,50}\*?$/.test(s), 'a handle is letters, digits and _')
  .refine(
    (s) => !/^[$#]\S/.test(s) || /^[$#][\p{L}\p{N}_]{1,60}\*?$/u.test(s),
    'a cashtag or hashtag is one word',
  );
export type Term = z.infer<typeof TermSchema>;

const termList = z
  .array(TermSchema)
  .max(MAX_TERMS, `at most ${MAX_TERMS} terms`)
  .default([])
  // The same term twice (any case) is kept once, in its first spelling.
  .transform((list) => {
    const seen = new Set<string>();
    return list.filter((t) => {
      const key = t.toLowerCase();
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
  });

export const MonitoringTermsSchema = z.object({
  include: termList,
  /** A post that matches any of these is not a mention, even if it matches `include` (e.g. job ads). */
  exclude: termList,
});
export type MonitoringTerms = z.infer<typeof MonitoringTermsSchema>;

export const AlertSettingsSchema = z.object({
  /** Mentions in the last hour at least this many times the same hour's 7-day average: a spike. */
  spikeFactor: z.number().min(1.1).max(100).default(3),
  /** A quiet hour does not become a "spike" over two posts: at least this many mentions in the hour. */
  spikeMinMentions: z.number().int().min(1).max(100_000).default(5),
  /** A negative mention whose author has at least this many followers… */
  highReachFollowers: z.number().int().nonnegative().default(50_000),
  /** …or whose post has at least this many views, is raised at the top of the inbox. */
  highReachViews: z.number().int().nonnegative().default(100_000),
});
export type AlertSettings = z.infer<typeof AlertSettingsSchema>;

export const DEFAULT_RETENTION_DAYS = 180;

/** The body of `PUT /monitoring`, and what a manager edits in the options page. */
export const MonitoringSettingsSchema = z.object({
  terms: MonitoringTermsSchema.default({ include: [], exclude: [] }),
  /**
   * The team's switch for capture in members' browsers. With it on and at least one `include` term,
   * each connected member captures (and can pause it for themselves in the popup).
   */
  capture: z.object({ enabled: z.boolean().default(true) }).default({ enabled: true }),
  /** After this many days a mention's text (and author) is dropped; its counts and triage stay. */
  retentionDays: z.number().int().min(1).max(3650).default(DEFAULT_RETENTION_DAYS),
  alerts: AlertSettingsSchema.default(AlertSettingsSchema.parse({})),
});
export type MonitoringSettings = z.infer<typeof MonitoringSettingsSchema>;
export type MonitoringSettingsInput = z.input<typeof MonitoringSettingsSchema>;

export const DEFAULT_MONITORING_SETTINGS: MonitoringSettings = MonitoringSettingsSchema.parse({});

/** `GET /monitoring` (with `ETag: "<version>"`); version 0 means nobody has published terms yet. */
export const MonitoringDocumentSchema = MonitoringSettingsSchema.extend({
  version: z.number().int().nonnegative(),
  updatedAt: IsoDateTimeSchema,
  updatedBy: z.string(),
});
export type MonitoringDocument = z.infer<typeof MonitoringDocumentSchema>;

/** Capture runs in members' browsers only when the team has something to look for and did not switch it off. */
export function captureActive(settings: Pick<MonitoringSettings, 'terms' | 'capture'>): boolean {
  return settings.capture.enabled && settings.terms.include.length > 0;
}

/** What the content script needs to know to capture: the background answers it from its cache. */
export interface CaptureSettings {
  /** Connected, the team's switch on, terms published, and this member has not paused. */
  active: boolean;
  terms: MonitoringTerms | null;
  /** The terms' version, so a cached compilation is reused until the team publishes new ones. */
  version: number;
}
