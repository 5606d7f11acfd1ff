import type { Platform } from '../schemas/common';

/** Which kind of page the ambassador is on. Platform adapters map their URLs onto these. */
export type PageKind =
  | 'status' // X: one tweet and its replies
  | 'home'
  | 'profile'
  | 'search'
  | 'notifications'
  | 'watch' // YouTube
  | 'shorts'
  | 'other';

export interface PageInfo {
  platform: Platform;
  kind: PageKind;
  /** On a status/watch page: the id of the post the page is about. */
  focusedId?: string;
  /** X status page: the handle in the URL. */
  handle?: string;
}

/** One post visible on the page (a tweet, a comment), in platform-neutral terms. */
export interface PostInfo {
  platform: Platform;
  id: string;
  author?: string;
  text: string;
  url: string;
  /** True for the focused tweet on a status page. */
  focused: boolean;
}

/** The thread the sidebar is about: the focused post and the conversation it belongs to. */
export interface ThreadContext {
  platform: Platform;
  /** The post the ambassador is looking at (the focused tweet, the video). */
  targetId: string;
  /** The conversation root (X) or video (YouTube); equals targetId when the target is the root. */
  conversationId?: string;
  url: string;
  author?: string;
  text?: string;
}
