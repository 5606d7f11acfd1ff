import { z } from 'zod';
import { type CapturedMention, CapturedMentionSchema } from '../../lib/schemas/mention';
import { currentMonitoring, ingestMentions } from '../core/mentions';
import { firstIssue, getJson, type JsonAnswer, whenUtc } from './http';
import { nextPacificMidnight } from './pacific';
import { isChannelTerm, textTerms, youtubeQuery } from './terms';
import { type Connector, ConnectorError, type RunOutcome } from './types';

/**
 * YouTube Data API v3 with an API key: `search.list` (100 units a page) finds new videos that match
 * the terms; `commentThreads.list` (1 unit a page) reads comments with `searchTerms` under those videos
 * and every comment thread related to a watched channel (`allThreadsRelatedToChannelId`). The daily
 * quota resets at midnight Pacific; the connector keeps its own count of units left so it stops before
 * YouTube has to refuse it, and believes YouTube when it does.
 */

export interface YoutubeConfig {
  apiKey: string;
  /** https://www.googleapis.com/youtube/v3, or a stand-in. */
  baseUrl: string;
  intervalSeconds: number;
  /** Units a day (Google's default is 10,000). */
  dailyQuota: number;
  searchPagesPerRun: number;
  commentPagesPerRun: number;
  /** A video found by search is read for comments this long after it was found. */
  watchDays: number;
  maxWatchedVideos: number;
  lookbackHours: number;
}

export const SEARCH_COST = 100;
export const COMMENT_PAGE_COST = 1;

const SearchPageSchema = z.object({
  items: z.array(z.unknown()),
  nextPageToken: z.string().optional(),
});
const SearchItemSchema = z.object({
  id: z.object({ kind: z.string().optional(), videoId: z.string() }),
  snippet: z.object({
    publishedAt: z.string(),
    channelId: z.string(),
    title: z.string(),
    description: z.string().default(''),
    channelTitle: z.string().optional(),
  }),
});
const ThreadsPageSchema = SearchPageSchema;
const ThreadSchema = z.object({
  id: z.string(),
  snippet: z.object({
    channelId: z.string().optional(),
    videoId: z.string().optional(),
    totalReplyCount: z.number().optional(),
    topLevelComment: z.object({
      id: z.string(),
      snippet: z.object({
        authorDisplayName: z.string().optional(),
        channelId: z.string().optional(),
        videoId: z.string().optional(),
        textOriginal: z.string().optional(),
        textDisplay: z.string().optional(),
        likeCount: z.number().optional(),
        publishedAt: z.string(),
      }),
    }),
  }),
});

interface Sweep {
  /** Newest publish time fully read; the next sweep stops when it reaches it. */
  newest?: string;
  pending?: { pageToken: string; newest?: string };
  /** When this scan last ran: the least recent goes first, so none starves under the page cap. */
  lastAt?: string;
}
interface WatchedVideo {
  id: string;
  channelId?: string;
  addedAt: string;
}
interface YoutubeCursor {
  search: { q?: string; publishedAfter?: string; pending?: { pageToken: string; newest?: string } };
  videos: WatchedVideo[];
  comments: Record<string, Sweep>;
}

const nonNeg = (n: unknown) =>
  typeof n === 'number' && Number.isFinite(n) && n >= 0 ? Math.floor(n) : undefined;
const later = (a: string | undefined, b: string | undefined) => (!a ? b : !b ? a : a > b ? a : b);

function reasonOf(ans: JsonAnswer): { reason: string; message: string } {
  const e = (ans.body as { error?: { message?: string; errors?: { reason?: string; message?: string }[] } })
    ?.error;
  return { reason: e?.errors?.[0]?.reason ?? '', message: e?.message ?? e?.errors?.[0]?.message ?? '' };
}

/** Reasons that concern one video only (comments off, video gone): that scan ends, the run goes on. */
const VIDEO_ONLY = new Set(['commentsDisabled', 'videoNotFound', 'channelNotFound', 'forbidden']);

export function youtubeConnector(config: YoutubeConfig): Connector {
  return {
    id: 'youtube',
    intervalSeconds: config.intervalSeconds,
    async run(deps, state, save): Promise<RunOutcome> {
      const now = deps.now();
      const nowIso = now.toISOString();
      const { terms } = await currentMonitoring(deps.db);
      const prev = state.cursor as Partial<YoutubeCursor>;
      const cursor: YoutubeCursor = {
        search: prev.search ?? {},
        videos: prev.videos ?? [],
        comments: prev.comments ?? {},
      };
      // A new day in Los Angeles gives the whole quota back.
      let quotaLeft = state.quotaLeft ?? config.dailyQuota;
      let quotaResetAt = state.quotaResetAt;
      if (!quotaResetAt || nowIso >= quotaResetAt) {
        quotaLeft = config.dailyQuota;
        quotaResetAt = nextPacificMidnight(now).toISOString();
      }
      let pages = 0;
      let stored = 0;
      let notBefore: string | undefined;
      const outcome = (): RunOutcome => ({ cursor, pages, stored, quotaLeft, quotaResetAt, notBefore });

      const call = async (path: string, params: Record<string, string | undefined>, cost: number) => {
        const url = new URL(`${config.baseUrl.replace(/\/$/, '')}/${path}`);
        for (const [k, v] of Object.entries(params)) if (v !== undefined) url.searchParams.set(k, v);
        url.searchParams.set('key', config.apiKey);
        const ans = await getJson(deps.fetch, url, 'YouTube');
        pages += 1;
        // Google counts invalid requests too.
        quotaLeft = Math.max(0, quotaLeft - cost);
        if (ans.status === 200) return ans;
        const { reason, message } = reasonOf(ans);
        const keep = { cursor, quotaLeft, quotaResetAt };
        const said = `${ans.status}${reason ? ` ${reason}` : ''}`;
        if (reason === 'quotaExceeded' || reason === 'dailyLimitExceeded')
          throw new ConnectorError(
            `YouTube's daily quota is used up (${said}); the next try is after midnight Pacific, at ${whenUtc(quotaResetAt!, now)}`,
            'quota',
            { ...keep, quotaLeft: 0, retryAt: quotaResetAt },
          );
        if (reason === 'rateLimitExceeded' || reason === 'userRateLimitExceeded' || ans.status === 429)
          throw new ConnectorError(
            `YouTube asks to slow down (${said}); trying again later`,
            'rate_limited',
            keep,
          );
        if (
          ans.status === 401 ||
          /key|accessNotConfigured|ipRefererBlocked|API_KEY/i.test(reason) ||
          (ans.status === 400 && /API key/i.test(message))
        )
          throw new ConnectorError(
            `YouTube refused the API key (${said}${message ? `: ${message}` : ''}); check YOUTUBE_API_KEY`,
            'auth',
            keep,
          );
        if (VIDEO_ONLY.has(reason) || ans.status === 404) return { ...ans, skip: said };
        if (ans.status >= 500)
          throw new ConnectorError(`YouTube answered ${ans.status}: its service is failing`, 'server', keep);
        throw new ConnectorError(
          `YouTube refused the request (${said}${message ? `: ${message}` : ''})`,
          'bad_answer',
          keep,
        );
      };
      const badShape = (what: string, issue: string) =>
        new ConnectorError(
          `YouTube answered ${what} in a shape we do not read (${issue}); nothing was stored from it`,
          'bad_answer',
          { cursor, quotaLeft, quotaResetAt },
        );
      const ingest = async (mentions: CapturedMention[], seenAt: string) => {
        const results = mentions.length > 0 ? await ingestMentions(deps.db, mentions, seenAt) : [];
        return results;
      };

      // --- New videos: search.list, newest first, from the last sweep's newest publish time.
      const q = youtubeQuery(terms);
      if (q !== cursor.search.q) {
        cursor.search = {
          q,
          publishedAfter: new Date(now.getTime() - config.lookbackHours * 3_600_000).toISOString(),
        };
      }
      let searchPages = 0;
      while (q && searchPages < config.searchPagesPerRun && quotaLeft >= SEARCH_COST) {
        const s = cursor.search;
        const ans = await call(
          'search',
          {
            part: 'snippet',
            type: 'video',
            order: 'date',
            q,
            maxResults: '50',
            publishedAfter: s.publishedAfter,
            pageToken: s.pending?.pageToken,
          },
          SEARCH_COST,
        );
        searchPages += 1;
        if ('skip' in ans)
          throw new ConnectorError(`YouTube refused the video search (${ans.skip})`, 'bad_answer', {
            cursor,
            quotaLeft,
            quotaResetAt,
          });
        const page = SearchPageSchema.safeParse(ans.body);
        if (!page.success) throw badShape('a search', firstIssue(page.error));
        const seenAt = deps.now().toISOString();
        let newest = s.pending?.newest;
        const mentions: CapturedMention[] = [];
        for (const raw of page.data.items) {
          const it = SearchItemSchema.safeParse(raw);
          if (!it.success) continue;
          const { videoId } = it.data.id;
          const sn = it.data.snippet;
          newest = later(newest, sn.publishedAt);
          const m = CapturedMentionSchema.safeParse({
            platform: 'youtube',
            kind: 'video',
            postId: videoId,
            conversationId: videoId,
            channelId: sn.channelId,
            url: `https://www.youtube.com/watch?v=${encodeURIComponent(videoId)}`,
            authorHandle: sn.channelTitle || sn.channelId,
            text: sn.description ? `${sn.title}\n\n${sn.description}` : sn.title,
            postedAt: sn.publishedAt,
            counts: {},
            seenAt,
            source: 'youtube_api',
          });
          if (m.success) mentions.push(m.data);
        }
        if (mentions.length < page.data.items.length)
          deps.log(
            `YouTube connector: skipped ${page.data.items.length - mentions.length} search result(s) of an unreadable shape`,
          );
        const results = await ingest(mentions, seenAt);
        stored += results.filter((r) => r.outcome === 'created').length;
        // Videos that are mentions are watched for comments for a while.
        results.forEach((r, i) => {
          if (r.outcome === 'ignored' || cursor.videos.some((v) => v.id === r.postId)) return;
          cursor.videos.push({ id: r.postId, channelId: mentions[i]!.channelId, addedAt: seenAt });
        });
        if (page.data.nextPageToken)
          cursor.search = {
            ...s,
            pending: { pageToken: page.data.nextPageToken, ...(newest && { newest }) },
          };
        else cursor.search = { q, publishedAfter: newest ?? s.publishedAfter };
        await save(cursor, results.filter((r) => r.outcome === 'created').length);
        if (!page.data.nextPageToken) break;
      }

      // --- Comments: under watched videos with each term, and everything around watched channels.
      const watchFrom = new Date(now.getTime() - config.watchDays * 86_400_000).toISOString();
      cursor.videos = cursor.videos
        .filter((v) => v.addedAt >= watchFrom)
        .sort((a, b) => (a.addedAt < b.addedAt ? 1 : -1))
        .slice(0, config.maxWatchedVideos);
      const searchTerms = textTerms(terms.include).map((t) => t.replace(/^[$#@]/, ''));
      const scans: { key: string; params: Record<string, string> }[] = [];
      for (const v of cursor.videos)
        for (const t of searchTerms)
          scans.push({ key: `v:${v.id}:${t}`, params: { videoId: v.id, searchTerms: t } });
      for (const ch of terms.include.filter(isChannelTerm))
        scans.push({ key: `c:${ch}`, params: { allThreadsRelatedToChannelId: ch } });
      const live = new Set(scans.map((s) => s.key));
      for (const k of Object.keys(cursor.comments)) if (!live.has(k)) delete cursor.comments[k];
      scans.sort((a, b) =>
        (cursor.comments[a.key]?.lastAt ?? '') < (cursor.comments[b.key]?.lastAt ?? '') ? -1 : 1,
      );

      let commentPages = 0;
      for (const scan of scans) {
        while (commentPages < config.commentPagesPerRun) {
          if (quotaLeft < COMMENT_PAGE_COST) {
            notBefore = quotaResetAt;
            return outcome();
          }
          const sw = cursor.comments[scan.key] ?? {};
          const ans = await call(
            'commentThreads',
            {
              part: 'snippet',
              ...scan.params,
              order: 'time',
              maxResults: '100',
              textFormat: 'plainText',
              pageToken: sw.pending?.pageToken,
            },
            COMMENT_PAGE_COST,
          );
          commentPages += 1;
          if ('skip' in ans) {
            deps.log(`YouTube connector: ${scan.key} ends (${ans.skip})`);
            cursor.videos = cursor.videos.filter((v) => v.id !== scan.params.videoId);
            cursor.comments[scan.key] = { ...sw, pending: undefined, lastAt: nowIso };
            await save(cursor, 0);
            break;
          }
          const page = ThreadsPageSchema.safeParse(ans.body);
          if (!page.success) throw badShape('comment threads', firstIssue(page.error));
          const seenAt = deps.now().toISOString();
          let newest = sw.pending?.newest;
          let reachedKnown = false;
          const mentions: CapturedMention[] = [];
          for (const raw of page.data.items) {
            const th = ThreadSchema.safeParse(raw);
            if (!th.success) continue;
            const top = th.data.snippet.topLevelComment;
            const videoId = th.data.snippet.videoId ?? top.snippet.videoId;
            const postedAt = top.snippet.publishedAt;
            newest = later(newest, postedAt);
            if (sw.newest && postedAt <= sw.newest) reachedKnown = true;
            if (!videoId) continue;
            const m = CapturedMentionSchema.safeParse({
              platform: 'youtube',
              kind: 'comment',
              postId: top.id,
              conversationId: videoId,
              channelId: th.data.snippet.channelId ?? top.snippet.channelId,
              url: `https://www.youtube.com/watch?v=${encodeURIComponent(videoId)}&lc=${encodeURIComponent(top.id)}`,
              authorHandle: top.snippet.authorDisplayName || 'unknown',
              text: top.snippet.textOriginal ?? top.snippet.textDisplay ?? '',
              postedAt,
              counts: {
                likes: nonNeg(top.snippet.likeCount),
                replies: nonNeg(th.data.snippet.totalReplyCount),
              },
              seenAt,
              source: 'youtube_api',
            });
            if (m.success) mentions.push(m.data);
          }
          if (mentions.length < page.data.items.length)
            deps.log(
              `YouTube connector: ${page.data.items.length - mentions.length} comment(s) skipped (unreadable or not under a video)`,
            );
          const results = await ingest(mentions, seenAt);
          const created = results.filter((r) => r.outcome === 'created').length;
          stored += created;
          const more = page.data.nextPageToken && !reachedKnown;
          cursor.comments[scan.key] = more
            ? {
                ...sw,
                pending: { pageToken: page.data.nextPageToken!, ...(newest && { newest }) },
                lastAt: nowIso,
              }
            : { newest: later(sw.newest, newest), lastAt: nowIso };
          await save(cursor, created);
          if (!more) break;
        }
      }
      return outcome();
    },
  };
}
