import { z } from 'zod';
import { CategoryIdSchema } from './categories';
import { PolaritySchema } from './classifier';
import { IsoDateTimeSchema } from './common';
import { LocalDateSchema, MonthSchema, ReportPeriodSchema } from './reports';

/**
 * `GET /api/v1/reports/mentions?month=YYYY-MM[&baseline=YYYY-MM][&tz=…]`: the monitoring half of the
 * lead's report. The definitions, once:
 * - a mention counts on its post's own day and month (`postedAt`), never in the future;
 * - the **negative background** is the negative mentions of a month, leaving out those a manager
 *   dismissed as irrelevant or spam (not about the product, or not a person);
 * - **processed** is a manager's decision in that month: tracked or dismissed (`decidedAt`);
 * - **first reply** is measured for the mentions that ask for one: negative or tracked, not dismissed,
 *   posted in the period; from the post's time to the team's first logged reply there (the reply's
 *   counted time), within SLA when it came by the mention's `slaDueAt`.
 */

const count = z.number().int().nonnegative();

export const MentionsReportQuerySchema = z.object({ baseline: MonthSchema.optional() });

export const MentionsDaySchema = z.object({
  date: LocalDateSchema,
  total: count,
  negative: count,
  neutral: count,
  positive: count,
  /** By category (the manager's, else the suggestion); categories with none are left out. */
  categories: z.partialRecord(CategoryIdSchema, count),
});
export type MentionsDay = z.infer<typeof MentionsDaySchema>;

export const MentionsMonthSchema = z.object({
  month: MonthSchema,
  mentions: count,
  negative: count,
  tracked: count,
  dismissed: count,
});
export type MentionsMonth = z.infer<typeof MentionsMonthSchema>;

export const MentionsNarrativeSchema = z.object({
  category: CategoryIdSchema,
  /** Negative mentions of this category per month, oldest first (the months of `narrativeMonths`). */
  months: z.array(count),
  total: count,
  /** Present in at least half of the months: a narrative that keeps coming back. */
  recurring: z.boolean(),
  /** The classifier's deciding words most often behind it in the report's month. */
  words: z.array(z.string()),
});
export type MentionsNarrative = z.infer<typeof MentionsNarrativeSchema>;

export const MentionsReportSchema = z.object({
  period: ReportPeriodSchema,
  generatedAt: IsoDateTimeSchema,
  daily: z.array(MentionsDaySchema),
  background: z.object({
    /** The campaign's first month (or the one asked for); null while there are no mentions. */
    baselineMonth: MonthSchema.nullable(),
    baseline: count,
    /** The headline: half the baseline. */
    target: z.number().nonnegative(),
    /** From the baseline (at most 24 months back) to the report's month. */
    months: z.array(MentionsMonthSchema),
    /** The report month's negative mentions over the baseline's; 0.5 is halved. */
    ratio: z.number().nonnegative().nullable(),
    halved: z.boolean(),
  }),
  firstReply: z.object({
    /** Mentions that ask for a reply (see above), posted in the period. */
    mentions: count,
    replied: count,
    /** Replied, or past due without a reply: the ones whose SLA outcome is known. */
    decided: count,
    withinSla: count,
    share: z.number().min(0).max(1).nullable(),
    medianMinutes: z.number().nonnegative().nullable(),
    p90Minutes: z.number().nonnegative().nullable(),
  }),
  narrativeMonths: z.array(MonthSchema),
  narratives: z.array(MentionsNarrativeSchema),
});
export type MentionsReport = z.infer<typeof MentionsReportSchema>;

export const POLARITIES = PolaritySchema.options;

/**
 * `GET /export/mentions`: the stored mentions for a spreadsheet (CSV or .xlsx) or a script (JSON Lines, one
 * object a line), by the post's time. The manager's category beside the suggestion makes it the
 * labelled data for the classifier's evaluation.
 */
export const MentionsExportQuerySchema = z
  .object({
    /** `json` is JSON Lines, as in the events export; `xlsx` an Excel workbook (times in UTC). */
    format: z.enum(['csv', 'json', 'xlsx']).default('json'),
    /** Inclusive, by `postedAt`. */
    from: IsoDateTimeSchema.optional(),
    /** Exclusive, by `postedAt`. */
    to: IsoDateTimeSchema.optional(),
    bom: z
      .enum(['0', '1', 'true', 'false'])
      .optional()
      .transform((v) => v === '1' || v === 'true'),
  })
  .refine((q) => !q.from || !q.to || Date.parse(q.from) <= Date.parse(q.to), {
    message: '`from` must not be after `to`',
    path: ['from'],
  });

export const MENTION_EXPORT_COLUMNS = [
  'id',
  'platform',
  'kind',
  'postId',
  'conversationId',
  'url',
  'authorHandle',
  'authorFollowers',
  'text',
  'textDropped',
  'language',
  'postedAt',
  'replies',
  'likes',
  'reposts',
  'views',
  'reach',
  'sources',
  'matchedTerms',
  'suggestedCategory',
  'confidence',
  'reason',
  'polarity',
  'category',
  'effectiveCategory',
  'priority',
  'status',
  'dismissReason',
  'assignee',
  'threadId',
  'slaDueAt',
  'firstReplyAt',
  'repliedBy',
  'firstSeenAt',
  'decidedBy',
  'decidedAt',
] as const;
export type MentionExportColumn = (typeof MENTION_EXPORT_COLUMNS)[number];
