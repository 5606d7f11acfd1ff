import { z } from 'zod';
import { CategoryIdSchema, PrioritySchema } from './categories';
import { HttpUrlSchema, IsoDateTimeSchema, PlatformSchema, TextSchema, UuidSchema } from './common';
import { MemberNameSchema, RoleSchema } from './member';
import { ThreadStatusSchema } from './thread';
import { isValidTimeZone } from './time-zone';

/** The team lead's reports (`/api/v1/reports/…`): one contract for the server and the dashboard. */

export const TimeZoneSchema = z
  .string()
  .min(1)
  .max(64)
  .refine(isValidTimeZone, 'must be an IANA time zone, e.g. Europe/Moscow');

const isCalendarDate = (s: string) => {
  const [y, m, d] = s.split('-').map(Number) as [number, number, number];
  const t = new Date(Date.UTC(y, m - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === m - 1 && t.getUTCDate() === d;
};
export const LocalDateSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be YYYY-MM-DD')
  .refine(isCalendarDate, 'no such date');
export const MonthSchema = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'must be YYYY-MM');

export const MAX_REPORT_DAYS = 366;

/**
 * A month (`month=2026-11`) or a range of local days (`from=2026-11-01&to=2026-11-30`, both
 * inclusive), in `tz` (default: the zone stored in the report settings).
 */
export const ReportQuerySchema = z
  .object({
    month: MonthSchema.optional(),
    from: LocalDateSchema.optional(),
    to: LocalDateSchema.optional(),
    tz: TimeZoneSchema.optional(),
  })
  .refine((q) => (q.month ? !q.from && !q.to : Boolean(q.from && q.to)), {
    message: 'give either `month` or both `from` and `to`',
    path: ['month'],
  })
  .refine((q) => !q.from || !q.to || q.from <= q.to, {
    message: '`from` must not be after `to`',
    path: ['from'],
  })
  .refine((q) => !q.from || !q.to || (Date.parse(q.to) - Date.parse(q.from)) / 86_400_000 < MAX_REPORT_DAYS, {
    message: `a range is at most ${MAX_REPORT_DAYS} days`,
    path: ['to'],
  });
export type ReportQuery = z.infer<typeof ReportQuerySchema>;

export const ReportPeriodSchema = z.object({
  /** First local day. */
  from: LocalDateSchema,
  /** Last local day, inclusive. */
  to: LocalDateSchema,
  tz: TimeZoneSchema,
  /** The UTC instants the period covers: `start` inclusive, `end` exclusive. */
  start: IsoDateTimeSchema,
  end: IsoDateTimeSchema,
  days: z.number().int().positive(),
  /** Set when the period is a whole calendar month. */
  month: MonthSchema.optional(),
});
export type ReportPeriod = z.infer<typeof ReportPeriodSchema>;

/** Every figure comes with the same figure for the period before (the previous month, or as many days). */
export const MetricSchema = z.object({ current: z.number(), previous: z.number() });
export type Metric = z.infer<typeof MetricSchema>;
/** A ratio or a median: `null` when there was nothing to measure. */
export const OptionalMetricSchema = z.object({
  current: z.number().nullable(),
  previous: z.number().nullable(),
});
export type OptionalMetric = z.infer<typeof OptionalMetricSchema>;

export const ReportTargetsSchema = z.object({
  replies: z.number().int().nonnegative(),
  /** Net of unlikes. */
  likes: z.number().int().nonnegative(),
  activeAmbassadors: z.number().int().nonnegative(),
  /** Share of tracked threads answered within their SLA, 0–1. */
  slaCompliance: z.number().min(0).max(1),
  medianFirstReplyHours: z
    .number()
    .positive()
    .max(24 * 14),
});
export type ReportTargets = z.infer<typeof ReportTargetsSchema>;

export const RecognitionLevelSchema = z.object({
  id: z
    .string()
    .min(1)
    .max(32)
    .regex(/^[a-z0-9_-]+$/, 'lowercase letters, digits, _ and - only'),
  label: TextSchema.min(1).max(40),
  /** Actions (replies + net likes) in the period that earn the level. */
  minActions: z.number().int().positive(),
});
export type RecognitionLevel = z.infer<typeof RecognitionLevelSchema>;

export const ReportSettingsSchema = z.object({
  /** The lead's zone: where months and days begin when a request names none. */
  timezone: TimeZoneSchema,
  targets: ReportTargetsSchema,
  levels: z
    .array(RecognitionLevelSchema)
    .max(8)
    .refine((ls) => new Set(ls.map((l) => l.id)).size === ls.length, 'level ids must differ')
    .refine((ls) => new Set(ls.map((l) => l.minActions)).size === ls.length, 'thresholds must differ'),
});
export type ReportSettings = z.infer<typeof ReportSettingsSchema>;

/** The team's figures per month (../shared/domain.md); the lead edits them. */
export const DEFAULT_REPORT_SETTINGS: ReportSettings = {
  timezone: 'UTC',
  targets: {
    replies: 500,
    likes: 500,
    activeAmbassadors: 100,
    slaCompliance: 0.9,
    medianFirstReplyHours: 24,
  },
  levels: [
    { id: 'newcomer', label: 'Newcomer', minActions: 1 },
    { id: 'regular', label: 'Regular', minActions: 10 },
    { id: 'mentor', label: 'Mentor', minActions: 30 },
  ],
};

export const ReportSettingsDocumentSchema = z.object({
  settings: ReportSettingsSchema,
  /** Absent until a lead first saves. */
  updatedAt: IsoDateTimeSchema.optional(),
  updatedBy: z.string().optional(),
});
export type ReportSettingsDocument = z.infer<typeof ReportSettingsDocumentSchema>;

const periods = { period: ReportPeriodSchema, previousPeriod: ReportPeriodSchema };

export const SummaryResponseSchema = z.object({
  ...periods,
  kpis: z.object({
    /** Replies on X and comments on YouTube. */
    replies: MetricSchema,
    /** Likes minus unlikes. */
    likes: MetricSchema,
    likesGiven: MetricSchema,
    unlikes: MetricSchema,
    /** Members with at least one logged action in the period. */
    activeAmbassadors: MetricSchema,
    /** Tracked threads created in the period. */
    threadsOpened: MetricSchema,
    /** Tracked threads whose first team reply fell in the period. */
    threadsAnswered: MetricSchema,
    /** Of threads opened in the period whose outcome is known: answered within SLA. */
    slaMet: MetricSchema,
    slaDecided: MetricSchema,
    slaCompliance: OptionalMetricSchema,
    medianFirstReplyMinutes: OptionalMetricSchema,
  }),
  targets: ReportTargetsSchema,
});
export type SummaryResponse = z.infer<typeof SummaryResponseSchema>;

export const PlatformDaySchema = z.object({
  replies: z.number().int().nonnegative(),
  likes: z.number().int().nonnegative(),
  unlikes: z.number().int().nonnegative(),
});
export type PlatformDay = z.infer<typeof PlatformDaySchema>;

export const DailyResponseSchema = z.object({
  period: ReportPeriodSchema,
  days: z.array(z.object({ date: LocalDateSchema, x: PlatformDaySchema, youtube: PlatformDaySchema })),
});
export type DailyResponse = z.infer<typeof DailyResponseSchema>;

/** Events logged without a category are reported under this id. */
export const UNCATEGORISED = 'uncategorised' as const;
export const ReportCategorySchema = z.union([CategoryIdSchema, z.literal(UNCATEGORISED)]);
export type ReportCategory = z.infer<typeof ReportCategorySchema>;

export const CategoryRowSchema = z.object({
  category: ReportCategorySchema,
  replies: MetricSchema,
  likes: MetricSchema,
  actions: MetricSchema,
  threadsOpened: MetricSchema,
  slaMet: MetricSchema,
  slaDecided: MetricSchema,
  slaCompliance: OptionalMetricSchema,
});
export type CategoryRow = z.infer<typeof CategoryRowSchema>;

export const CategoriesResponseSchema = z.object({ ...periods, categories: z.array(CategoryRowSchema) });
export type CategoriesResponse = z.infer<typeof CategoriesResponseSchema>;

export const NarrativeMonthSchema = z.object({
  month: MonthSchema,
  /** Distinct conversations (X conversation / YouTube video) with team activity in that category. */
  conversations: z.number().int().nonnegative(),
  actions: z.number().int().nonnegative(),
  threadsTracked: z.number().int().nonnegative(),
});
export const NarrativeCategorySchema = z.object({
  category: ReportCategorySchema,
  months: z.array(NarrativeMonthSchema),
  /** Volume (conversations + threads tracked) rose from the month before to the last month. */
  growing: z.boolean(),
  /** Volume in the last month minus the month before. */
  growth: z.number().int(),
});
export const NarrativeThreadSchema = z.object({
  platform: PlatformSchema,
  /** The conversation id (X) or video id (YouTube) the activity is grouped by. */
  key: z.string(),
  url: HttpUrlSchema,
  category: ReportCategorySchema,
  trackedThreadId: UuidSchema.optional(),
  excerpt: z.string().optional(),
  current: z.number().int().nonnegative(),
  previous: z.number().int().nonnegative(),
});
export const NarrativesResponseSchema = z.object({
  ...periods,
  /** Up to six calendar months ending with the one the period ends in. */
  months: z.array(MonthSchema),
  categories: z.array(NarrativeCategorySchema),
  /** Conversations active in both periods with more activity in this one, biggest increase first. */
  threads: z.array(NarrativeThreadSchema),
});
export type NarrativesResponse = z.infer<typeof NarrativesResponseSchema>;
export type NarrativeCategory = z.infer<typeof NarrativeCategorySchema>;
export type NarrativeThread = z.infer<typeof NarrativeThreadSchema>;

export const AmbassadorRowSchema = z.object({
  name: MemberNameSchema,
  role: RoleSchema,
  revoked: z.boolean(),
  replies: z.number().int().nonnegative(),
  /** Net of unlikes; may dip below zero in a period where someone mostly took likes back. */
  likes: z.number().int(),
  /** Replies plus net likes (never below zero): what recognition levels count. */
  actions: z.number().int().nonnegative(),
  previousActions: z.number().int().nonnegative(),
  /** Distinct conversations replied to or liked in. */
  threadsTouched: z.number().int().nonnegative(),
  /** Tracked threads where this member replied first, and how many of those within the SLA. */
  firstReplies: z.number().int().nonnegative(),
  firstRepliesWithinSla: z.number().int().nonnegative(),
  platforms: z.array(PlatformSchema),
  /** Latest logged action up to the period's end. */
  lastActiveAt: IsoDateTimeSchema.optional(),
  /** Highest level whose threshold `actions` reaches; null below the first. */
  level: z.string().nullable(),
});
export type AmbassadorRow = z.infer<typeof AmbassadorRowSchema>;

export const AmbassadorsResponseSchema = z.object({
  ...periods,
  levels: z.array(RecognitionLevelSchema),
  members: z.array(AmbassadorRowSchema),
});
export type AmbassadorsResponse = z.infer<typeof AmbassadorsResponseSchema>;

export const ReportThreadSchema = z.object({
  id: UuidSchema,
  platform: PlatformSchema,
  url: HttpUrlSchema,
  category: z.string(),
  priority: PrioritySchema,
  status: ThreadStatusSchema,
  author: z.string().optional(),
  excerpt: z.string().optional(),
  createdAt: IsoDateTimeSchema,
  slaDueAt: IsoDateTimeSchema,
  firstReplyAt: IsoDateTimeSchema.optional(),
  repliedBy: z.array(z.string()),
  /** Answered threads: whether the first reply came by the due time. */
  withinSla: z.boolean().optional(),
  /** Overdue threads: how long past due, at `generatedAt`. */
  overdueMinutes: z.number().int().nonnegative().optional(),
  firstReplyMinutes: z.number().int().nonnegative().optional(),
});
export type ReportThread = z.infer<typeof ReportThreadSchema>;

export const ThreadListSchema = z.object({
  total: z.number().int().nonnegative(),
  threads: z.array(ReportThreadSchema),
});
export const ThreadsReportResponseSchema = z.object({
  period: ReportPeriodSchema,
  generatedAt: IsoDateTimeSchema,
  /** Open now and not yet due; created before the period ended. */
  open: ThreadListSchema,
  /** Open now and past due, most overdue first. */
  overdue: ThreadListSchema,
  /** Created in the period and answered (first reply time order). */
  answered: ThreadListSchema,
  /** Created in the period and closed by a manager. */
  closed: ThreadListSchema,
});
export type ThreadsReportResponse = z.infer<typeof ThreadsReportResponseSchema>;
export type ThreadList = z.infer<typeof ThreadListSchema>;
