import type { Action } from '../schemas/event';

/**
 * The one definition of each number the team is held to, shared by the sidebar, the popup, the
 * report and the server. Counts come from events the platform confirmed (lib/capture); these
 * functions only say how they add up.
 */
/** Replies on X and comments (top-level or replies) on YouTube: both count as a reply. */
export const REPLY_ACTIONS = ['reply', 'comment'] as const satisfies readonly Action[];

export const isReply = (action: Action | string): boolean => action === 'reply' || action === 'comment';

export interface ActionTally {
  /** Replies and YouTube comments. */
  replies: number;
  likes: number;
  unlikes: number;
}

/** Likes given minus likes taken back. */
export const netLikes = (t: ActionTally): number => t.likes - t.unlikes;

/**
 * A member's actions: replies plus net likes. Taking back more likes than given in a period (likes
 * from before it) does not go below zero, so it never hides replies.
 */
export const actions = (t: ActionTally): number => t.replies + Math.max(0, netLikes(t));

/** Active in a period: at least one action counted in it (an unlike alone is not activity). */
export const isActive = (t: ActionTally): boolean => actions(t) > 0;

export function tally(events: Iterable<{ action: Action }>): ActionTally {
  const t: ActionTally = { replies: 0, likes: 0, unlikes: 0 };
  for (const e of events) {
    if (isReply(e.action)) t.replies++;
    else if (e.action === 'like') t.likes++;
    else t.unlikes++;
  }
  return t;
}
