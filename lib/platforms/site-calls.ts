import type { SiteCalls } from '../capture/main-world';
import { X_CALLS } from './x/graphql-path';
import { YOUTUBE_CALLS } from './youtube/feed-path';

/**
 * Every site's network part (the adapters' `network.calls`), for the one MAIN-world content script:
 * it imports these and nothing else of the adapters, so it stays a few KB (issue 10's budget).
 */
export const SITE_CALLS: readonly SiteCalls[] = [X_CALLS, YOUTUBE_CALLS];
