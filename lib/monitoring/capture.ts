import type { Answer } from '../capture/signals';
import type { ParsedAnswer, SeenPost } from '../platforms/types';
import { parseXTimeline } from '../platforms/x/timeline';
import { parseYoutubeFeed } from '../platforms/youtube/feed';
import { cleanText, type Platform } from '../schemas/common';
import { type CapturedMention, CapturedMentionSchema, type MentionKind } from '../schemas/mention';
import type { CaptureSettings } from '../schemas/monitoring';
import { type CompiledTerms, compileTerms, isMention, matchTerms } from './match';

function kindOf(post: SeenPost): MentionKind {
  if (post.platform === 'x') return 'post';
  return post.postId === post.conversationId ? 'video' : 'comment';
}

/** A parsed post in the shape `POST /mentions` takes. The post's own time falls back to when it was seen. */
export function toCapturedMention(post: SeenPost, seenAt: string): CapturedMention {
  const counts = {
    ...(post.replies !== undefined && { replies: post.replies }),
    ...(post.likes !== undefined && { likes: post.likes }),
    ...(post.reposts !== undefined && { reposts: post.reposts }),
    ...(post.views !== undefined && { views: post.views }),
  };
  const kind = kindOf(post);
  const handle = post.authorHandle ?? post.authorId ?? 'unknown';
  return {
    platform: post.platform,
    kind,
    postId: post.postId,
    ...(post.conversationId && { conversationId: post.conversationId }),
    // A video's author is its channel; a comment's channel (of the video) is not in the answer.
    ...(kind === 'video' && post.authorId && { channelId: post.authorId }),
    url: post.url,
    // Page text is cleaned, not refused: a post with a stray NUL or half an emoji is still a mention.
    authorHandle: cleanText(post.platform === 'x' ? `@${handle}` : handle),
    ...(post.authorFollowers !== undefined && { authorFollowers: post.authorFollowers }),
    text: cleanText(post.text),
    ...(post.replyTo && post.replyTo.length > 0 && { replyTo: post.replyTo.map((h) => `@${h}`) }),
    ...(post.lang && { lang: post.lang }),
    postedAt: post.postedAt ?? seenAt,
    counts,
    seenAt,
    source: 'capture',
  };
}

/** The platform's parser for one answer the page received. */
export function parseAnswer(
  platform: Platform,
  answer: Answer,
  context: { videoId?: string; now: Date },
): ParsedAnswer {
  return platform === 'x' ? parseXTimeline(answer.text) : parseYoutubeFeed(answer.text, context);
}

/** The posts of one answer that are mentions under `terms`, ready to queue. */
export function mentionsIn(
  posts: readonly SeenPost[],
  terms: CompiledTerms,
  seenAt: string,
): CapturedMention[] {
  const out: CapturedMention[] = [];
  for (const post of posts) {
    const result = matchTerms(
      {
        text: post.text,
        ...(post.replyTo && { handles: post.replyTo }),
        ...(post.authorHandle && { authorHandle: post.authorHandle }),
        ...(post.platform === 'youtube' && post.postId === post.conversationId && post.authorId
          ? { channelId: post.authorId }
          : {}),
      },
      terms,
    );
    if (!isMention(result)) continue;
    const mention = CapturedMentionSchema.safeParse(toCapturedMention(post, seenAt));
    if (mention.success) out.push(mention.data);
  }
  return out;
}

export interface CaptureStats {
  answers: number;
  posts: number;
  mentions: number;
  /** Entries of a shape we could not read: counted, never an error in the page. */
  skipped: number;
}

export interface MentionCaptureDeps {
  platform: Platform;
  settings(): Promise<CaptureSettings>;
  /** Hands the batch to the outbox; `refused` entries failed the background's check and are counted as skipped. */
  send(mentions: CapturedMention[]): Promise<{ queued?: number; refused?: number } | undefined>;
  /** The page's video, for comment lists that do not name it. */
  videoId(): string | undefined;
  now?: () => Date;
  /** How long the settings are trusted before asking again (the team may publish new terms). */
  refreshMs?: number;
}

/**
 * The content script's half of mention capture: parse each answer the MAIN world passed on, keep the
 * posts that match the team's terms, and hand them to the background's outbox. A post this tab already
 * sent is not sent again; the background de-duplicates across tabs.
 */
export function createMentionCapture(deps: MentionCaptureDeps) {
  const now = deps.now ?? (() => new Date());
  const refreshMs = deps.refreshMs ?? 60_000;
  const stats: CaptureStats = { answers: 0, posts: 0, mentions: 0, skipped: 0 };
  const sentHere = new Set<string>();
  let cached: { at: number; key: string; compiled: CompiledTerms | null } | undefined;

  async function current(): Promise<CompiledTerms | null> {
    const t = now().getTime();
    if (!cached || t - cached.at >= refreshMs) {
      const settings = await deps.settings();
      // Keyed by the terms themselves, not their version: another server's team (after a reconnect)
      // can be at the same version with other terms, and must never be matched with these.
      const key = settings.active && settings.terms ? JSON.stringify(settings.terms) : '';
      const compiled =
        settings.active && settings.terms
          ? cached?.key === key && cached.compiled
            ? cached.compiled
            : compileTerms(settings.terms)
          : null;
      cached = { at: t, key, compiled };
    }
    return cached.compiled;
  }

  async function onAnswer(answer: Answer): Promise<CapturedMention[]> {
    const terms = await current();
    // Off or paused: the answer is not even parsed.
    if (!terms) return [];
    const at = now();
    const videoId = deps.videoId();
    const parsed = parseAnswer(deps.platform, answer, { now: at, ...(videoId && { videoId }) });
    stats.answers += 1;
    stats.posts += parsed.posts.length;
    stats.skipped += parsed.skipped;
    const found = mentionsIn(parsed.posts, terms, at.toISOString()).filter(
      (m) => !sentHere.has(`${m.platform}:${m.postId}`),
    );
    if (found.length === 0) return [];
    const result = await deps.send(found);
    const refused = result?.refused ?? 0;
    for (const m of found) sentHere.add(`${m.platform}:${m.postId}`);
    stats.mentions += found.length - refused;
    stats.skipped += refused;
    return found;
  }

  return {
    onAnswer,
    stats: (): CaptureStats => ({ ...stats }),
    /** Forget the cached settings (the background said the terms or the pause changed). */
    invalidate: () => {
      cached = undefined;
    },
  };
}
export type MentionCapture = ReturnType<typeof createMentionCapture>;
