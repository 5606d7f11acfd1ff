import type { PlatformAdapter } from '../types';
import { placeBadge, removeBadge } from './badge';
import { createXComposer } from './composer';
import { interpretXResponse, matchXRequest } from './graphql';
import { X_CALLS } from './graphql-path';
import { X_HEALTH, xDrift } from './health';
import { xPageAdapter } from './page-adapter';

/** x.com for the platform-neutral content app: the page adapter plus badges, composer and readers. */
export const xAdapter: PlatformAdapter = {
  ...xPageAdapter,
  placeBadge: (el, badge) => placeBadge(el, badge) !== null,
  removeBadge,
  postUrl: (id) => `https://x.com/i/web/status/${id}`,
  composer: createXComposer,
  health: X_HEALTH,
  network: { calls: X_CALLS, match: matchXRequest, interpret: interpretXResponse, drift: xDrift },
};
