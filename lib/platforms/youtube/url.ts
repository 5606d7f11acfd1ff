import type { PageInfo } from '../types';

const YOUTUBE_HOSTS = new Set(['www.youtube.com', 'youtube.com', 'm.youtube.com']);
const SHORT_LINK_HOSTS = new Set(['youtu.be', 'www.youtu.be']);

/** YouTube video ids are always 11 url-safe base64 characters. */
export const VIDEO_ID = /^[A-Za-z0-9_-]{11}$/;

/**
 * Comment ids: a top-level one is ~26 url-safe characters ("Ugx…AaABAg"); a reply's is its thread's id,
 * a dot, and its own part.
 */
export const COMMENT_ID = /^[A-Za-z0-9_-]{10,60}(?:\.[A-Za-z0-9_-]{5,60})?$/;

export function isYoutubeHost(host: string): boolean {
  return YOUTUBE_HOSTS.has(host.toLowerCase());
}

const videoIdOrUndefined = (value: string | null | undefined): string | undefined =>
  value && VIDEO_ID.test(value) ? value : undefined;

/**
 * Which YouTube page a URL is; null when it is not a YouTube host. youtu.be share links count as the
 * watch page they open. Pure: callers pass `new URL(location.href)`.
 */
export function parseYoutubeUrl(url: URL): PageInfo | null {
  const host = url.hostname.toLowerCase();
  if (SHORT_LINK_HOSTS.has(host)) {
    const id = videoIdOrUndefined(url.pathname.split('/')[1]);
    return id
      ? { platform: 'youtube', kind: 'watch', focusedId: id }
      : { platform: 'youtube', kind: 'other' };
  }
  if (!isYoutubeHost(host)) return null;
  const segments = url.pathname.split('/').filter(Boolean);
  if (segments.length === 1 && segments[0] === 'watch') {
    const id = videoIdOrUndefined(url.searchParams.get('v'));
    if (id) return { platform: 'youtube', kind: 'watch', focusedId: id };
  }
  if (segments[0] === 'shorts') {
    const id = videoIdOrUndefined(segments[1]);
    if (id) return { platform: 'youtube', kind: 'shorts', focusedId: id };
  }
  return { platform: 'youtube', kind: 'other' };
}

/** A Short's page, told from `location.href` as it is, without a URL parse (once per swipe, issue 10). */
const SHORTS_HREF = /^https:\/\/(?:www\.|m\.)?youtube\.com\/shorts\/[A-Za-z0-9_-]{11}(?:[/?#]|$)/i;

export function isShortsHref(href: string): boolean {
  return SHORTS_HREF.test(href);
}

/** The video a URL is about (watch, Shorts, youtu.be), if any. */
export function videoIdFromUrl(url: URL): string | undefined {
  return parseYoutubeUrl(url)?.focusedId;
}

/**
 * Characters the URL parser drops, escapes, decodes or reads as `/` (whitespace, controls, `%`, `+`,
 * `\`): without them a relative link's query string reads the same as text as through `URLSearchParams`.
 */
const NEEDS_URL_PARSER = /[%+\\\s\p{Cc}]/u;

/**
 * A query parameter read from a relative link's text (`/watch?v=…&lc=…`, as YouTube writes every
 * comment's permalink) without a `new URL` (issue 10: one per comment); `undefined` when the link has
 * no such parameter, null when only the URL parser can tell.
 */
function plainParam(href: string, name: string): string | undefined | null {
  if (href.charCodeAt(0) !== 47 /* / */ || href.charCodeAt(1) === 47) return null;
  const hash = href.indexOf('#');
  const beforeHash = hash < 0 ? href : href.slice(0, hash);
  if (NEEDS_URL_PARSER.test(beforeHash)) return null;
  const q = beforeHash.indexOf('?');
  if (q < 0) return undefined;
  const query = beforeHash.slice(q + 1);
  for (const pair of query.split('&')) {
    const eq = pair.indexOf('=');
    if ((eq < 0 ? pair : pair.slice(0, eq)) === name) return eq < 0 ? '' : pair.slice(eq + 1);
  }
  return undefined;
}

/** The `lc=` parameter YouTube puts on a comment's permalink (its "published time" link). */
export function commentIdFromHref(
  href: string | null | undefined,
  base = 'https://www.youtube.com',
): string | undefined {
  if (!href) return undefined;
  const plain = plainParam(href, 'lc');
  if (plain !== null) return plain !== undefined && COMMENT_ID.test(plain) ? plain : undefined;
  try {
    const lc = new URL(href, base).searchParams.get('lc');
    return lc && COMMENT_ID.test(lc) ? lc : undefined;
  } catch {
    return undefined;
  }
}

export function watchUrl(videoId: string): string {
  return `https://www.youtube.com/watch?v=${encodeURIComponent(videoId)}`;
}

/** YouTube's own permalink form: the video with the comment highlighted at the top. */
export function commentUrl(videoId: string, commentId: string): string {
  return `${watchUrl(videoId)}&lc=${encodeURIComponent(commentId)}`;
}

export function shortsUrl(videoId: string): string {
  return `https://www.youtube.com/shorts/${encodeURIComponent(videoId)}`;
}
