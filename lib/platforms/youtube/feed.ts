import { at, isObject, parseJson, stringAt } from '../../capture/json';
import type { ParsedAnswer, SeenPost } from '../types';
import { runsText } from './text';
import { COMMENT_ID, commentUrl, VIDEO_ID, watchUrl } from './url';

/*
 * What YouTube's web client reads from `POST /youtubei/v1/{next,browse,search}`, the way public clients
 * (YouTube.js's CommentView / Comment / Video / LockupView parsers, 2024–2026) read it:
 * - comments, view-model layout (2024+): `frameworkUpdates.entityBatchUpdate.mutations[].payload
 *   .commentEntityPayload` with `properties {commentId, content {content}, publishedTime}`,
 *   `author {channelId, displayName ("@handle")}`, `toolbar {likeCountNotliked, replyCount}`;
 * - comments, older layout: `commentRenderer {commentId, contentText, authorText, authorEndpoint
 *   .browseEndpoint.browseId, publishedTimeText, voteCount, replyCount}`;
 * - videos: `videoRenderer {videoId, title, descriptionSnippet, ownerText, publishedTimeText,
 *   viewCountText}` and `lockupViewModel {contentId, contentType, metadata.lockupMetadataViewModel
 *   {title, metadata.contentMetadataViewModel.metadataRows[].metadataParts[].text}}`.
 * Times are relative ("3 days ago"); counts are display strings ("1.2K").
 */

const MAX_TEXT = 10_000;
const CHANNEL_ID = /^UC[A-Za-z0-9_-]{22}$/;
const MAX_NODES = 200_000;

// --- display strings --------------------------------------------------------------------------------

const SUFFIX: Array<[RegExp, number]> = [
  [/^(?:k|тыс\.?)$/i, 1e3],
  [/^(?:m|млн\.?)$/i, 1e6],
  [/^(?:b|млрд\.?)$/i, 1e9],
];

/** "1,234 views", "1.2K", "12 тыс. просмотров", "1,5 млн", "" → a number, or undefined when unreadable. */
export function parseYoutubeCount(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const text = value.replace(/\u00a0/g, ' ').trim();
  if (text === '') return 0;
  if (/^no\b|^нет\b/i.test(text)) return 0;
  const m = /^(\d{1,3}(?:[ ,]\d{3})+|\d+(?:[.,]\d+)?)\s*([A-Za-zА-Яа-я.]*)/.exec(text);
  if (!m) return undefined;
  const [, digits = '', unit = ''] = m;
  const multiplier = SUFFIX.find(([re]) => re.test(unit))?.[1] ?? 1;
  const grouped = /^\d{1,3}(?:[ ,]\d{3})+$/.test(digits);
  const number = grouped ? Number(digits.replace(/[ ,]/g, '')) : Number(digits.replace(',', '.'));
  return Number.isFinite(number) ? Math.round(number * multiplier) : undefined;
}

const UNIT_MS: Array<[RegExp, number]> = [
  [/^(?:second|секунд)/i, 1_000],
  [/^(?:minute|минут)/i, 60_000],
  [/^(?:hour|час)/i, 3_600_000],
  [/^(?:day|дн|день|дня)/i, 86_400_000],
  [/^(?:week|недел)/i, 7 * 86_400_000],
  [/^(?:month|месяц)/i, 30 * 86_400_000],
  [/^(?:year|год|лет)/i, 365 * 86_400_000],
];

/**
 * "3 days ago", "Streamed 2 weeks ago", "1 hour ago (edited)", "5 минут назад", "час назад" → the time
 * it names, counted back from `now` (so as exact as the unit). Undefined when it is not a relative time.
 */
export function parseRelativeTime(value: string | undefined, now: Date): string | undefined {
  if (!value) return undefined;
  const m = /(?:^|\s)(\d+)?\s*([A-Za-zА-Яа-яё]+)\s+(?:ago|назад)(?![\p{L}])/iu.exec(
    value.replace(/\u00a0/g, ' '),
  );
  if (!m) return undefined;
  const unit = UNIT_MS.find(([re]) => re.test(m[2] ?? ''))?.[1];
  if (unit === undefined) return undefined;
  const amount = m[1] === undefined ? 1 : Number(m[1]);
  return new Date(now.getTime() - amount * unit).toISOString();
}

const handleOf = (name: string | undefined): string | undefined => {
  const trimmed = name?.trim().replace(/^@/, '');
  return trimmed ? trimmed.slice(0, 100) : undefined;
};

const handleFromPath = (path: string | undefined): string | undefined =>
  path?.startsWith('/@') ? handleOf(decodeURIComponent(path.slice(2))) : undefined;

const channelOf = (id: unknown): string | undefined =>
  typeof id === 'string' && CHANNEL_ID.test(id) ? id : undefined;

// --- one node each ----------------------------------------------------------------------------------

type Outcome = SeenPost | 'ignored' | 'malformed';

interface Context {
  videoId?: string;
  now: Date;
}

function withCounts(
  post: SeenPost,
  counts: Partial<Record<'replies' | 'likes' | 'views', number>>,
): SeenPost {
  for (const [key, value] of Object.entries(counts)) {
    if (value !== undefined) post[key as 'replies' | 'likes' | 'views'] = value;
  }
  return post;
}

function comment(
  fields: {
    id: string | undefined;
    text: string | undefined;
    author: string | undefined;
    channelId: unknown;
    published: string | undefined;
    likes: number | undefined;
    replies: number | undefined;
    videoId: string | undefined;
  },
  ctx: Context,
): Outcome {
  const { id, text, videoId } = fields;
  if (!id || !COMMENT_ID.test(id) || text === undefined) return 'malformed';
  // A comment we cannot link to its video cannot be answered from the inbox.
  if (!videoId || !VIDEO_ID.test(videoId)) return 'malformed';
  const author = handleOf(fields.author);
  const authorId = channelOf(fields.channelId);
  const postedAt = parseRelativeTime(fields.published, ctx.now);
  return withCounts(
    {
      platform: 'youtube',
      postId: id,
      conversationId: videoId,
      url: commentUrl(videoId, id),
      ...(author && { authorHandle: author }),
      ...(authorId && { authorId }),
      text: text.slice(0, MAX_TEXT),
      ...(postedAt && { postedAt }),
    },
    { likes: fields.likes, replies: fields.replies },
  );
}

function fromEntityPayload(node: unknown, ctx: Context): Outcome {
  const replyCount = at(node, 'toolbar', 'replyCount');
  return comment(
    {
      id: stringAt(node, 'properties', 'commentId'),
      text: stringAt(node, 'properties', 'content', 'content'),
      author: stringAt(node, 'author', 'displayName'),
      channelId: at(node, 'author', 'channelId'),
      published: stringAt(node, 'properties', 'publishedTime'),
      likes: parseYoutubeCount(stringAt(node, 'toolbar', 'likeCountNotliked')),
      replies: typeof replyCount === 'string' ? parseYoutubeCount(replyCount) : undefined,
      videoId: ctx.videoId,
    },
    ctx,
  );
}

function fromCommentRenderer(node: unknown, ctx: Context): Outcome {
  const time = at(node, 'publishedTimeText', 'runs', 0);
  const replyCount = at(node, 'replyCount');
  return comment(
    {
      id: stringAt(node, 'commentId'),
      text: runsText(at(node, 'contentText')),
      author: runsText(at(node, 'authorText')),
      channelId: at(node, 'authorEndpoint', 'browseEndpoint', 'browseId'),
      published: runsText(at(node, 'publishedTimeText')),
      likes: parseYoutubeCount(runsText(at(node, 'voteCount')) ?? ''),
      replies: typeof replyCount === 'number' && replyCount >= 0 ? replyCount : undefined,
      videoId: stringAt(time, 'navigationEndpoint', 'watchEndpoint', 'videoId') ?? ctx.videoId,
    },
    ctx,
  );
}

function video(
  fields: {
    id: string | undefined;
    text: string | undefined;
    author: string | undefined;
    channelId: unknown;
    published: string | undefined;
    views: number | undefined;
  },
  ctx: Context,
): Outcome {
  const { id, text } = fields;
  if (!id || !VIDEO_ID.test(id) || !text) return 'malformed';
  const author = handleOf(fields.author);
  const authorId = channelOf(fields.channelId);
  const postedAt = parseRelativeTime(fields.published, ctx.now);
  return withCounts(
    {
      platform: 'youtube',
      postId: id,
      conversationId: id,
      url: watchUrl(id),
      ...(author && { authorHandle: author }),
      ...(authorId && { authorId }),
      text: text.slice(0, MAX_TEXT),
      ...(postedAt && { postedAt }),
    },
    { views: fields.views },
  );
}

function fromVideoRenderer(node: unknown, ctx: Context): Outcome {
  const owner = at(node, 'ownerText', 'runs', 0) ?? at(node, 'longBylineText', 'runs', 0);
  const browse = at(owner, 'navigationEndpoint', 'browseEndpoint');
  const title = runsText(at(node, 'title'));
  const snippet =
    runsText(at(node, 'descriptionSnippet')) ??
    runsText(at(node, 'detailedMetadataSnippets', 0, 'snippetText'));
  return video(
    {
      id: stringAt(node, 'videoId'),
      text: [title, snippet].filter(Boolean).join('\n'),
      author: handleFromPath(stringAt(browse, 'canonicalBaseUrl')) ?? stringAt(owner, 'text'),
      channelId: at(browse, 'browseId'),
      published: runsText(at(node, 'publishedTimeText')),
      views: parseYoutubeCount(runsText(at(node, 'viewCountText'))),
    },
    ctx,
  );
}

/** The first channel (`browseId` "UC…") and handle (`canonicalBaseUrl` "/@…") under a lockup's metadata. */
function lockupChannel(node: unknown): { channelId?: string; handle?: string } {
  const found: { channelId?: string; handle?: string } = {};
  const stack: unknown[] = [node];
  for (let steps = 0; stack.length > 0 && steps < 500; steps += 1) {
    const cur = stack.pop();
    if (Array.isArray(cur)) stack.push(...cur);
    else if (isObject(cur)) {
      found.channelId ??= channelOf(cur.browseId);
      if (typeof cur.canonicalBaseUrl === 'string') found.handle ??= handleFromPath(cur.canonicalBaseUrl);
      for (const v of Object.values(cur)) if (typeof v === 'object' && v !== null) stack.push(v);
    }
  }
  return found;
}

function fromLockup(node: unknown, ctx: Context): Outcome {
  const type = at(node, 'contentType');
  if (type !== undefined && type !== 'LOCKUP_CONTENT_TYPE_VIDEO') return 'ignored';
  const meta = at(node, 'metadata', 'lockupMetadataViewModel');
  const rows = at(meta, 'metadata', 'contentMetadataViewModel', 'metadataRows');
  const parts: string[] = [];
  if (Array.isArray(rows)) {
    for (const row of rows) {
      const list = at(row, 'metadataParts');
      if (!Array.isArray(list)) continue;
      for (const p of list) {
        const t = stringAt(p, 'text', 'content');
        if (t) parts.push(t);
      }
    }
  }
  const channel = lockupChannel(meta);
  return video(
    {
      id: stringAt(node, 'contentId'),
      text: stringAt(meta, 'title', 'content'),
      author: channel.handle ?? parts[0],
      channelId: channel.channelId,
      published: parts.find((p) => /(?:ago|назад)(?![\p{L}])/iu.test(p)),
      views: parseYoutubeCount(parts.find((p) => /view|просмотр/i.test(p))),
    },
    ctx,
  );
}

const READERS: Record<string, (node: unknown, ctx: Context) => Outcome> = {
  commentEntityPayload: fromEntityPayload,
  commentRenderer: fromCommentRenderer,
  videoRenderer: fromVideoRenderer,
  lockupViewModel: fromLockup,
};

/**
 * The comments and videos in one `youtubei/v1/{next,browse,search}` answer (raw text, as the page
 * received it). `videoId` is the page's video, for comment lists whose answer does not name it. Each
 * post appears once; nodes of a known kind but unreadable shape count as skipped. Never throws.
 */
export function parseYoutubeFeed(
  bodyText: string | null | undefined,
  context: { videoId?: string; now: Date },
): ParsedAnswer {
  const body = parseJson(bodyText);
  if (!body.ok || !isObject(body.value)) return { posts: [], skipped: 1 };
  const ctx: Context = {
    now: context.now,
    videoId: stringAt(body.value, 'currentVideoEndpoint', 'watchEndpoint', 'videoId') ?? context.videoId,
  };
  const posts: SeenPost[] = [];
  const seen = new Set<string>();
  let skipped = 0;
  const stack: unknown[] = [body.value];
  let visited = 0;
  while (stack.length > 0) {
    visited += 1;
    if (visited > MAX_NODES) {
      skipped += 1;
      break;
    }
    const cur = stack.pop();
    if (Array.isArray(cur)) {
      for (let i = cur.length - 1; i >= 0; i -= 1) if (typeof cur[i] === 'object') stack.push(cur[i]);
      continue;
    }
    if (!isObject(cur)) continue;
    // Reversed so the stack hands posts back in the order the page shows them.
    const keys = Object.keys(cur);
    for (let k = keys.length - 1; k >= 0; k -= 1) {
      const key = keys[k]!;
      const value = cur[key];
      const read = READERS[key];
      if (read) {
        const outcome = read(value, ctx);
        if (outcome === 'malformed') skipped += 1;
        else if (outcome !== 'ignored' && !seen.has(outcome.postId)) {
          seen.add(outcome.postId);
          posts.push(outcome);
        }
        // A comment renderer holds no further posts; a video renderer's children are its own parts.
        continue;
      }
      if (typeof value === 'object' && value !== null) stack.push(value);
    }
  }
  return { posts, skipped };
}
