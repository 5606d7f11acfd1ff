import { z } from 'zod';
import { CategoryIdSchema } from './categories';
import {
  HttpUrlSchema,
  IsoDateTimeSchema,
  PlatformIdSchema,
  PlatformSchema,
  TextSchema,
  ZonedDateTimeSchema,
} from './common';
import { ActionSchema, ActivityEventSchema } from './event';
import { MemberNameSchema, MemberSchema, RoleSchema } from './member';
import { PlaybookContentSchema } from './playbook';
import { TimeZoneSchema } from './reports';
import { TrackedThreadSchema } from './thread';

/** Everything the API says and hears under `/api/v1`; the server validates with these, the extension too. */

export const API_PREFIX = '/api/v1';
export const MAX_EVENTS_PER_BATCH = 500;
export const MAX_BODY_BYTES = 1024 * 1024;

export const ErrorCodeSchema = z.enum([
  'bad_request',
  'invalid_json',
  'validation_failed',
  'missing_token',
  'invalid_token',
  'token_revoked',
  'forbidden',
  'not_found',
  'conflict',
  'payload_too_large',
  'rate_limited',
  'internal',
]);
export type ErrorCode = z.infer<typeof ErrorCodeSchema>;

/** One validation problem; `path` points into the request body, e.g. `["events", 3, "occurredAt"]`. */
export const ValidationIssueSchema = z.object({
  path: z.array(z.union([z.string(), z.number()])),
  message: z.string(),
});
export type ValidationIssue = z.infer<typeof ValidationIssueSchema>;

export const ErrorBodySchema = z.object({
  error: z.object({
    code: ErrorCodeSchema,
    message: z.string(),
    /** For `validation_failed`: `{ issues: ValidationIssue[] }`; other codes may add their own facts. */
    details: z.unknown().optional(),
  }),
});
export type ErrorBody = z.infer<typeof ErrorBodySchema>;

export const HealthResponseSchema = z.object({ ok: z.boolean(), db: z.enum(['ok', 'error']) });
export type HealthResponse = z.infer<typeof HealthResponseSchema>;

export const MeResponseSchema = z.object({
  name: MemberNameSchema,
  role: RoleSchema,
  /** Lets the extension notice a badly skewed clock. */
  serverTime: IsoDateTimeSchema,
});
export type MeResponse = z.infer<typeof MeResponseSchema>;

/** What the extension reports about itself with each sync, shown to managers in `/team/status`. */
export const ClientReportSchema = z.object({
  /** Events still waiting in the outbox besides the ones in this request. */
  pending: z.number().int().nonnegative(),
  lastError: TextSchema.max(500).optional(),
  version: TextSchema.max(50).optional(),
});
export type ClientReport = z.infer<typeof ClientReportSchema>;

/** An empty `events` array with a `client` report is a valid heartbeat. */
export const EventsBatchRequestSchema = z.object({
  events: z.array(ActivityEventSchema).max(MAX_EVENTS_PER_BATCH),
  client: ClientReportSchema.optional(),
});
export type EventsBatchRequest = z.infer<typeof EventsBatchRequestSchema>;

/** How far ahead of the server's clock an event may be dated (clock policy: server/README.md). */
export const MAX_FUTURE_SKEW_MS = 5 * 60_000;

/**
 * Why one event of a batch was not stored; the rest of the batch is. Neither is safe to mark synced:
 * - `foreign_id`: another member already owns this id. Give the event a new id and send it again.
 * - `future_date`: `occurredAt` is more than MAX_FUTURE_SKEW_MS ahead of `serverTime`: the device
 *   clock is fast. Correct `occurredAt` by the measured skew and send it again with the same id.
 */
export const EventConflictReasonSchema = z.enum(['foreign_id', 'future_date']);
export type EventConflictReason = z.infer<typeof EventConflictReasonSchema>;
export const EventConflictSchema = z.object({
  id: z.string(),
  reason: EventConflictReasonSchema,
  message: z.string(),
});
export type EventConflict = z.infer<typeof EventConflictSchema>;

/** Each event of the request is in exactly one list, in request order (ids lowercase, as stored). */
export const EventsBatchResponseSchema = z.object({
  /** Ids stored by this request. */
  accepted: z.array(z.string()),
  /** Ids this member already stored (or that repeat earlier in the same request): safe to mark synced. */
  duplicates: z.array(z.string()),
  /** Events refused one by one; see EventConflictReasonSchema for what the client does with each. */
  conflicts: z.array(EventConflictSchema).default([]),
  /** The server's clock when it received the batch, so the client can measure its own skew. */
  serverTime: IsoDateTimeSchema.optional(),
});
export type EventsBatchResponse = z.infer<typeof EventsBatchResponseSchema>;

export const ThreadsListResponseSchema = z.object({
  /** Without `since`: every thread. With `since`: only threads changed after that cursor. */
  threads: z.array(TrackedThreadSchema),
  /** Opaque; pass it back as `?since=` next time. */
  cursor: z.string(),
});
export type ThreadsListResponse = z.infer<typeof ThreadsListResponseSchema>;

export const ThreadsQuerySchema = z.object({ since: z.string().regex(/^\d+$/).max(20).optional() });

/**
 * Reading stays lenient: version 0 is `{}`, and a client keeps working (with the defaults) if an older
 * or newer document does not match its schema; `resolvePlaybooks` in lib/playbooks decides. Writes are
 * validated in full (PlaybooksPutRequestSchema).
 */
export const PlaybooksContentSchema = z.record(z.string(), z.unknown());
export const PlaybooksDocumentSchema = z.object({
  /** 0 means nobody has saved playbooks yet and `content` is the default. */
  version: z.number().int().nonnegative(),
  updatedAt: IsoDateTimeSchema,
  updatedBy: z.string(),
  content: PlaybooksContentSchema,
});
export type PlaybooksDocument = z.infer<typeof PlaybooksDocumentSchema>;

/** `PUT /playbooks`; send `If-Match: "<version>"` to refuse overwriting someone else's newer save. */
export const PlaybooksPutRequestSchema = z.object({ content: PlaybookContentSchema });
export type PlaybooksPutRequest = z.infer<typeof PlaybooksPutRequestSchema>;

/** `GET /activity?platform=x&ids=1,2`: the team's events on those posts or in those conversations. */
export const MAX_TEAM_ACTIVITY_IDS = 20;
export const MAX_TEAM_ACTIVITY = 100;
export const TeamActivityQuerySchema = z.object({
  platform: PlatformSchema,
  ids: z
    .string()
    .max(2000)
    .transform((s) => [
      ...new Set(
        s
          .split(',')
          .map((v) => v.trim())
          .filter(Boolean),
      ),
    ])
    .pipe(z.array(PlatformIdSchema).min(1).max(MAX_TEAM_ACTIVITY_IDS)),
});

/** What a teammate did in a thread; no page URLs or categories, only what the thread itself shows. */
export const TeamActivityItemSchema = ActivityEventSchema.pick({
  id: true,
  platform: true,
  action: true,
  targetId: true,
  targetAuthor: true,
  conversationId: true,
  replyId: true,
  replyText: true,
  occurredAt: true,
}).extend({ member: MemberNameSchema });
export type TeamActivityItem = z.infer<typeof TeamActivityItemSchema>;

export const TeamActivityResponseSchema = z.object({
  /** Newest first, at most MAX_TEAM_ACTIVITY. */
  events: z.array(TeamActivityItemSchema),
});
export type TeamActivityResponse = z.infer<typeof TeamActivityResponseSchema>;

export const MembersListResponseSchema = z.object({ members: z.array(MemberSchema) });
export type MembersListResponse = z.infer<typeof MembersListResponseSchema>;

/** The token is in this response and nowhere else, ever. */
export const NewMemberResponseSchema = z.object({ member: MemberSchema, token: z.string() });
export type NewMemberResponse = z.infer<typeof NewMemberResponseSchema>;

export const TeamMemberStatusSchema = z.object({
  name: MemberNameSchema,
  role: RoleSchema,
  /** Last accepted `POST /events` (a heartbeat counts). */
  lastSyncAt: IsoDateTimeSchema.optional(),
  /** By `occurredAt`, in UTC days and months. */
  eventsToday: z.number().int().nonnegative(),
  eventsThisMonth: z.number().int().nonnegative(),
  /** Actions as lib/domain/metrics defines them (replies plus net likes), as the report counts them. */
  actionsToday: z.number().int().nonnegative().optional(),
  actionsThisMonth: z.number().int().nonnegative().optional(),
  /** As the member's extension last reported them (`client` in `POST /events`). */
  pending: z.number().int().nonnegative().optional(),
  lastError: z.string().optional(),
  clientVersion: z.string().optional(),
  /** When the member was added: someone added today has not had a day to sync yet. */
  joinedAt: IsoDateTimeSchema.optional(),
});
export type TeamMemberStatus = z.infer<typeof TeamMemberStatusSchema>;

export const TeamStatusResponseSchema = z.object({
  generatedAt: IsoDateTimeSchema,
  members: z.array(TeamMemberStatusSchema),
});
export type TeamStatusResponse = z.infer<typeof TeamStatusResponseSchema>;

export const ExportFormatSchema = z.enum(['csv', 'json', 'xlsx']);

/** `?action=reply,comment`: a comma-separated list of allowed values, or absent for all. */
const listOf = <T extends z.ZodType<string, string>>(item: T) =>
  z
    .string()
    .max(2000)
    .transform((s) =>
      s
        .split(',')
        .map((v) => v.trim())
        .filter(Boolean),
    )
    .pipe(z.array(item).min(1));

export const ExportQuerySchema = z
  .object({
    format: ExportFormatSchema.default('json'),
    /** Inclusive, by `occurredAt`. */
    from: IsoDateTimeSchema.optional(),
    /** Exclusive, by `occurredAt`. */
    to: IsoDateTimeSchema.optional(),
    member: listOf(MemberNameSchema).optional(),
    platform: listOf(PlatformSchema).optional(),
    action: listOf(ActionSchema).optional(),
    /** `none` selects events logged without a category. */
    category: listOf(z.union([CategoryIdSchema, z.literal('none')])).optional(),
    /** Times are written with this zone's offset; UTC (`Z`) without it. */
    tz: TimeZoneSchema.optional(),
    /** CSV only: start with a UTF-8 byte-order mark so Excel reads the file as UTF-8. */
    bom: z
      .enum(['0', '1', 'true', 'false'])
      .optional()
      .transform((v) => v === '1' || v === 'true'),
  })
  .refine((q) => !q.from || !q.to || Date.parse(q.from) <= Date.parse(q.to), {
    message: '`from` must not be after `to`',
    path: ['from'],
  });
export type ExportQuery = z.infer<typeof ExportQuerySchema>;

/** One line of the JSON Lines export; the CSV has the same columns in `EXPORT_COLUMNS` order. */
export const ExportRowSchema = ActivityEventSchema.extend({
  member: MemberNameSchema,
  /** Both times in the export's zone (`tz`), with its offset. */
  occurredAt: ZonedDateTimeSchema,
  receivedAt: ZonedDateTimeSchema,
  /** The post or comment acted on, on its platform. */
  targetUrl: HttpUrlSchema.optional(),
  /** The member's own reply or comment. */
  replyUrl: HttpUrlSchema.optional(),
});
export type ExportRow = z.infer<typeof ExportRowSchema>;

export const EXPORT_COLUMNS = [
  'id',
  'member',
  'platform',
  'action',
  'targetId',
  'targetUrl',
  'targetAuthor',
  'conversationId',
  'pageUrl',
  'replyId',
  'replyUrl',
  'replyText',
  'category',
  'suggestedCategory',
  'playbookId',
  'templateId',
  'occurredAt',
  'source',
  'receivedAt',
] as const satisfies readonly (keyof ExportRow)[];
