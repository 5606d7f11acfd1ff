import { z } from 'zod';
import { IsoDateTimeSchema, PlatformSchema, TextSchema } from './common';

/**
 * Health of what the counting depends on (issue 14): each adapter declares its selectors and network
 * operations (lib/platforms/<site>/health.ts); the content script checks them on every page and keeps
 * one record per platform, page type and failed check. One contract for the extension and the server.
 */

/** What a member's counting is made of, in the words the sidebar uses. */
export const CountedSchema = z.enum(['replies', 'likes']);
export type Counted = z.infer<typeof CountedSchema>;

/** Which signal a check guards: the page's markup or the site's own calls. */
export const HealthSignalSchema = z.enum(['dom', 'network']);
export type HealthSignal = z.infer<typeof HealthSignalSchema>;

/** `like-button`, `answer:like`, `unknown-operation:FavoriteTweetV2`: short, stable, no personal text. */
export const HealthCheckIdSchema = z
  .string()
  .min(1)
  .max(120)
  .regex(/^[A-Za-z0-9_.:/-]+$/, 'must be a check id (letters, digits, _ . : / -)');

/** A page type (lib/platforms/types PageKind) or `any` for checks that are not about one page. */
export const HealthPageSchema = z
  .string()
  .min(1)
  .max(40)
  .regex(/^[a-z-]+$/);

/** One observation of a failed check, as the content script reports it. */
export const HealthObservationSchema = z.object({
  platform: PlatformSchema,
  page: HealthPageSchema,
  check: HealthCheckIdSchema,
  signal: HealthSignalSchema,
  /** What may not be counted while this check fails (empty: nothing is lost, the team is told). */
  affects: z.array(CountedSchema).max(2),
  /** For maintainers: the selector, the reason, the missing fields. Never page text. */
  detail: TextSchema.max(300).optional(),
  /** An unknown operation's shape: key paths only, never values. */
  shape: z.array(TextSchema.max(100)).max(50).optional(),
});
export type HealthObservation = z.infer<typeof HealthObservationSchema>;

/** A check that passed on this page, so an earlier failure of it is over. */
export const HealthPassSchema = HealthObservationSchema.pick({ platform: true, page: true, check: true });
export type HealthPass = z.infer<typeof HealthPassSchema>;

/** The kept record: the last observation plus when it was first and last seen, and by which version. */
export const HealthRecordSchema = HealthObservationSchema.extend({
  firstSeen: IsoDateTimeSchema,
  lastSeen: IsoDateTimeSchema,
  /** The extension version that saw it last: an update may have fixed it. */
  version: TextSchema.min(1).max(40),
  count: z.number().int().positive(),
  /** Set when the check passed after lastSeen: the record is history, no longer a warning. */
  okAt: IsoDateTimeSchema.optional(),
});
export type HealthRecord = z.infer<typeof HealthRecordSchema>;

export const healthKey = (r: HealthPass): string => `${r.platform}:${r.page}:${r.check}`;

// --- The team server (issue 14): records ride along with the sync; managers read who is affected ---

/** A site that keeps renaming things must not fill the member's upload or the server's table. */
export const MAX_HEALTH_RECORDS = 200;

/** `POST /me/health`: the records that changed since the last upload, as the extension keeps them. */
export const HealthUploadRequestSchema = z.object({
  /** The extension's version now: a record seen by an older one is not news any more. */
  version: TextSchema.min(1).max(40),
  records: z.array(HealthRecordSchema).max(MAX_HEALTH_RECORDS),
});
export type HealthUploadRequest = z.infer<typeof HealthUploadRequestSchema>;

export const HealthUploadResponseSchema = z.object({
  /** Records stored or updated (an older copy of a record the server has newer is skipped). */
  stored: z.number().int().nonnegative(),
  serverTime: IsoDateTimeSchema,
});
export type HealthUploadResponse = z.infer<typeof HealthUploadResponseSchema>;

/** One platform's trouble for one member, as the sidebar judges it (lib/health/status). */
export const TeamHealthWarningSchema = z.object({
  platform: PlatformSchema,
  /** `at-risk`: some actions have no working signal left; `degraded`: one signal still carries them. */
  level: z.enum(['at-risk', 'degraded']),
  atRisk: z.array(CountedSchema),
  degraded: z.array(CountedSchema),
  /** The earliest first sighting among the checks behind it. */
  since: IsoDateTimeSchema,
  checks: z.array(HealthCheckIdSchema),
});
export type TeamHealthWarning = z.infer<typeof TeamHealthWarningSchema>;

export const TeamHealthMemberSchema = z.object({
  name: z.string(),
  role: z.string(),
  /** The extension version the member last reported. */
  clientVersion: z.string().optional(),
  warnings: z.array(TeamHealthWarningSchema),
  /** Every check still failing for them, counting-relevant or not (missing fields, unknown calls). */
  records: z.array(HealthRecordSchema.extend({ receivedAt: IsoDateTimeSchema })),
});
export type TeamHealthMember = z.infer<typeof TeamHealthMemberSchema>;

/** `GET /team/health`: only members with a check failing now; nobody listed means nothing to fix. */
export const TeamHealthResponseSchema = z.object({
  generatedAt: IsoDateTimeSchema,
  members: z.array(TeamHealthMemberSchema),
});
export type TeamHealthResponse = z.infer<typeof TeamHealthResponseSchema>;

/** One page load's verdicts: the checks that failed and those that passed. */
export interface HealthReport {
  failed: HealthObservation[];
  passed: HealthPass[];
}
