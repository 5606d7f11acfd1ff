import { z } from 'zod';
import { PlaybooksDocumentSchema } from '../schemas/api';
import { IsoDateTimeSchema } from '../schemas/common';
import { MemberNameSchema, RoleSchema } from '../schemas/member';
import { MonitoringDocumentSchema } from '../schemas/monitoring';
import { SyncErrorKindSchema } from '../schemas/status';

/** Where the team server is and who I am on it. Holds the access token: background and Dexie only. */
export const ConnectionSchema = z.object({
  /** Normalised: scheme, host, port and an optional path prefix, no trailing slash. */
  serverUrl: z.string().url(),
  token: z.string().min(1),
  name: MemberNameSchema,
  role: RoleSchema,
  connectedAt: IsoDateTimeSchema,
  /** Set when the server answered 401 during a sync: sending stops until the user reconnects. */
  rejectedAt: IsoDateTimeSchema.optional(),
  rejectedReason: z.string().optional(),
  /**
   * Why the last Connect with another token (or server) failed while this connection kept working:
   * every surface says "still using your previous token" until a Connect succeeds or I disconnect.
   */
  reconnectError: z.string().optional(),
});
export type Connection = z.infer<typeof ConnectionSchema>;

/** The sync engine's memory across service-worker restarts. */
export const SyncRecordSchema = z.object({
  /** Failed runs in a row; drives the backoff. */
  failures: z.number().int().nonnegative().default(0),
  nextAttemptAt: IsoDateTimeSchema.optional(),
  lastAttemptAt: IsoDateTimeSchema.optional(),
  /** Last run that pushed and pulled without an error. */
  lastSyncedAt: IsoDateTimeSchema.optional(),
  /** Last time the server heard from us (a batch or a heartbeat): keeps me off the "silent" list. */
  lastContactAt: IsoDateTimeSchema.optional(),
  lastError: z.object({ kind: SyncErrorKindSchema, message: z.string(), at: IsoDateTimeSchema }).optional(),
  /** Batch size after failed batches (5xx, timeouts): halved per failure until a run succeeds. */
  batchLimit: z.number().int().positive().optional(),
});
export type SyncRecord = z.infer<typeof SyncRecordSchema>;

/** The team server's clock minus this device's (lib/sync/clock.ts), as last measured. */
export const ClockSchema = z.object({ skewMs: z.number().int(), measuredAt: IsoDateTimeSchema });
export type Clock = z.infer<typeof ClockSchema>;

export const ThreadsCursorSchema = z.object({ cursor: z.string(), etag: z.string().optional() });
export type ThreadsCursor = z.infer<typeof ThreadsCursorSchema>;

export const CachedPlaybooksSchema = z.object({
  document: PlaybooksDocumentSchema,
  etag: z.string().optional(),
});
export type CachedPlaybooks = z.infer<typeof CachedPlaybooksSchema>;

/** The team's monitoring terms as last pulled (`GET /monitoring`, revalidated with its ETag). */
export const CachedMonitoringSchema = z.object({
  document: MonitoringDocumentSchema,
  etag: z.string().optional(),
});
export type CachedMonitoring = z.infer<typeof CachedMonitoringSchema>;

/** This member's own pause of mention capture (the team's switch is in the monitoring document). */
export const CapturePauseSchema = z.object({ paused: z.boolean(), at: IsoDateTimeSchema });
export type CapturePause = z.infer<typeof CapturePauseSchema>;
