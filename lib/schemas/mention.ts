import { z } from 'zod';
import { CategoryIdSchema, PrioritySchema } from './categories';
import { PolaritySchema } from './classifier';
import {
  HttpUrlSchema,
  IsoDateTimeSchema,
  PlatformIdSchema,
  PlatformSchema,
  TextSchema,
  UuidSchema,
} from './common';
import { MemberNameSchema } from './member';

/**
 * A mention: a public post that matches the team's terms (lib/monitoring/match.ts), captured from the
 * answers x.com and youtube.com already send to a member's browser, or fetched by a server connector.
 * Only these fields are kept; nothing else from those answers.
 */

export const MentionKindSchema = z.enum([
  /** A post on X (a tweet, a reply, a quote). */
  'post',
  /** A YouTube video (its title and description are the text). */
  'video',
  /** A YouTube comment or reply to a comment. */
  'comment',
]);
export type MentionKind = z.infer<typeof MentionKindSchema>;

/** Where a mention came from: a member's browser, or one of the server's connectors. */
export const MentionSourceSchema = z.enum(['capture', 'youtube_api', 'x_api']);
export type MentionSource = z.infer<typeof MentionSourceSchema>;

const count = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);

/** Counts as the platform showed them when the post was seen; each absent when the answer had none. */
export const MentionCountsSchema = z.object({
  replies: count.optional(),
  likes: count.optional(),
  reposts: count.optional(),
  views: count.optional(),
});
export type MentionCounts = z.infer<typeof MentionCountsSchema>;

export const MAX_MENTION_TEXT = 10_000;

/** What a capture (or a connector) sends: `POST /mentions`. One post is stored once per platform + postId. */
export const CapturedMentionSchema = z.object({
  platform: PlatformSchema,
  kind: MentionKindSchema,
  /** X status id; YouTube video id (kind `video`) or comment id (kind `comment`). */
  postId: PlatformIdSchema,
  /** X conversation id; on YouTube the video the comment is under (the video itself for `video`). */
  conversationId: PlatformIdSchema.optional(),
  /** For a YouTube video or comment: the channel the video belongs to (watched channel ids match it). */
  channelId: PlatformIdSchema.optional(),
  url: HttpUrlSchema,
  /** `@` and the handle on X; the channel handle or display name on YouTube. */
  authorHandle: TextSchema.min(1).max(100),
  authorFollowers: count.optional(),
  text: TextSchema.max(MAX_MENTION_TEXT),
  /**
   * X: the handles the post replies to or names outside its text (`in_reply_to_screen_name`, the
   * mention entities), with or without "@". Read by the matcher only, never stored: a reply to the
   * product's account matches an `@handle` term though its text never names the product.
   */
  replyTo: z
    .array(z.string().regex(/^@?[A-Za-z0-9_]{1,50}$/))
    .max(50)
    .optional(),
  /** As the platform reported it (X's `lang`), e.g. `en`, `ru`; the server detects it when absent. */
  lang: TextSchema.min(2).max(20).optional(),
  /** The post's own time: the SLA of a tracked mention counts from here. */
  postedAt: IsoDateTimeSchema,
  counts: MentionCountsSchema.default({}),
  /** When the browser or connector saw it; the server keeps the counts of the latest sighting. */
  seenAt: IsoDateTimeSchema,
  source: MentionSourceSchema.default('capture'),
});
export type CapturedMention = z.infer<typeof CapturedMentionSchema>;
export type CapturedMentionInput = z.input<typeof CapturedMentionSchema>;

/** Identifies a post across members and sources. */
export const mentionKey = (m: { platform: string; postId: string }) => `${m.platform}:${m.postId}`;

/** `new` waits in the inbox; `tracked` became a tracked thread; `dismissed` needs no answer. */
export const MentionStatusSchema = z.enum(['new', 'tracked', 'dismissed']);
export type MentionStatus = z.infer<typeof MentionStatusSchema>;

export const DismissReasonSchema = z.enum(['irrelevant', 'spam', 'handled_elsewhere']);
export type DismissReason = z.infer<typeof DismissReasonSchema>;

/** The server's suggestion on arrival; kept as it was even after a manager corrects the category. */
export const MentionTriageSchema = z.object({
  category: CategoryIdSchema,
  /** 0..1, from the classifier. */
  confidence: z.number().min(0).max(1),
  /** The words in the text that decided the category, strongest first. */
  reason: z.array(z.string()),
  polarity: PolaritySchema,
  /** `en`, `ru`, or `und` when neither could be told. */
  language: z.string().min(2).max(20),
});
export type MentionTriage = z.infer<typeof MentionTriageSchema>;

/** A stored mention, as `GET /mentions` returns it. */
export const MentionSchema = CapturedMentionSchema.omit({ seenAt: true, source: true, lang: true }).extend({
  id: UuidSchema,
  /** Emptied (and `textDropped` set) after the team's retention period; counts and triage stay. */
  textDropped: z.boolean(),
  sources: z.array(MentionSourceSchema),
  firstSeenAt: IsoDateTimeSchema,
  lastSeenAt: IsoDateTimeSchema,
  /** The include terms it matched, as the manager wrote them. */
  matchedTerms: z.array(z.string()),
  suggestion: MentionTriageSchema,
  /** A manager's category when it differs from the suggestion (labelled data for the classifier). */
  category: CategoryIdSchema.optional(),
  priority: PrioritySchema.optional(),
  status: MentionStatusSchema,
  dismissReason: DismissReasonSchema.optional(),
  assignee: MemberNameSchema.optional(),
  /** Set once tracked: the tracked thread it became. */
  threadId: UuidSchema.optional(),
  /** When the first reaction is due: the post's own time plus the category's SLA hours. */
  slaDueAt: IsoDateTimeSchema,
  /** From the team's logged events: the first reply there and who replied, in reply order. */
  firstReplyAt: IsoDateTimeSchema.optional(),
  repliedBy: z.array(MemberNameSchema),
  decidedBy: MemberNameSchema.optional(),
  decidedAt: IsoDateTimeSchema.optional(),
});
export type Mention = z.infer<typeof MentionSchema>;

/** The category a mention counts under: the manager's when given, else the suggestion. */
export const effectiveCategory = (m: Pick<Mention, 'category' | 'suggestion'>) =>
  m.category ?? m.suggestion.category;

/** The bigger of the author's followers and the post's views: what "reach" filters and alerts read. */
export const mentionReach = (m: { authorFollowers?: number; counts: MentionCounts }) =>
  Math.max(m.authorFollowers ?? 0, m.counts.views ?? 0);

// ---------------------------------------------------------------------------------------------------
// API: `/api/v1/mentions…`, `/api/v1/queue`, `/api/v1/monitoring/connectors`

export const MAX_MENTIONS_PER_BATCH = 200;

export const MentionsUploadRequestSchema = z.object({
  mentions: z.array(CapturedMentionSchema).max(MAX_MENTIONS_PER_BATCH),
});
export type MentionsUploadRequest = z.infer<typeof MentionsUploadRequestSchema>;

/**
 * Per item, in request order. Every outcome is final, so the outbox drops the item:
 * `created` stored now; `duplicate` stored before (counts refreshed when this sighting is newer);
 * `ignored` not stored, with the reason (the team's terms changed, or capture is off).
 */
export const MentionUploadResultSchema = z.object({
  platform: PlatformSchema,
  postId: PlatformIdSchema,
  outcome: z.enum(['created', 'duplicate', 'ignored']),
  id: UuidSchema.optional(),
  reason: z.enum(['no_match', 'excluded', 'capture_off']).optional(),
});
export type MentionUploadResult = z.infer<typeof MentionUploadResultSchema>;

export const MentionsUploadResponseSchema = z.object({ results: z.array(MentionUploadResultSchema) });
export type MentionsUploadResponse = z.infer<typeof MentionsUploadResponseSchema>;

/** `?status=new,tracked`: a comma-separated list of allowed values, or absent for all. */
const csv = <T extends z.ZodType<string, string>>(item: T) =>
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

export const MAX_MENTIONS_PAGE = 200;

/** `GET /mentions`: newest post first; pass `nextCursor` back as `cursor` for the next page. */
export const MentionsQuerySchema = z.object({
  platform: csv(PlatformSchema).optional(),
  /** The effective category (the manager's, else the suggestion). */
  category: csv(CategoryIdSchema).optional(),
  polarity: csv(PolaritySchema).optional(),
  language: csv(TextSchema.min(2).max(20)).optional(),
  status: csv(MentionStatusSchema).optional(),
  assignee: MemberNameSchema.optional(),
  /** Followers or views at least this (see `mentionReach`). */
  minReach: z.coerce.number().int().nonnegative().optional(),
  /** Posted within the last this many hours. */
  maxAgeHours: z.coerce
    .number()
    .positive()
    .max(24 * 3650)
    .optional(),
  cursor: TextSchema.max(200).optional(),
  limit: z.coerce.number().int().min(1).max(MAX_MENTIONS_PAGE).default(50),
});
export type MentionsQuery = z.infer<typeof MentionsQuerySchema>;
export type MentionsQueryInput = z.input<typeof MentionsQuerySchema>;

export const MentionsListResponseSchema = z.object({
  mentions: z.array(MentionSchema),
  /** Absent on the last page. */
  nextCursor: z.string().optional(),
});
export type MentionsListResponse = z.infer<typeof MentionsListResponseSchema>;

/** `PATCH /mentions/:id`. Tracking makes a tracked thread whose SLA counts from the post's own time. */
export const MentionPatchSchema = z
  .object({
    /** `new` puts a dismissed mention back in the inbox; a tracked one stays tracked. */
    status: MentionStatusSchema,
    category: CategoryIdSchema,
    priority: PrioritySchema,
    /** Why it was dismissed; required with `status: "dismissed"`. */
    reason: DismissReasonSchema,
    /** `null` un-assigns. */
    assignee: MemberNameSchema.nullable(),
  })
  .partial()
  .refine((p) => Object.keys(p).length > 0, 'nothing to change')
  .refine((p) => p.status !== 'dismissed' || p.reason !== undefined, {
    message: 'say why it is dismissed: irrelevant, spam or handled_elsewhere',
    path: ['reason'],
  });
export type MentionPatch = z.infer<typeof MentionPatchSchema>;

export const MentionPatchResponseSchema = z.object({ mention: MentionSchema });

/** `POST /mentions/bulk`: one change for many mentions (the inbox's selection); each answered alone. */
export const MentionsBulkRequestSchema = z.object({
  ids: z.array(UuidSchema).min(1).max(MAX_MENTIONS_PAGE),
  patch: MentionPatchSchema,
});
export type MentionsBulkRequest = z.infer<typeof MentionsBulkRequestSchema>;

export const MentionsBulkResponseSchema = z.object({
  mentions: z.array(MentionSchema),
  errors: z.array(z.object({ id: z.string(), message: z.string() })),
});
export type MentionsBulkResponse = z.infer<typeof MentionsBulkResponseSchema>;

/** `GET /mentions/alerts`: shown at the top of the inbox and in a manager's popup. */
export const MentionAlertSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('spike'),
    /** Stable for the hour, so a popup can remember it was seen. */
    id: z.string(),
    /** The hour measured: `[from, to)`. */
    from: IsoDateTimeSchema,
    to: IsoDateTimeSchema,
    count: z.number().int().nonnegative(),
    /** Mentions in the same hour of day over the previous 7 days, averaged. */
    average: z.number().nonnegative(),
    factor: z.number(),
  }),
  z.object({
    kind: z.literal('high_reach_negative'),
    id: z.string(),
    mentionId: UuidSchema,
    platform: PlatformSchema,
    url: HttpUrlSchema,
    authorHandle: z.string(),
    reach: z.number().int().nonnegative(),
    category: CategoryIdSchema,
    postedAt: IsoDateTimeSchema,
    slaDueAt: IsoDateTimeSchema,
  }),
]);
export type MentionAlert = z.infer<typeof MentionAlertSchema>;

export const MentionAlertsResponseSchema = z.object({
  generatedAt: IsoDateTimeSchema,
  alerts: z.array(MentionAlertSchema),
});
export type MentionAlertsResponse = z.infer<typeof MentionAlertsResponseSchema>;

/** `GET /queue`: an ambassador's work list in the sidebar: assigned to them, and the team's overdue threads. */
export const QueueItemSchema = z.object({
  /** `assigned`: a manager gave it to this member; `overdue`: tracked, unanswered, past its SLA. */
  reason: z.enum(['assigned', 'overdue']),
  platform: PlatformSchema,
  url: HttpUrlSchema,
  mentionId: UuidSchema.optional(),
  threadId: UuidSchema.optional(),
  authorHandle: z.string().optional(),
  excerpt: TextSchema.max(500).optional(),
  category: CategoryIdSchema,
  priority: PrioritySchema,
  slaDueAt: IsoDateTimeSchema,
  postedAt: IsoDateTimeSchema.optional(),
  /** Someone from the team already replied there. */
  replied: z.boolean(),
});
export type QueueItem = z.infer<typeof QueueItemSchema>;

export const QueueResponseSchema = z.object({
  generatedAt: IsoDateTimeSchema,
  /** Assigned first, then by due time. */
  items: z.array(QueueItemSchema),
});
export type QueueResponse = z.infer<typeof QueueResponseSchema>;

export const ConnectorIdSchema = z.enum(['youtube', 'x']);
export type ConnectorId = z.infer<typeof ConnectorIdSchema>;

/** `GET /monitoring/connectors`: each server connector's state, as the dashboard shows it. */
export const ConnectorStateSchema = z.object({
  id: ConnectorIdSchema,
  /** Its key or token is set in the server's environment. */
  configured: z.boolean(),
  intervalSeconds: z.number().int().positive(),
  lastRunAt: IsoDateTimeSchema.optional(),
  lastSuccessAt: IsoDateTimeSchema.optional(),
  /** In plain words, e.g. "The API key was refused (403 forbidden)". Cleared by the next success. */
  lastError: z.string().optional(),
  lastErrorAt: IsoDateTimeSchema.optional(),
  /** YouTube: units left today; X: requests left in the current rate-limit window. */
  quotaLeft: z.number().int().optional(),
  quotaResetAt: IsoDateTimeSchema.optional(),
  nextRunAt: IsoDateTimeSchema.optional(),
  /** Mentions this connector stored, all time. */
  stored: z.number().int().nonnegative(),
});
export type ConnectorState = z.infer<typeof ConnectorStateSchema>;

export const ConnectorsResponseSchema = z.object({ connectors: z.array(ConnectorStateSchema) });
export type ConnectorsResponse = z.infer<typeof ConnectorsResponseSchema>;
