import type { PageAdapter } from '../types';
import { commentId, findComments, first, threadContext, threadRootId } from './page';
import { COMMENTS_SECTION, PRIMARY_COLUMN } from './selectors';
import { detectTheme } from './theme';
import { isShortsHref, parseYoutubeUrl } from './url';
import { createYoutubeWatcher } from './watcher';

/**
 * What the first chunk needs of youtube.com (lib/content/core.ts): read the page and watch it. No UI,
 * no network readers, no Zod: it runs on every YouTube page from document_start (issue 10).
 */
export const youtubePageAdapter: PageAdapter = {
  platform: 'youtube',
  parseUrl: parseYoutubeUrl,
  threadContext,
  watch: (doc, h) =>
    createYoutubeWatcher(doc, { onPost: h.onPost, onDomSignal: h.onDomSignal, onError: h.onError }),
  detectTheme,
  mainColumn: (doc) => first(doc, PRIMARY_COLUMN),
  // Every comment under the video on screen belongs to the video's thread.
  inThread: (doc, url, postId) => {
    const kind = parseYoutubeUrl(url)?.kind;
    if (kind !== 'watch' && kind !== 'shorts') return false;
    const section = first(doc, COMMENTS_SECTION) ?? doc;
    return findComments(section).some((c) => commentId(c) === postId);
  },
  threadRootOf: threadRootId,
  navigationEvents: ['yt-navigate-finish', 'yt-page-data-updated'],
  readAfterDwell: isShortsHref,
};
