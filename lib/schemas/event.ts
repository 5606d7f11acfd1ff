import { z } from 'zod';
import { CategoryIdSchema } from './categories';
import {
  cleanText,
  HttpUrlSchema,
  IsoDateTimeSchema,
  PlatformIdSchema,
  PlatformSchema,
  storableText,
  TextSchema,
  UuidSchema,
} from './common';

/**
 * What an ambassador did. `comment` is a top-level comment under a YouTube video; on X every post that
 * counts is a `reply`. Unlikes are kept beside likes so the lead can count net likes.
 */
export const ActionSchema = z.enum(['reply', 'comment', 'like', 'unlike']);
export type Action = z.infer<typeof ActionSchema>;

/** Which signal proved the action happened: the platform's own network call, or the page (fallback). */
export const EventSourceSchema = z.enum(['network', 'dom']);

/** One logged action, as the extension records it and the server stores it (one contract for both). */
export const ActivityEventSchema = z.object({
  /** Client-generated UUID: the idempotency key everywhere. */
  id: UuidSchema,
  platform: PlatformSchema,
  action: ActionSchema,
  /** The post/comment acted on (the tweet replied to or liked; the video or comment on YouTube). */
  targetId: PlatformIdSchema,
  targetAuthor: TextSchema.max(100).optional(),
  /** The conversation (X) or video (YouTube) the target belongs to, when known. */
  conversationId: PlatformIdSchema.optional(),
  pageUrl: HttpUrlSchema,
  /** For a reply or comment: the new post's id and text, as the platform returned them. */
  replyId: PlatformIdSchema.optional(),
  replyText: TextSchema.max(10_000).optional(),
  category: CategoryIdSchema.optional(),
  /** The category the classifier suggested, kept when the ambassador overrode it. */
  suggestedCategory: CategoryIdSchema.optional(),
  playbookId: TextSchema.max(100).optional(),
  templateId: TextSchema.max(100).optional(),
  occurredAt: IsoDateTimeSchema,
  source: EventSourceSchema,
});
export type ActivityEvent = z.infer<typeof ActivityEventSchema>;

export const SyncStateSchema = z.enum(['pending', 'synced']);
export type SyncState = z.infer<typeof SyncStateSchema>;

/** The extension's local copy: the event plus where it is in the outbox. */
export const StoredEventSchema = ActivityEventSchema.extend({
  /** See ObservedAction: the same action is stored once, whichever signals reported it. */
  dedupeKey: TextSchema.min(1).max(300),
  syncState: SyncStateSchema,
  syncedAt: IsoDateTimeSchema.optional(),
  attempts: z.number().int().nonnegative(),
  lastError: z.string().optional(),
});
export type StoredEvent = z.infer<typeof StoredEventSchema>;

/** What a content script knows when it observes an action; the background stamps the rest. */
export const ObservedActionSchema = ActivityEventSchema.omit({ id: true }).extend({
  /** Same action seen twice (network and DOM, two frames…) shares this key; it is logged once. */
  dedupeKey: TextSchema.min(1).max(300),
});
export type ObservedAction = z.infer<typeof ObservedActionSchema>;

/** Free-text fields of an event, the ones a page supplies. */
const EVENT_TEXT_FIELDS = ['targetAuthor', 'replyText', 'playbookId', 'templateId', 'dedupeKey'] as const;

/**
 * The event with its page-supplied text made storable (see `cleanText`): a real action is logged and
 * delivered, never refused by the server for a NUL or half an emoji it carried from the page. Events
 * logged before this cleaning existed are cleaned on their way out of the outbox too.
 */
export function cleanEventText<T extends Partial<Record<(typeof EVENT_TEXT_FIELDS)[number], unknown>>>(
  e: T,
): T {
  let out = e;
  for (const field of EVENT_TEXT_FIELDS) {
    const value = e[field];
    if (typeof value === 'string' && !storableText(value)) out = { ...out, [field]: cleanText(value) };
  }
  return out;
}
