import { parseJson } from '../../capture/json';
import type { DriftSignal } from '../../capture/signals';
import { keyShape, type PlatformHealth } from '../../health/checks';
import { CreateTweetRequestSchema, FavoriteRequestSchema, graphqlPostName, X_OPERATIONS } from './graphql';
import { X_LOOKALIKE } from './graphql-path';
import {
  CELL,
  FOCUSED_TWEET,
  LIKE_OR_UNLIKE_BUTTON,
  PERMALINK_TIME,
  PRIMARY_COLUMN,
  REPLY_BUTTON,
  TWEET,
} from './selectors';

const TIMELINES = ['home', 'status', 'profile', 'search', 'notifications'] as const;

/**
 * What counting on x.com depends on. Each DOM requirement is judged only where plain structure (a
 * timeline row holding an article, a tweet) is on the page, so empty timelines, spinners and the login
 * wall never fail one. README "When a site changes" says how to update a selector.
 */
export const X_HEALTH: PlatformHealth = {
  dom: [
    {
      check: 'tweet',
      pages: TIMELINES,
      anchor: `${PRIMARY_COLUMN} ${CELL} article`,
      selector: TWEET,
      affects: ['replies', 'likes'],
      evidence: 'home, status, status-2, profile, search, notifications',
    },
    {
      check: 'tweet-permalink',
      pages: TIMELINES,
      anchor: TWEET,
      selector: PERMALINK_TIME,
      affects: ['replies', 'likes'],
      evidence: 'home, status, status-2, profile, search',
    },
    {
      check: 'like-button',
      pages: TIMELINES,
      anchor: TWEET,
      selector: LIKE_OR_UNLIKE_BUTTON,
      affects: ['likes'],
      evidence: 'home, status, status-2, profile, search, notifications',
    },
    {
      check: 'reply-button',
      pages: TIMELINES,
      anchor: TWEET,
      selector: REPLY_BUTTON,
      affects: ['replies'],
      evidence: 'home, status, status-2, profile, search, notifications',
    },
    {
      check: 'focused-tweet',
      pages: ['status'],
      anchor: `${PRIMARY_COLUMN}:has(${TWEET})`,
      selector: FOCUSED_TWEET,
      affects: ['replies'],
      evidence: 'status, status-2',
    },
  ],
  network: [
    {
      operation: 'CreateTweet',
      op: 'reply',
      reads:
        'variables.reply.in_reply_to_tweet_id → data.create_tweet.tweet_results.result (rest_id, legacy.full_text, legacy.conversation_id_str)',
    },
    { operation: 'FavoriteTweet', op: 'like', reads: 'variables.tweet_id → data.favorite_tweet = "Done"' },
    {
      operation: 'UnfavoriteTweet',
      op: 'unlike',
      reads: 'variables.tweet_id → data.unfavorite_tweet = "Done"',
    },
  ],
};

function guessOp(name: string): 'reply' | 'like' | 'unlike' {
  if (/^un(?:favorite|like)/i.test(name)) return 'unlike';
  return /favorite|like/i.test(name) ? 'like' : 'reply';
}

const shapeOf = (body: string | null): string[] => {
  const parsed = parseJson(body);
  return parsed.ok ? keyShape(parsed.value) : [];
};

/**
 * Calls `matchXRequest` did not take that still concern counting: one of our operations whose body we
 * cannot read, or an unknown operation named like ours. A plain post or a quote is neither.
 */
export function xDrift(method: string, url: string, body: string | null): DriftSignal | null {
  const name = graphqlPostName(method, url);
  if (name === null) return null;
  if (Object.hasOwn(X_OPERATIONS, name)) {
    const op = X_OPERATIONS[name as keyof typeof X_OPERATIONS];
    const parsed = parseJson(body);
    const schema = op === 'reply' ? CreateTweetRequestSchema : FavoriteRequestSchema;
    if (parsed.ok && schema.safeParse(parsed.value).success) return null; // a plain post or a quote
    return {
      kind: 'drift',
      check: `request:${name}`,
      op,
      detail: parsed.ok
        ? `${name}: the request's variables are not the shape we read`
        : `${name}: body is not JSON`,
      shape: shapeOf(body),
    };
  }
  if (!X_LOOKALIKE.test(name)) return null;
  return {
    kind: 'drift',
    check: `unknown-operation:${name.slice(0, 80)}`,
    op: guessOp(name),
    detail: `X called ${name.slice(0, 80)}, which looks like one of ours but is not one we read`,
    shape: shapeOf(body),
  };
}
