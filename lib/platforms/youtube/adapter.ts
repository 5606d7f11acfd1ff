import type { PlatformAdapter } from '../types';
import { placeBadge, placePicker, removeBadge } from './badge';
import { createYoutubeComposer } from './composer';
import { YOUTUBE_CALLS } from './feed-path';
import { YOUTUBE_HEALTH, youtubeDrift } from './health';
import { interpretYoutubeResponse, matchYoutubeRequest } from './network';
import { youtubePageAdapter } from './page-adapter';
import { watchUrl } from './url';

/** youtube.com for the platform-neutral content app: the page adapter plus badges, composer and readers. */
export const youtubeAdapter: PlatformAdapter = {
  ...youtubePageAdapter,
  placeBadge: (el, badge) => placeBadge(el, badge) !== null,
  removeBadge,
  placePicker,
  // A bare comment id has no video; only videos get a link of their own.
  postUrl: (id) =>
    id.length === 11 ? watchUrl(id) : `https://www.youtube.com/watch?lc=${encodeURIComponent(id)}`,
  composer: createYoutubeComposer,
  health: YOUTUBE_HEALTH,
  network: {
    calls: YOUTUBE_CALLS,
    match: matchYoutubeRequest,
    interpret: interpretYoutubeResponse,
    drift: youtubeDrift,
  },
};
