import type { SiteCalls } from '../../capture/main-world';
import { isYoutubeHost } from './url';

// Small on purpose: the MAIN-world hook runs this on every request the page makes.

/** The youtubei endpoints whose answers hold comments (`next`) or videos (`browse`, `search`). */
export const YOUTUBE_FEED_ENDPOINTS = ['next', 'browse', 'search'] as const;
export type YoutubeFeedEndpoint = (typeof YOUTUBE_FEED_ENDPOINTS)[number];

const FEED_PATH = /^\/youtubei\/v1\/(next|browse|search)\/?$/;

/** Which feed endpoint a call is (any method), or null. */
export function youtubeFeedEndpoint(url: string): YoutubeFeedEndpoint | null {
  let parsed: URL;
  try {
    parsed = new URL(url, 'https://www.youtube.com/');
  } catch {
    return null;
  }
  if (parsed.protocol !== 'https:' || !isYoutubeHost(parsed.hostname)) return null;
  return (FEED_PATH.exec(parsed.pathname)?.[1] as YoutubeFeedEndpoint | undefined) ?? null;
}

export const YOUTUBE_ENDPOINTS = {
  'comment/create_comment': 'comment',
  'comment/create_comment_reply': 'reply',
  'comment/perform_comment_action': 'like/unlike',
  'like/like': 'like',
  'like/removelike': 'unlike',
} as const;
export type YoutubeEndpoint = keyof typeof YOUTUBE_ENDPOINTS;

const YOUTUBEI_PATH = /^\/youtubei\/v1\/([a-z0-9_]+\/[a-z0-9_]+)\/?$/;

/** The endpoint name of any youtubei POST (known or not), or null. */
export function youtubeiPostName(method: string, url: string): string | null {
  if (method.toUpperCase() !== 'POST') return null;
  let parsed: URL;
  try {
    parsed = new URL(url, 'https://www.youtube.com/');
  } catch {
    return null;
  }
  if (parsed.protocol !== 'https:' || !isYoutubeHost(parsed.hostname)) return null;
  return YOUTUBEI_PATH.exec(parsed.pathname)?.[1] ?? null;
}

/** Endpoints beside ours that are no action we count (dislikes), so never "drift". */
export const YOUTUBE_NOT_OURS: ReadonlySet<string> = new Set(['like/dislike', 'like/removedislike']);

/** An unknown endpoint named like one of ours (`like/like_v2`, `comment/create_comment_v2`). */
export function youtubeLookalike(name: string): boolean {
  return (
    Object.keys(YOUTUBE_ENDPOINTS).some((k) => name.startsWith(k)) ||
    /create_comment|comment_action/.test(name)
  );
}

const YOUTUBEI_MARK = '/youtubei/v1/';

/**
 * What the MAIN-world forwarder does with a call (lib/capture/main-world.ts): our actions in full, a
 * look-alike's request for drift, a feed's answer for mentions. Every other call costs one substring
 * test.
 */
export function youtubeCallWatch(
  method: string,
  url: string,
): { call?: 'full' | 'request'; tap?: string } | null {
  if (!url.includes(YOUTUBEI_MARK)) return null;
  const feed = youtubeFeedEndpoint(url);
  if (feed) return { tap: feed };
  const name = youtubeiPostName(method, url);
  if (name === null || YOUTUBE_NOT_OURS.has(name)) return null;
  if (Object.hasOwn(YOUTUBE_ENDPOINTS, name)) return { call: 'full' };
  return youtubeLookalike(name) ? { call: 'request' } : null;
}

/** YouTube's network part for the MAIN-world forwarder: every action call's outcome is read. */
export const YOUTUBE_CALLS: SiteCalls = {
  host: isYoutubeHost,
  watch: youtubeCallWatch,
  wantsOutcome: () => true,
  watching: Object.keys(YOUTUBE_ENDPOINTS),
};
