import type { PageInfo } from '../types';

const X_HOSTS = new Set([
  'x.com',
  'twitter.com',
  'mobile.x.com',
  'mobile.twitter.com',
  'www.x.com',
  'www.twitter.com',
]);

/** `/handle/status/ID`, optionally followed by `/photo/1`, `/analytics`, `/quotes`… */
export const STATUS_PATH = /^\/([A-Za-z0-9_]{1,20})\/status\/(\d{1,25})(?:\/|$)/;

const HANDLE = /^[A-Za-z0-9_]{1,20}$/;

/** First path segments that are X's own pages, never a user's handle. */
const RESERVED = new Set([
  'i',
  'home',
  'explore',
  'search',
  'notifications',
  'messages',
  'settings',
  'compose',
  'login',
  'logout',
  'signup',
  'tos',
  'privacy',
  'hashtag',
  'intent',
  'share',
  'account',
  'jobs',
  'communities',
  'lists',
  'bookmarks',
  'premium',
  'verified',
  'follower_requests',
  'who_to_follow',
  'about',
  'download',
  'rules',
  'help',
  'oauth',
  'sw.js',
]);

export function isXHost(host: string): boolean {
  return X_HOSTS.has(host.toLowerCase());
}

/** Which X page a URL is; null when it is not an X host. Pure: callers pass `new URL(location.href)`. */
export function parseXUrl(url: URL): PageInfo | null {
  if (!isXHost(url.hostname)) return null;
  const path = url.pathname;

  const status = STATUS_PATH.exec(path);
  if (status) return { platform: 'x', kind: 'status', handle: status[1], focusedId: status[2] };

  const segments = path.split('/').filter(Boolean);
  const first = segments[0]?.toLowerCase();
  if (first === undefined || first === 'home') return { platform: 'x', kind: 'home' };
  if (first === 'notifications') return { platform: 'x', kind: 'notifications' };
  if (first === 'search' || first === 'explore') return { platform: 'x', kind: 'search' };
  if (!RESERVED.has(first) && HANDLE.test(segments[0] ?? '')) {
    return { platform: 'x', kind: 'profile', handle: segments[0] };
  }
  return { platform: 'x', kind: 'other' };
}

/** The id a status path points at, ignoring suffixes such as /photo/1 or /analytics. */
export function statusIdFromPath(path: string): { handle: string; id: string } | null {
  const m = STATUS_PATH.exec(path);
  return m?.[1] && m[2] ? { handle: m[1], id: m[2] } : null;
}

/**
 * Characters after which the URL parser's path differs from the raw text: dot segments (also written
 * `%2e`), backslashes (read as `/`), whitespace and control characters (dropped or escaped). Without
 * any of them a relative path's own text is its pathname.
 */
const NEEDS_URL_PARSER = /[.%\\\s\p{Cc}]/u;

/**
 * The status a link points at: `/handle/status/ID` as X writes it is read as text, anything else
 * (absolute, protocol-relative, dot segments, escapes) through the URL parser, with the same answer
 * (issue 10: a `new URL` per tweet was a visible share of the content script's time per tweet).
 */
export function statusIdFromHref(href: string | null | undefined): { handle: string; id: string } | null {
  if (!href) return null;
  if (href.charCodeAt(0) === 47 /* / */ && href.charCodeAt(1) !== 47) {
    const end = href.search(/[?#]/);
    const path = end < 0 ? href : href.slice(0, end);
    if (!NEEDS_URL_PARSER.test(path)) return statusIdFromPath(path);
  }
  try {
    return statusIdFromPath(new URL(href, 'https://x.com').pathname);
  } catch {
    return null;
  }
}

export function statusUrl(handle: string, id: string): string {
  return `https://x.com/${encodeURIComponent(handle)}/status/${encodeURIComponent(id)}`;
}
