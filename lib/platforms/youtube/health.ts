import { parseJson } from '../../capture/json';
import type { DriftSignal } from '../../capture/signals';
import { keyShape, type PlatformHealth } from '../../health/checks';
import { YOUTUBE_NOT_OURS, youtubeLookalike } from './feed-path';
import {
  COMMENT_ACTION_TYPES,
  CommentActionRequestSchema,
  decodeCommentAction,
  matchYoutubeRequest,
  YOUTUBE_ENDPOINTS,
  youtubeiPostName,
} from './network';
import {
  ACTIVE_SHORT,
  COMMENT,
  COMMENT_LIKE_BUTTON,
  COMMENT_ROWS,
  COMMENTS_SECTION,
  PUBLISHED_LINK,
  SIMPLEBOX,
  VIDEO_LIKE_BUTTON,
  WATCH_METADATA,
} from './selectors';

/**
 * What counting on youtube.com depends on. Each DOM requirement is judged only where plain structure
 * (a row in the comment list, the metadata under the player) is on the page, so a video without
 * comments, comments still loading or a signed-out page never fail one.
 */
export const YOUTUBE_HEALTH: PlatformHealth = {
  dom: [
    {
      check: 'comment',
      pages: ['watch'],
      anchor: COMMENT_ROWS,
      selector: COMMENT,
      affects: ['replies', 'likes'],
      evidence: 'watch, watch-2, watch-legacy',
    },
    {
      check: 'comment-permalink',
      pages: ['watch'],
      anchor: COMMENT,
      selector: PUBLISHED_LINK,
      affects: ['replies', 'likes'],
      evidence: 'watch, watch-2, watch-legacy',
    },
    {
      check: 'comment-like-button',
      pages: ['watch'],
      anchor: COMMENT,
      selector: COMMENT_LIKE_BUTTON,
      affects: ['likes'],
      evidence: 'watch, watch-2, watch-legacy',
    },
    {
      check: 'comment-box',
      pages: ['watch'],
      // One argument: `:has(a, b)` walks the whole section for `a` before it tries `b` (issue 10: 29 ms
      // on a legacy page of 1,000 threads, which has no `a`); `:is(a, b)` stops at the first comment.
      anchor: `${COMMENTS_SECTION}:has(:is(${COMMENT}))`,
      selector: SIMPLEBOX,
      affects: ['replies'],
      evidence: 'watch, watch-2, watch-legacy',
    },
    {
      check: 'video-like-button',
      pages: ['watch'],
      anchor: WATCH_METADATA,
      selector: VIDEO_LIKE_BUTTON,
      affects: ['likes'],
      evidence: 'watch, watch-2, watch-legacy',
    },
    {
      check: 'short-like-button',
      pages: ['shorts'],
      anchor: ACTIVE_SHORT,
      selector: VIDEO_LIKE_BUTTON,
      affects: ['likes'],
      evidence: 'shorts',
    },
  ],
  network: [
    {
      operation: 'comment/create_comment',
      op: 'comment',
      reads:
        'createCommentParams (protobuf: video id = 2) → actions[].createCommentAction.contents (comment id, text)',
    },
    {
      operation: 'comment/create_comment_reply',
      op: 'reply',
      reads:
        'createReplyParams (protobuf: video id = 2, comment id = 4) → actions[].createCommentReplyAction.contents',
    },
    {
      operation: 'comment/perform_comment_action',
      op: 'like',
      reads:
        'actions[] (protobuf: type = 1 (5 like, 6 unlike), comment id = 3, video id = 5) → actionResults[].status',
    },
    { operation: 'like/like', op: 'like', reads: 'target.videoId → 2xx without an error' },
    { operation: 'like/removelike', op: 'unlike', reads: 'target.videoId → 2xx without an error' },
  ],
};

const OPS: Record<string, 'comment' | 'reply' | 'like' | 'unlike'> = {
  'comment/create_comment': 'comment',
  'comment/create_comment_reply': 'reply',
  'comment/perform_comment_action': 'like',
  'like/like': 'like',
  'like/removelike': 'unlike',
};

/** A perform_comment_action whose actions all decode to ones we do not count (dislike, translate…). */
function onlyOtherActions(body: string | null): boolean {
  const json = parseJson(body);
  const parsed = CommentActionRequestSchema.safeParse(json.ok ? json.value : null);
  const counted: readonly number[] = Object.values(COMMENT_ACTION_TYPES);
  return (
    parsed.success &&
    parsed.data.actions.every((a) => {
      const decoded = decodeCommentAction(a);
      return decoded?.commentId !== undefined && !counted.includes(decoded.type);
    })
  );
}

/**
 * youtubei calls `matchYoutubeRequest` did not take that still concern counting: one of our endpoints
 * whose request we cannot read (params in a new protobuf layout), or an unknown endpoint named like ours
 * (`like/like_v2`, `comment/create_comment_v2`).
 */
export function youtubeDrift(method: string, url: string, body: string | null): DriftSignal | null {
  const name = youtubeiPostName(method, url);
  if (name === null || YOUTUBE_NOT_OURS.has(name)) return null;
  const parsed = parseJson(body);
  const shape = parsed.ok ? keyShape(parsed.value) : [];
  if (Object.hasOwn(YOUTUBE_ENDPOINTS, name)) {
    if (matchYoutubeRequest(method, url, body) || onlyOtherActions(body)) return null;
    return {
      kind: 'drift',
      check: `request:${name}`,
      op: OPS[name]!,
      detail: parsed.ok
        ? `${name}: the request's params are not in a layout we read`
        : `${name}: body is not JSON`,
      shape,
    };
  }
  if (!youtubeLookalike(name)) return null;
  const base = Object.keys(OPS).find((k) => name.startsWith(k));
  return {
    kind: 'drift',
    check: `unknown-operation:${name.slice(0, 80)}`,
    op: base ? OPS[base]! : name.includes('reply') ? 'reply' : name.includes('action') ? 'like' : 'comment',
    detail: `YouTube called ${name.slice(0, 80)}, which looks like one of ours but is not one we read`,
    shape,
  };
}
