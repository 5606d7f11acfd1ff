import { z } from 'zod';
import { at, parseJson } from '../../capture/json';
import type { NetworkMatch, NetworkVerdict } from '../../capture/signals';
import { YOUTUBE_ENDPOINTS, type YoutubeEndpoint, youtubeiPostName } from './feed-path';
import { runsText } from './text';
import { COMMENT_ID, VIDEO_ID } from './url';

/*
 * YouTube's web client ("InnerTube") posts JSON to `https://www.youtube.com/youtubei/v1/<endpoint>?prettyPrint=false`,
 * every body carrying `context` (client name/version, user, request). What we rely on, and where it
 * comes from (public references read in 2026; no live capture was possible):
 *
 * CONFIRMED from several independent clients (LuanRT/YouTube.js, BowDown097/innertube-qt, Rehike, the
 * "Return YouTube Comment Username" extension, Kotlin InnerTube clients):
 * - `like/like`, `like/removelike` (and `like/dislike`): body `{context, target: {videoId}, params?}`.
 * - `comment/create_comment`: body `{context, commentText, createCommentParams}`; the params are a
 *   base64 protobuf (URI-encoded, so `%3D` padding) `CreateCommentParams { string video_id = 2; … }`.
 * - `comment/create_comment_reply`: body `{context, commentText, createReplyParams}`; protobuf
 *   `CreateCommentReplyParams { string video_id = 2; string comment_id = 4; … }` (comment_id = the
 *   top-level comment: threads are one level deep).
 * - `comment/perform_comment_action`: body `{context, actions: [string]}`; each action a base64 protobuf
 *   `PerformCommentActionParams { int32 type = 1; int32 = 2; string comment_id = 3; string video_id = 5;
 *   string channel_id = 23; … }`. The web client never builds these: it replays the strings the page
 *   data gives each comment (likeCommand / unlikeCommand → performCommentActionEndpoint.action).
 *   type 5 = like, 4 = dislike, 22 = translate.
 * - create_comment answers `actions[]` holding `{createCommentAction: {contents: {commentThreadRenderer}}}`,
 *   create_comment_reply `{createCommentReplyAction: {contents: {commentRenderer}}}`, the new comment's
 *   id at `commentRenderer.commentId` (Rehike reads `actions[1]`, so something precedes it).
 * - perform_comment_action answers `{actionResults: […], actions: […]}`; view-model era responses carry
 *   `frameworkUpdates.entityBatchUpdate.mutations[].payload.commentEntityPayload`.
 *
 * ASSUMED (not found in any public reference; each is handled defensively):
 * - type 6 = remove like ("unlike"). Any other type is not matched, so a wrong guess means the DOM
 *   fallback logs the unlike instead, never a false event.
 * - Since the 2024 view-model layout, the new comment sits at `commentThreadRenderer.commentViewModel
 *   .commentViewModel.commentId` (reply: `contents.commentViewModel.commentViewModel`) with its text in
 *   the `commentEntityPayload.properties` mutation; `actions[0]` is a `runAttestationCommand`. We search
 *   every known place and take the first comment id found.
 * - Errors: HTTP 4xx/5xx with Google's `{error: {code, message, status}}`; a 200 without a create
 *   action (e.g. only an error popup) is a failure; an `actionResults[].status` containing "FAIL" too.
 */

export { YOUTUBE_ENDPOINTS, type YoutubeEndpoint, youtubeiPostName } from './feed-path';

/** perform_comment_action types we log (see the ASSUMED note for 6). */
export const COMMENT_ACTION_TYPES = { like: 5, unlike: 6 } as const;

export interface YoutubeRequestMatch extends NetworkMatch {
  op: 'comment' | 'reply' | 'like' | 'unlike';
  endpoint: YoutubeEndpoint;
  /** The video the action is on, when the request says (comment, reply, comment like). */
  videoId?: string;
  /** comment / reply: the text the page sent, a fallback when the response omits it. */
  text?: string;
}

/** The endpoint of a youtubei POST we care about, or null; cheap enough to run on every request. */
export function youtubeEndpoint(method: string, url: string): YoutubeEndpoint | null {
  const name = youtubeiPostName(method, url);
  return name !== null && Object.hasOwn(YOUTUBE_ENDPOINTS, name) ? (name as YoutubeEndpoint) : null;
}

export function isYoutubeActionCall(method: string, url: string): boolean {
  return youtubeEndpoint(method, url) !== null;
}

// --- protobuf params ---------------------------------------------------------------------------------

/** Top-level fields of a protobuf message: varints as numbers, length-delimited ones as bytes. */
export type ProtoFields = Map<number, Array<number | Uint8Array>>;

/** base64 (standard or url-safe, padded or not, maybe URI-encoded) → bytes; null when it is not base64. */
export function decodeBase64Param(value: string): Uint8Array | null {
  let text = value;
  try {
    if (text.includes('%')) text = decodeURIComponent(text);
  } catch {
    return null;
  }
  text = text.replace(/-/g, '+').replace(/_/g, '/').replace(/=+$/, '');
  if (!/^[A-Za-z0-9+/]*$/.test(text) || text.length % 4 === 1) return null;
  try {
    const binary = atob(text + '='.repeat((4 - (text.length % 4)) % 4));
    return Uint8Array.from(binary, (c) => c.charCodeAt(0));
  } catch {
    return null;
  }
}

/** Reads one message level. Returns null on malformed input (never throws on page data). */
export function readProto(bytes: Uint8Array): ProtoFields | null {
  const fields: ProtoFields = new Map();
  let i = 0;
  const varint = (): number | null => {
    let result = 0;
    let shift = 0;
    while (i < bytes.length && shift < 53) {
      const b = bytes[i++]!;
      result += (b & 0x7f) * 2 ** shift;
      if ((b & 0x80) === 0) return result;
      shift += 7;
    }
    return null;
  };
  while (i < bytes.length) {
    const key = varint();
    if (key === null) return null;
    const field = Math.floor(key / 8);
    const wire = key % 8;
    let value: number | Uint8Array;
    if (wire === 0) {
      const v = varint();
      if (v === null) return null;
      value = v;
    } else if (wire === 2) {
      const length = varint();
      if (length === null || i + length > bytes.length) return null;
      value = bytes.subarray(i, i + length);
      i += length;
    } else if (wire === 1 || wire === 5) {
      i += wire === 1 ? 8 : 4;
      if (i > bytes.length) return null;
      continue;
    } else {
      return null;
    }
    const list = fields.get(field);
    if (list) list.push(value);
    else fields.set(field, [value]);
  }
  return fields;
}

function stringField(fields: ProtoFields, n: number): string | undefined {
  const value = fields.get(n)?.[0];
  if (!(value instanceof Uint8Array)) return undefined;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(value);
  } catch {
    return undefined;
  }
}

function numberField(fields: ProtoFields, n: number): number | undefined {
  const value = fields.get(n)?.[0];
  return typeof value === 'number' ? value : undefined;
}

function decodeParams(value: string): ProtoFields | null {
  const bytes = decodeBase64Param(value);
  return bytes ? readProto(bytes) : null;
}

const validVideo = (id: string | undefined) => (id && VIDEO_ID.test(id) ? id : undefined);
const validComment = (id: string | undefined) => (id && COMMENT_ID.test(id) ? id : undefined);

export function decodeCreateCommentParams(value: string): { videoId: string } | null {
  const fields = decodeParams(value);
  const videoId = fields ? validVideo(stringField(fields, 2)) : undefined;
  return videoId ? { videoId } : null;
}

export function decodeCreateReplyParams(value: string): { videoId?: string; commentId: string } | null {
  const fields = decodeParams(value);
  if (!fields) return null;
  const commentId = validComment(stringField(fields, 4));
  const videoId = validVideo(stringField(fields, 2));
  return commentId ? { commentId, ...(videoId ? { videoId } : {}) } : null;
}

export function decodeCommentAction(
  value: string,
): { type: number; commentId?: string; videoId?: string } | null {
  const fields = decodeParams(value);
  const type = fields ? numberField(fields, 1) : undefined;
  if (!fields || type === undefined) return null;
  const commentId = validComment(stringField(fields, 3)?.trim());
  const videoId = validVideo(stringField(fields, 5)?.trim());
  return { type, ...(commentId ? { commentId } : {}), ...(videoId ? { videoId } : {}) };
}

// --- requests ------------------------------------------------------------------------------------

export const CreateCommentRequestSchema = z.looseObject({
  commentText: z.string().optional(),
  createCommentParams: z.string().min(1),
});
export const CreateReplyRequestSchema = z.looseObject({
  commentText: z.string().optional(),
  createReplyParams: z.string().min(1),
});
export const CommentActionRequestSchema = z.looseObject({ actions: z.array(z.string()).min(1) });
export const LikeRequestSchema = z.looseObject({
  target: z.looseObject({ videoId: z.string().regex(VIDEO_ID) }),
});

/** Recognises the page's own comment / reply / like / unlike calls. */
export function matchYoutubeRequest(
  method: string,
  url: string,
  bodyText: string | null | undefined,
): YoutubeRequestMatch | null {
  const endpoint = youtubeEndpoint(method, url);
  if (!endpoint) return null;
  const body = parseJson(bodyText);
  if (!body.ok) return null;
  switch (endpoint) {
    case 'comment/create_comment': {
      const req = CreateCommentRequestSchema.safeParse(body.value);
      const params = req.success ? decodeCreateCommentParams(req.data.createCommentParams) : null;
      if (!req.success || !params) return null;
      return {
        op: 'comment',
        endpoint,
        targetId: params.videoId,
        videoId: params.videoId,
        ...(req.data.commentText !== undefined && { text: req.data.commentText }),
      };
    }
    case 'comment/create_comment_reply': {
      const req = CreateReplyRequestSchema.safeParse(body.value);
      const params = req.success ? decodeCreateReplyParams(req.data.createReplyParams) : null;
      if (!req.success || !params) return null;
      return {
        op: 'reply',
        endpoint,
        targetId: params.commentId,
        ...(params.videoId && { videoId: params.videoId }),
        ...(req.data.commentText !== undefined && { text: req.data.commentText }),
      };
    }
    case 'comment/perform_comment_action': {
      const req = CommentActionRequestSchema.safeParse(body.value);
      if (!req.success) return null;
      for (const action of req.data.actions) {
        const decoded = decodeCommentAction(action);
        if (!decoded?.commentId) continue;
        const op =
          decoded.type === COMMENT_ACTION_TYPES.like
            ? 'like'
            : decoded.type === COMMENT_ACTION_TYPES.unlike
              ? 'unlike'
              : null;
        if (!op) continue;
        return {
          op,
          endpoint,
          targetId: decoded.commentId,
          ...(decoded.videoId && { videoId: decoded.videoId }),
        };
      }
      return null;
    }
    case 'like/like':
    case 'like/removelike': {
      const req = LikeRequestSchema.safeParse(body.value);
      if (!req.success) return null;
      const videoId = req.data.target.videoId;
      return { op: YOUTUBE_ENDPOINTS[endpoint], endpoint, targetId: videoId, videoId };
    }
  }
}

// --- responses -----------------------------------------------------------------------------------

const GoogleErrorSchema = z.looseObject({
  error: z.looseObject({
    code: z.number().optional(),
    message: z.string().optional(),
    status: z.string().optional(),
  }),
});

function describeGoogleError(value: unknown): string | undefined {
  const parsed = GoogleErrorSchema.safeParse(value);
  if (!parsed.success) return undefined;
  const { status, message } = parsed.data.error;
  return [status, message?.slice(0, 200)].filter(Boolean).join(': ') || undefined;
}

interface CreatedComment {
  id: string;
  text?: string;
}

/** Where each layout puts the new comment inside `createCommentAction.contents` / `createCommentReplyAction.contents`. */
function createdComment(contents: unknown): CreatedComment | null {
  const candidates: Array<{ id: unknown; text?: unknown }> = [
    // create_comment, old renderers
    {
      id: at(contents, 'commentThreadRenderer', 'comment', 'commentRenderer', 'commentId'),
      text: at(contents, 'commentThreadRenderer', 'comment', 'commentRenderer', 'contentText'),
    },
    // create_comment, view models
    { id: at(contents, 'commentThreadRenderer', 'commentViewModel', 'commentViewModel', 'commentId') },
    // create_comment_reply, old renderers
    {
      id: at(contents, 'commentRenderer', 'commentId'),
      text: at(contents, 'commentRenderer', 'contentText'),
    },
    // create_comment_reply, view models
    { id: at(contents, 'commentViewModel', 'commentViewModel', 'commentId') },
    { id: at(contents, 'commentViewModel', 'commentId') },
  ];
  for (const c of candidates) {
    const id = typeof c.id === 'string' ? validComment(c.id) : undefined;
    if (id) return { id, ...optionalText(runsText(c.text)) };
  }
  return null;
}

const optionalText = (text: string | undefined) => (text !== undefined ? { text } : {});

/** View-model responses put the comment's text in an entity mutation keyed by its id. */
function entityText(body: unknown, id: string): string | undefined {
  const mutations = at(body, 'frameworkUpdates', 'entityBatchUpdate', 'mutations');
  if (!Array.isArray(mutations)) return undefined;
  for (const m of mutations) {
    const props = at(m, 'payload', 'commentEntityPayload', 'properties');
    if (at(props, 'commentId') !== id) continue;
    const content = at(props, 'content', 'content');
    if (typeof content === 'string') return content;
  }
  return undefined;
}

function findAction(body: unknown, key: 'createCommentAction' | 'createCommentReplyAction'): unknown {
  const actions = at(body, 'actions');
  if (!Array.isArray(actions)) return undefined;
  for (const a of actions) {
    const found = at(a, key);
    if (found !== undefined) return found;
  }
  return undefined;
}

function failed(reason: string): NetworkVerdict {
  return { ok: false, reason: reason.slice(0, 500) };
}

/** An answer we cannot read is not YouTube saying no: the page decides, and the change is reported. */
function unreadable(reason: string): NetworkVerdict {
  return { ok: false, unreadable: true, reason: reason.slice(0, 500) };
}

/** YouTube refuses a comment with a 200 whose only action is an error toast. */
function hasPopup(body: unknown): boolean {
  const actions = at(body, 'actions');
  return Array.isArray(actions) && actions.some((a) => at(a, 'openPopupAction') !== undefined);
}

/**
 * Whether YouTube accepted the matched call. Never throws. Only what YouTube states is a refusal (an HTTP
 * or Google error, an error toast instead of the comment, a FAIL status); an answer in a shape we do not
 * know is `unreadable`.
 */
export function interpretYoutubeResponse(
  match: YoutubeRequestMatch | NetworkMatch,
  status: number,
  bodyText: string | null | undefined,
): NetworkVerdict {
  const what = 'endpoint' in match ? match.endpoint : match.op;
  if (status === 0) return failed(`${what}: no response (network error or aborted)`);
  const body = parseJson(bodyText);
  if (status < 200 || status >= 300) {
    const detail = body.ok ? describeGoogleError(body.value) : undefined;
    return failed(`${what}: HTTP ${status}${detail ? ` (${detail})` : ''}`);
  }
  if (!body.ok) return unreadable(`${what}: response body is not JSON`);
  const inBodyError = describeGoogleError(body.value);
  if (inBodyError) return failed(`${what}: ${inBodyError}`);
  const videoId = 'videoId' in match ? match.videoId : undefined;
  const conversation = videoId ? { conversationId: videoId } : {};

  if (match.op === 'comment' || match.op === 'reply') {
    const action = findAction(
      body.value,
      match.op === 'comment' ? 'createCommentAction' : 'createCommentReplyAction',
    );
    if (action === undefined) {
      return hasPopup(body.value)
        ? failed(`${what}: refused with an error message instead of the comment`)
        : unreadable(`${what}: no new comment in the response`);
    }
    const created = createdComment(at(action, 'contents'));
    if (!created) return unreadable(`${what}: the response's comment has no id`);
    const sent = 'text' in match ? match.text : undefined;
    const answered = entityText(body.value, created.id) ?? created.text;
    const text = answered ?? sent;
    return {
      ok: true,
      replyId: created.id,
      ...(text !== undefined && { replyText: text.slice(0, 10_000) }),
      ...conversation,
      // The text YouTube stored (what the lead exports) no longer comes back where we look.
      ...(answered === undefined && { missing: ['comment text'] }),
    };
  }

  if ('endpoint' in match && match.endpoint === 'comment/perform_comment_action') {
    const results = at(body.value, 'actionResults');
    if (Array.isArray(results)) {
      const bad = results.find((r) => /FAIL/i.test(String(at(r, 'status') ?? '')));
      if (bad !== undefined) return failed(`${what}: ${String(at(bad, 'status'))}`);
    }
  }
  return { ok: true, ...conversation };
}
