import type { PlatformAdapter } from '../types';
import { placeBadge, removeBadge } from './badge';
import { createXComposer } from './composer';
import { interpretXResponse, matchXRequest } from './graphql';
import { X_HEALTH, xDrift } from './health';
import { findTweets, threadContext, tweetId } from './page';
import { PRIMARY_COLUMN } from './selectors';
import { detectTheme } from './theme';
import { parseXUrl } from './url';
import { createXWatcher } from './watcher';

/** x.com for the platform-neutral content app. */
export const xAdapter: PlatformAdapter = {
  platform: 'x',
  parseUrl: parseXUrl,
  threadContext,
  watch: (doc, h) =>
    createXWatcher(doc, { onTweet: h.onPost, onDomSignal: h.onDomSignal, onError: h.onError }),
  placeBadge: (el, badge) => placeBadge(el, badge) !== null,
  removeBadge,
  detectTheme,
  mainColumn: (doc) => doc.querySelector(PRIMARY_COLUMN),
  // On a status page, X lists the conversation: ancestors above the focused tweet, replies below.
  inThread: (doc, url, postId) =>
    parseXUrl(url)?.kind === 'status' &&
    findTweets(doc.querySelector(PRIMARY_COLUMN) ?? doc).some((a) => tweetId(a) === postId),
  postUrl: (id) => `https://x.com/i/web/status/${id}`,
  composer: createXComposer,
  health: X_HEALTH,
  network: { match: matchXRequest, interpret: interpretXResponse, drift: xDrift },
};
