import type { PageAdapter } from '../types';
import { findTweets, threadContext, tweetId } from './page';
import { PRIMARY_COLUMN } from './selectors';
import { detectTheme } from './theme';
import { parseXUrl } from './url';
import { createXWatcher } from './watcher';

/**
 * What the first chunk needs of x.com (lib/content/core.ts): read the page and watch it. No UI, no
 * network readers, no Zod: it runs on every x.com page from document_start (issue 10).
 */
export const xPageAdapter: PageAdapter = {
  platform: 'x',
  parseUrl: parseXUrl,
  threadContext,
  watch: (doc, h) =>
    createXWatcher(doc, { onTweet: h.onPost, onDomSignal: h.onDomSignal, onError: h.onError }),
  detectTheme,
  mainColumn: (doc) => doc.querySelector(PRIMARY_COLUMN),
  // On a status page, X lists the conversation: ancestors above the focused tweet, replies below.
  inThread: (doc, url, postId) =>
    parseXUrl(url)?.kind === 'status' &&
    findTweets(doc.querySelector(PRIMARY_COLUMN) ?? doc).some((a) => tweetId(a) === postId),
};
