// No imports: the MAIN-world hook runs this on every request the page makes, and must stay small.

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
