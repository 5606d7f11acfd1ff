import { z } from 'zod';
import { CategoryIdSchema, PrioritySchema } from './categories';
import {
  HttpUrlSchema,
  IsoDateTimeSchema,
  PlatformIdSchema,
  PlatformSchema,
  TextSchema,
  UuidSchema,
} from './common';

export const ThreadStatusSchema = z.enum(['open', 'answered', 'closed']);
export type ThreadStatus = z.infer<typeof ThreadStatusSchema>;

/** A thread the team tracks: a tweet (and its conversation) on X, a video or one comment on YouTube. */
export const TrackedThreadSchema = z.object({
  id: UuidSchema,
  platform: PlatformSchema,
  url: HttpUrlSchema,
  /** The platform id of the tracked post: an X status id, a YouTube video id, or a YouTube comment id. */
  canonicalId: PlatformIdSchema,
  /** For a YouTube comment: the video it is under. */
  parentId: PlatformIdSchema.optional(),
  author: TextSchema.max(100).optional(),
  excerpt: TextSchema.max(500).optional(),
  category: CategoryIdSchema,
  priority: PrioritySchema,
  note: TextSchema.max(2000).default(''),
  status: ThreadStatusSchema,
  slaDueAt: IsoDateTimeSchema,
  createdBy: TextSchema.max(100),
  createdAt: IsoDateTimeSchema,
  updatedAt: IsoDateTimeSchema,
  /** Derived from events by the server; absent until someone from the team replied. */
  firstReplyAt: IsoDateTimeSchema.optional(),
  repliedBy: z.array(z.string()).optional(),
  /** Local-only until the backend confirms it (issue 3 replaces local threads with server ones). */
  origin: z.enum(['local', 'server']).default('local'),
});
export type TrackedThread = z.infer<typeof TrackedThreadSchema>;

/** What a manager sends to start tracking. */
export const NewTrackedThreadSchema = TrackedThreadSchema.pick({
  platform: true,
  url: true,
  canonicalId: true,
  parentId: true,
  author: true,
  excerpt: true,
  category: true,
}).extend({
  priority: PrioritySchema.optional(),
  note: TextSchema.max(2000).optional(),
  slaDueAt: IsoDateTimeSchema.optional(),
});
export type NewTrackedThread = z.infer<typeof NewTrackedThreadSchema>;

export const ThreadPatchSchema = z
  .object({
    category: CategoryIdSchema,
    priority: PrioritySchema,
    note: TextSchema.max(2000),
    status: ThreadStatusSchema,
    slaDueAt: IsoDateTimeSchema,
  })
  .partial()
  .refine((p) => Object.keys(p).length > 0, 'nothing to change');
export type ThreadPatch = z.infer<typeof ThreadPatchSchema>;
