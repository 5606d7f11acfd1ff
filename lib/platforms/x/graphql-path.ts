// No imports (but a type): the MAIN-world hook runs this on every request the page makes, and must stay small.
import type { SiteCalls } from '../../capture/main-world';

const X_HOSTS = /^(?:mobile\.)?(?:x|twitter)\.com$/;
/** The queryId part changes with X's deploys: only the operation name is trusted. */
const GRAPHQL_PATH = /^\/i\/api\/graphql\/[A-Za-z0-9_-]+\/([A-Za-z0-9_]+)\/?$/;

/** The operation name of any X GraphQL call (`/i/api/graphql/<queryId>/<Name>`), or null. */
export function xGraphqlName(url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url, 'https://x.com/');
  } catch {
    return null;
  }
  if (parsed.protocol !== 'https:' || !X_HOSTS.test(parsed.hostname)) return null;
  return GRAPHQL_PATH.exec(parsed.pathname)?.[1] ?? null;
}

/** The timeline operations whose answers can hold posts that mention the product. */
export const X_TIMELINE_OPERATIONS = [
  'SearchTimeline',
  'HomeTimeline',
  'HomeLatestTimeline',
  'TweetDetail',
  'UserTweets',
  'UserTweetsAndReplies',
  'NotificationsTimeline',
] as const;
export type XTimelineOperation = (typeof X_TIMELINE_OPERATIONS)[number];

const TIMELINE_SET: ReadonlySet<string> = new Set(X_TIMELINE_OPERATIONS);

/** The timeline operation a call is (GET or POST), or null. Cheap: it runs on every request in the page. */
export function xTimelineOperation(url: string): XTimelineOperation | null {
  const name = xGraphqlName(url);
  return name !== null && TIMELINE_SET.has(name) ? (name as XTimelineOperation) : null;
}

/**
 * X's action operations and what each is. Here, not in graphql.ts, so the MAIN-world forwarder can
 * name them without the schemas.
 */
export const X_OPERATIONS = {
  CreateTweet: 'reply',
  FavoriteTweet: 'like',
  UnfavoriteTweet: 'unlike',
} as const;
export type XOperationName = keyof typeof X_OPERATIONS;

/** A renamed operation keeps its meaning in its name: FavoriteTweetV2, CreatePost, LikePost… */
export const X_LOOKALIKE = /^(?:create(?:tweet|post|reply)|(?:un)?(?:favorite|like)(?:tweet|post))/i;

const GRAPHQL_MARK = '/i/api/graphql/';

/**
 * What the MAIN-world forwarder does with a call (lib/capture/main-world.ts): our actions in full, a
 * look-alike's request for drift, a timeline's answer for mentions. Every other call costs one
 * substring test: X's client makes hundreds of them.
 */
export function xCallWatch(method: string, url: string): { call?: 'full' | 'request'; tap?: string } | null {
  if (!url.includes(GRAPHQL_MARK)) return null;
  const name = xGraphqlName(url);
  if (name === null) return null;
  if (TIMELINE_SET.has(name)) return { tap: name };
  if (method.toUpperCase() !== 'POST') return null;
  if (Object.hasOwn(X_OPERATIONS, name)) return { call: 'full' };
  return X_LOOKALIKE.test(name) ? { call: 'request' } : null;
}

/**
 * Whether a reply's outcome is worth reading: CreateTweet is every post, and only a reply's answer
 * matters (a plain post or a quote is never logged). Likes always are.
 */
export function xWantsOutcome(url: string, body: string | null): boolean {
  return xGraphqlName(url) !== 'CreateTweet' || (body?.includes('in_reply_to_tweet_id') ?? false);
}

/** x.com's network part for the MAIN-world forwarder: which calls matter, and when to read the outcome. */
export const X_CALLS: SiteCalls = {
  host: (hostname) => X_HOSTS.test(hostname),
  watch: xCallWatch,
  wantsOutcome: xWantsOutcome,
  watching: Object.keys(X_OPERATIONS),
};
