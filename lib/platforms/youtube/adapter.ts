import type { PlatformAdapter } from '../types';
import { placeBadge, placePicker, removeBadge } from './badge';
import { createYoutubeComposer } from './composer';
import { YOUTUBE_HEALTH, youtubeDrift } from './health';
import { interpretYoutubeResponse, matchYoutubeRequest } from './network';
import { commentId, findComments, first, threadContext, threadRootId } from './page';
import { COMMENTS_SECTION, PRIMARY_COLUMN } from './selectors';
import { detectTheme } from './theme';
import { parseYoutubeUrl, watchUrl } from './url';
import { createYoutubeWatcher } from './watcher';

/** youtube.com for the platform-neutral content app. */
export const youtubeAdapter: PlatformAdapter = {
  platform: 'youtube',
  parseUrl: parseYoutubeUrl,
  threadContext,
  watch: (doc, h) =>
    createYoutubeWatcher(doc, { onPost: h.onPost, onDomSignal: h.onDomSignal, onError: h.onError }),
  placeBadge: (el, badge) => placeBadge(el, badge) !== null,
  removeBadge,
  placePicker,
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
  // A bare comment id has no video; only videos get a link of their own.
  postUrl: (id) =>
    id.length === 11 ? watchUrl(id) : `https://www.youtube.com/watch?lc=${encodeURIComponent(id)}`,
  composer: createYoutubeComposer,
  navigationEvents: ['yt-navigate-finish', 'yt-page-data-updated'],
  health: YOUTUBE_HEALTH,
  network: { match: matchYoutubeRequest, interpret: interpretYoutubeResponse, drift: youtubeDrift },
};
