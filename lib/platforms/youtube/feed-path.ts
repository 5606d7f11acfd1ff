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
