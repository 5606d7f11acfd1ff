import { at, isObject, parseJson, stringAt } from '../../capture/json';
import type { ParsedAnswer, SeenPost } from '../types';

/*
 * X's web client fetches its timelines as GraphQL (`GET /i/api/graphql/<queryId>/<Operation>?variables=…`,
 * some as POST). Each answer holds `instructions[]` somewhere under `data` (the path differs per
 * operation: `search_by_raw_query.search_timeline.timeline`, `home.home_timeline_urt`,
 * `threaded_conversation_with_injections_v2`, `user.result.timeline(_v2).timeline`, the notifications'
 * `viewer_v2…notification_timeline.timeline`), so the instructions are looked up rather than walked to.
 * Shapes from public scrapers and saved answers (2023–2026); see tests/fixtures/x/timeline/.
 */

const TWEET_ID = /^\d{1,25}$/;
const HANDLE = /^[A-Za-z0-9_]{1,20}$/;
const LANG = /^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})?$/;
/** X's pseudo-languages: `und`, `zxx` and the `q..` codes (qme media only, qst short text, qht hashtags…). */
const NOT_A_LANGUAGE = /^(?:und|zxx|q[a-z]{2})$/;
const MAX_TEXT = 10_000;

const MONTHS: Record<string, number> = {
  Jan: 0,
  Feb: 1,
  Mar: 2,
  Apr: 3,
  May: 4,
  Jun: 5,
  Jul: 6,
  Aug: 7,
  Sep: 8,
  Oct: 9,
  Nov: 10,
  Dec: 11,
};
const CREATED_AT = /^[A-Z][a-z]{2} ([A-Z][a-z]{2}) (\d{2}) (\d{2}):(\d{2}):(\d{2}) \+0000 (\d{4})$/;

/** X's `created_at` ("Wed Oct 10 20:19:24 +0000 2018", always UTC) as ISO; undefined when it is not that. */
export function parseXCreatedAt(value: string | undefined): string | undefined {
  const m = value ? CREATED_AT.exec(value) : null;
  const month = m ? MONTHS[m[1]!] : undefined;
  if (!m || month === undefined) return undefined;
  const time = Date.UTC(Number(m[6]), month, Number(m[2]), Number(m[3]), Number(m[4]), Number(m[5]));
  return Number.isFinite(time) ? new Date(time).toISOString() : undefined;
}

/** A count as X sends it: a number, or a string of digits (`views.count`). */
function count(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isSafeInteger(value) && value >= 0 ? value : undefined;
  if (typeof value === 'string' && /^\d{1,15}$/.test(value)) return Number(value);
  return undefined;
}

/** The handles a post replies to and mentions, from `legacy`; at most 50, each a valid screen name. */
function replyHandles(legacy: unknown): string[] {
  const out = new Set<string>();
  const to = stringAt(legacy, 'in_reply_to_screen_name');
  if (to && HANDLE.test(to)) out.add(to);
  const mentions = at(legacy, 'entities', 'user_mentions');
  if (Array.isArray(mentions)) {
    for (const m of mentions) {
      const h = stringAt(m, 'screen_name');
      if (h && HANDLE.test(h)) out.add(h);
      if (out.size >= 50) break;
    }
  }
  return [...out];
}

type Outcome = { post: SeenPost } | 'ignored' | 'malformed';

/** Unwraps visibility wrappers; a tombstone or an unavailable post is 'ignored', an unknown shape 'malformed'. */
function tweetOf(result: unknown): unknown | 'ignored' | 'malformed' {
  if (!isObject(result)) return 'malformed';
  switch (result.__typename) {
    case 'TweetWithVisibilityResults':
      return isObject(result.tweet) ? result.tweet : 'malformed';
    case 'TweetTombstone':
    case 'TweetUnavailable':
      return 'ignored';
    case 'Tweet':
    case undefined:
      return result;
    default:
      return 'malformed';
  }
}

/** One tweet result to a post; a retweet stands for the post it repeats. */
function postOf(result: unknown, depth = 0): Outcome {
  const tweet = tweetOf(result);
  if (tweet === 'ignored' || tweet === 'malformed') return tweet;
  const legacy = at(tweet, 'legacy');
  const retweeted = at(legacy, 'retweeted_status_result', 'result');
  if (retweeted !== undefined && depth === 0) return postOf(retweeted, 1);

  const id = stringAt(tweet, 'rest_id');
  const user = at(tweet, 'core', 'user_results', 'result');
  // 2025: screen_name moved from the user's `legacy` to its `core`; followers stayed in `legacy`.
  const handle = stringAt(user, 'core', 'screen_name') ?? stringAt(user, 'legacy', 'screen_name');
  const longText = stringAt(tweet, 'note_tweet', 'note_tweet_results', 'result', 'text');
  const text = longText ?? stringAt(legacy, 'full_text');
  if (!id || !TWEET_ID.test(id) || !handle || !HANDLE.test(handle) || text === undefined) return 'malformed';

  const conversationId = stringAt(legacy, 'conversation_id_str');
  const userId = stringAt(user, 'rest_id');
  const lang = stringAt(legacy, 'lang');
  const postedAt = parseXCreatedAt(stringAt(legacy, 'created_at'));
  const followers = count(at(user, 'legacy', 'followers_count'));
  const replies = count(at(legacy, 'reply_count'));
  const likes = count(at(legacy, 'favorite_count'));
  const reposts = count(at(legacy, 'retweet_count'));
  const views = count(at(tweet, 'views', 'count'));
  const replyTo = replyHandles(legacy);
  return {
    post: {
      platform: 'x',
      postId: id,
      ...(conversationId && TWEET_ID.test(conversationId) && { conversationId }),
      url: `https://x.com/${handle}/status/${id}`,
      authorHandle: handle,
      ...(userId && TWEET_ID.test(userId) && { authorId: userId }),
      ...(followers !== undefined && { authorFollowers: followers }),
      text: text.slice(0, MAX_TEXT),
      ...(replyTo.length > 0 && { replyTo }),
      ...(lang && LANG.test(lang) && !NOT_A_LANGUAGE.test(lang) && { lang }),
      ...(postedAt && { postedAt }),
      ...(replies !== undefined && { replies }),
      ...(likes !== undefined && { likes }),
      ...(reposts !== undefined && { reposts }),
      ...(views !== undefined && { views }),
    },
  };
}

const isPromoted = (entryId: string | undefined, itemContent: unknown): boolean =>
  (entryId?.startsWith('promoted') ?? false) ||
  (entryId?.includes('-promoted-') ?? false) ||
  at(itemContent, 'promotedMetadata') !== undefined;

class Collector {
  readonly posts: SeenPost[] = [];
  skipped = 0;
  private readonly seen = new Set<string>();

  /** An `itemContent`: a tweet (maybe with a quoted one), or something else (users, prompts) to pass over. */
  item(entryId: string | undefined, itemContent: unknown): void {
    if (!isObject(itemContent)) {
      this.skipped += 1;
      return;
    }
    const type = itemContent.itemType ?? itemContent.__typename;
    if (type !== 'TimelineTweet') return;
    if (isPromoted(entryId, itemContent)) return;
    const result = at(itemContent, 'tweet_results', 'result');
    this.add(postOf(result));
    const tweet = tweetOf(result);
    // A quoted post is on screen too, and public: it can be the mention.
    const quoted = at(tweet, 'quoted_status_result', 'result');
    if (quoted !== undefined) this.add(postOf(quoted));
  }

  private add(outcome: Outcome): void {
    if (outcome === 'malformed') this.skipped += 1;
    if (typeof outcome !== 'object' || this.seen.has(outcome.post.postId)) return;
    this.seen.add(outcome.post.postId);
    this.posts.push(outcome.post);
  }

  /** A module's items: `[{entryId, item: {itemContent}}]`. */
  moduleItems(items: unknown): void {
    if (!Array.isArray(items)) {
      this.skipped += 1;
      return;
    }
    for (const it of items) this.item(stringAt(it, 'entryId'), at(it, 'item', 'itemContent'));
  }

  entry(entry: unknown): void {
    const entryId = stringAt(entry, 'entryId');
    const content = at(entry, 'content');
    const type = at(content, 'entryType') ?? at(content, '__typename');
    if (type === 'TimelineTimelineItem') this.item(entryId, at(content, 'itemContent'));
    else if (type === 'TimelineTimelineModule') {
      if (entryId?.startsWith('promoted')) return;
      this.moduleItems(at(content, 'items'));
    } else if (type !== 'TimelineTimelineCursor') this.skipped += 1;
  }

  instruction(instruction: unknown): void {
    const type = at(instruction, 'type') ?? at(instruction, '__typename');
    switch (type) {
      case 'TimelineAddEntries': {
        const entries = at(instruction, 'entries');
        if (!Array.isArray(entries)) this.skipped += 1;
        else for (const e of entries) this.entry(e);
        return;
      }
      case 'TimelinePinEntry':
      case 'TimelineReplaceEntry':
        this.entry(at(instruction, 'entry'));
        return;
      case 'TimelineAddToModule':
        this.moduleItems(at(instruction, 'moduleItems'));
        return;
      default:
        // TimelineClearCache, TimelineTerminateTimeline, TimelineShowAlert…: nothing to read.
        return;
    }
  }
}

/** The first `instructions` array under `data`, at most a few levels down. */
function findInstructions(value: unknown, depth: number): unknown[] | undefined {
  if (!isObject(value) || depth > 7) return undefined;
  if (Array.isArray(value.instructions)) return value.instructions;
  for (const key of Object.keys(value)) {
    const child = value[key];
    if (!isObject(child)) continue;
    const found = findInstructions(child, depth + 1);
    if (found) return found;
  }
  return undefined;
}

/**
 * The posts in one X timeline answer (raw text, as the page received it). Ads, tombstones, cursors and
 * non-post entries are passed over; entries of an unknown shape, or an answer that is not a timeline,
 * count as skipped. Never throws.
 */
export function parseXTimeline(bodyText: string | null | undefined): ParsedAnswer {
  const body = parseJson(bodyText);
  const instructions = body.ok ? findInstructions(at(body.value, 'data'), 0) : undefined;
  if (!instructions) return { posts: [], skipped: 1 };
  const collector = new Collector();
  for (const instruction of instructions) collector.instruction(instruction);
  return { posts: collector.posts, skipped: collector.skipped };
}
