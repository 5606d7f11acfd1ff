import type { Platform } from '../schemas/common';

/** Enough of an event to point at it on its platform. */
export interface LinkableEvent {
  platform: Platform | string;
  action: string;
  targetId: string;
  conversationId?: string | null;
  replyId?: string | null;
}

const xStatus = (id: string) => `https://x.com/i/web/status/${encodeURIComponent(id)}`;
const ytWatch = (video: string, comment?: string) =>
  `https://www.youtube.com/watch?v=${encodeURIComponent(video)}${comment ? `&lc=${encodeURIComponent(comment)}` : ''}`;

/**
 * On YouTube the target is the video itself unless a different video id (the conversation) is known,
 * in which case it is a comment under that video and `lc` highlights it.
 */
export function targetUrl(e: LinkableEvent): string | undefined {
  if (e.platform === 'x') return xStatus(e.targetId);
  if (e.platform === 'youtube') {
    return e.conversationId && e.conversationId !== e.targetId
      ? ytWatch(e.conversationId, e.targetId)
      : ytWatch(e.targetId);
  }
  return undefined;
}

/** The member's own reply or comment, when the platform told us its id. */
export function replyUrl(e: LinkableEvent): string | undefined {
  if (!e.replyId) return undefined;
  if (e.platform === 'x') return xStatus(e.replyId);
  if (e.platform === 'youtube') return ytWatch(e.conversationId ?? e.targetId, e.replyId);
  return undefined;
}

/** A conversation as the reports group it: the X conversation or YouTube video, else the target. */
export function conversationUrl(platform: string, key: string): string | undefined {
  if (platform === 'x') return xStatus(key);
  if (platform === 'youtube') return ytWatch(key);
  return undefined;
}
