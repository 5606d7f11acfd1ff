import { z } from 'zod';
import { CategoryIdSchema } from './categories';
import { IsoDateTimeSchema, TextSchema, UuidSchema } from './common';
import { NewTrackedThreadSchema } from './thread';

/**
 * An ambassador's "the team should track this": the thread, the category they would give it and a
 * note for the manager. Ambassadors can't track; managers see these in the popup and the dashboard.
 */
export const NewSuggestionSchema = NewTrackedThreadSchema.pick({
  platform: true,
  url: true,
  canonicalId: true,
  parentId: true,
  author: true,
  excerpt: true,
}).extend({
  category: CategoryIdSchema,
  note: TextSchema.trim().max(1000).default(''),
});
export type NewSuggestion = z.input<typeof NewSuggestionSchema>;

export const SuggestionSchema = NewSuggestionSchema.extend({
  id: UuidSchema,
  suggestedBy: z.string().max(100),
  createdAt: IsoDateTimeSchema,
});
export type Suggestion = z.infer<typeof SuggestionSchema>;

/** Open suggestions: not dismissed and not tracked since; newest first. */
export const SuggestionsListResponseSchema = z.object({ suggestions: z.array(SuggestionSchema) });
export type SuggestionsListResponse = z.infer<typeof SuggestionsListResponseSchema>;

export const DismissSuggestionResponseSchema = z.object({ dismissed: UuidSchema });
