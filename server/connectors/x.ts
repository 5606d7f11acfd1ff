import { z } from 'zod';
import { type CapturedMention, CapturedMentionSchema } from '../../lib/schemas/mention';
import { currentMonitoring, ingestMentions } from '../core/mentions';
import { firstIssue, getJson, whenUtc } from './http';
import { xQueries } from './terms';
import { type Connector, ConnectorError, type RunOutcome } from './types';

/**
 * X API v2 recent search (`GET /2/tweets/search/recent`, app bearer token). Each query keeps its own
 * `since_id`; a sweep pages with `next_token` under the same `since_id`, and only when the last page
 * is stored does the sweep's newest id become the next `since_id`. The cursor is saved after every
 * page, so a restart or an error mid-sweep resumes at the page it stopped on.
 */

export interface XConfig {
  bearerToken: string;
  /** https://api.x.com, or a stand-in. */
  baseUrl: string;
  intervalSeconds: number;
  /** Pages per run across all queries: each is one request against the 15-minute window. */
  maxPagesPerRun: number;
  /** 10..100 posts a page. */
  maxResults: number;
  /** How far back the very first sweep of a query reaches (recent search keeps 7 days). */
  lookbackHours: number;
  maxQueryLength: number;
}

const TweetSchema = z.object({
  id: z.string().regex(/^\d{1,20}$/),
  text: z.string(),
  author_id: z.string().optional(),
  created_at: z.string(),
  conversation_id: z.string().optional(),
  lang: z.string().optional(),
  note_tweet: z.object({ text: z.string() }).partial().optional(),
  /** A reply's parent author; the username comes with `expansions=in_reply_to_user_id`. */
  in_reply_to_user_id: z.string().optional(),
  entities: z
    .looseObject({ mentions: z.array(z.looseObject({ username: z.string() })).optional() })
    .optional(),
  public_metrics: z
    .object({
      retweet_count: z.number(),
      reply_count: z.number(),
      like_count: z.number(),
      quote_count: z.number(),
      impression_count: z.number(),
    })
    .partial()
    .optional(),
});
const UserSchema = z.object({
  id: z.string(),
  username: z.string(),
  public_metrics: z.object({ followers_count: z.number() }).partial().optional(),
});
const PageSchema = z.object({
  data: z.array(z.unknown()).optional(),
  includes: z
    .object({ users: z.array(z.unknown()).optional() })
    .partial()
    .optional(),
  meta: z.object({
    result_count: z.number(),
    newest_id: z.string().optional(),
    next_token: z.string().optional(),
  }),
});

interface QueryState {
  sinceId?: string;
  /** The first sweep of a new query starts here instead of at a post id. */
  startTime?: string;
  pending?: { nextToken: string; newestId?: string };
}

const HANDLE = /^[A-Za-z0-9_]{1,50}$/;
const SEVEN_DAYS = 7 * 86_400_000;
const nonNeg = (n: unknown) =>
  typeof n === 'number' && Number.isFinite(n) && n >= 0 ? Math.floor(n) : undefined;

function toMention(raw: unknown, users: Map<string, z.infer<typeof UserSchema>>, seenAt: string) {
  const t = TweetSchema.safeParse(raw);
  if (!t.success) return undefined;
  const tw = t.data;
  const user = tw.author_id ? users.get(tw.author_id) : undefined;
  // Whom it replies to and names: a reply to the product's account matches its `@handle` term even
  // when the text never names the product.
  const replyTo = [
    ...new Set(
      [
        tw.in_reply_to_user_id ? users.get(tw.in_reply_to_user_id)?.username : undefined,
        ...(tw.entities?.mentions ?? []).map((e) => e.username),
      ].filter((h): h is string => h !== undefined && HANDLE.test(h)),
    ),
  ].slice(0, 50);
  const m = {
    platform: 'x',
    kind: 'post',
    postId: tw.id,
    ...(tw.conversation_id && { conversationId: tw.conversation_id }),
    url: `https://x.com/${user?.username ?? 'i/web'}/status/${tw.id}`,
    authorHandle: user ? `@${user.username}` : `id:${tw.author_id ?? 'unknown'}`,
    authorFollowers: nonNeg(user?.public_metrics?.followers_count),
    // Long posts carry their full text in note_tweet; `text` is then cut at 280 characters.
    text: tw.note_tweet?.text ?? tw.text,
    ...(replyTo.length > 0 && { replyTo }),
    lang: tw.lang && tw.lang.length >= 2 ? tw.lang : undefined,
    postedAt: tw.created_at,
    counts: {
      replies: nonNeg(tw.public_metrics?.reply_count),
      likes: nonNeg(tw.public_metrics?.like_count),
      reposts: nonNeg(tw.public_metrics?.retweet_count),
      views: nonNeg(tw.public_metrics?.impression_count),
    },
    seenAt,
    source: 'x_api',
  };
  const parsed = CapturedMentionSchema.safeParse(m);
  return parsed.success ? parsed.data : undefined;
}

function xProblem(body: unknown): string {
  const b = body as { detail?: string; title?: string; errors?: { message?: string }[] } | undefined;
  return b?.detail ?? b?.errors?.[0]?.message ?? b?.title ?? '';
}

export function xConnector(config: XConfig): Connector {
  return {
    id: 'x',
    intervalSeconds: config.intervalSeconds,
    async run(deps, state, save): Promise<RunOutcome> {
      const now = deps.now();
      const { terms } = await currentMonitoring(deps.db);
      const queries = xQueries(terms, config.maxQueryLength);
      const old = ((state.cursor as { queries?: unknown }).queries ?? {}) as Record<string, QueryState>;
      // Queries of terms no longer monitored are dropped; a new query starts its own lookback.
      const cursor: { queries: Record<string, QueryState> } = { queries: {} };
      for (const q of queries)
        cursor.queries[q] = old[q] ?? {
          startTime: new Date(now.getTime() - config.lookbackHours * 3_600_000).toISOString(),
        };
      let pages = 0;
      let stored = 0;
      let quotaLeft = state.quotaLeft;
      let quotaResetAt = state.quotaResetAt;
      let notBefore: string | undefined;
      const outcome = (): RunOutcome => ({ cursor, pages, stored, quotaLeft, quotaResetAt, notBefore });

      for (const q of queries) {
        while (pages < config.maxPagesPerRun) {
          const st = cursor.queries[q]!;
          const url = new URL('/2/tweets/search/recent', config.baseUrl);
          const p = url.searchParams;
          p.set('query', q);
          p.set('max_results', String(config.maxResults));
          p.set(
            'tweet.fields',
            'created_at,lang,public_metrics,conversation_id,author_id,note_tweet,in_reply_to_user_id,entities',
          );
          // The users a post replies to come back in `includes.users` beside its author.
          p.set('expansions', 'author_id,in_reply_to_user_id,entities.mentions.username');
          p.set('user.fields', 'username,public_metrics');
          if (st.sinceId) p.set('since_id', st.sinceId);
          else if (st.startTime) {
            // Recent search refuses a start_time older than 7 days.
            const floor = now.getTime() - SEVEN_DAYS + 60_000;
            p.set('start_time', new Date(Math.max(Date.parse(st.startTime), floor)).toISOString());
          }
          if (st.pending) p.set('next_token', st.pending.nextToken);

          const ans = await getJson(deps.fetch, url, 'X', { authorization: `Bearer ${config.bearerToken}` });
          pages += 1;
          const remaining = Number(ans.headers.get('x-rate-limit-remaining'));
          const reset = Number(ans.headers.get('x-rate-limit-reset'));
          if (ans.headers.has('x-rate-limit-remaining') && Number.isFinite(remaining)) quotaLeft = remaining;
          if (ans.headers.has('x-rate-limit-reset') && Number.isFinite(reset) && reset > 0)
            quotaResetAt = new Date(reset * 1000).toISOString();
          const keep = { cursor, quotaLeft, quotaResetAt };
          if (ans.status === 429) {
            const retryAt = quotaResetAt && quotaResetAt > now.toISOString() ? quotaResetAt : undefined;
            throw new ConnectorError(
              `X's rate limit for recent search is reached (429 Too Many Requests); next try ${
                retryAt ? `at ${whenUtc(retryAt, now)}` : 'after a pause'
              }`,
              'rate_limited',
              { ...keep, quotaLeft: 0, ...(retryAt && { retryAt }) },
            );
          }
          if (ans.status === 401)
            throw new ConnectorError(
              'X refused the bearer token (401 Unauthorized): it may have been revoked or mistyped; set X_BEARER_TOKEN to a valid token',
              'auth',
              keep,
            );
          if (ans.status === 403)
            throw new ConnectorError(
              `X refused access to recent search (403 Forbidden): the app's plan or project may not include it${
                xProblem(ans.body) ? ` (${xProblem(ans.body)})` : ''
              }`,
              'auth',
              keep,
            );
          if (ans.status >= 500)
            throw new ConnectorError(`X answered ${ans.status}: its service is failing`, 'server', keep);
          if (ans.status !== 200)
            throw new ConnectorError(
              `X refused the search (${ans.status}): ${xProblem(ans.body) || 'no reason given'}`,
              'bad_answer',
              keep,
            );
          const page = PageSchema.safeParse(ans.body);
          if (!page.success)
            throw new ConnectorError(
              `X answered in a shape we do not read (${firstIssue(page.error)}); nothing was stored from it`,
              'bad_answer',
              keep,
            );

          const users = new Map<string, z.infer<typeof UserSchema>>();
          for (const u of page.data.includes?.users ?? []) {
            const parsed = UserSchema.safeParse(u);
            if (parsed.success) users.set(parsed.data.id, parsed.data);
          }
          const seenAt = deps.now().toISOString();
          const items = page.data.data ?? [];
          const mentions = items
            .map((t) => toMention(t, users, seenAt))
            .filter((m): m is CapturedMention => m !== undefined);
          if (mentions.length < items.length)
            deps.log(`X connector: skipped ${items.length - mentions.length} post(s) of an unreadable shape`);
          const results = mentions.length > 0 ? await ingestMentions(deps.db, mentions, seenAt) : [];
          const created = results.filter((r) => r.outcome === 'created').length;
          stored += created;

          const { meta } = page.data;
          // The first page of a sweep is the newest; its newest_id becomes since_id once the sweep ends.
          const newest = st.pending?.newestId ?? meta.newest_id;
          if (meta.next_token)
            cursor.queries[q] = {
              ...st,
              pending: { nextToken: meta.next_token, ...(newest && { newestId: newest }) },
            };
          else cursor.queries[q] = newest ? { sinceId: newest } : { ...st, pending: undefined };
          await save(cursor, created);

          if (quotaLeft === 0 && quotaResetAt) {
            notBefore = quotaResetAt;
            return outcome();
          }
          if (!meta.next_token) break;
        }
      }
      return outcome();
    },
  };
}
