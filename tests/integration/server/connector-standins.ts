import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * Local stand-ins for the X API v2 recent search and the YouTube Data API v3, written from their
 * public references: the same paths, parameters, answer shapes, pagination tokens, rate-limit headers
 * and error bodies. Each records the requests it got, and a test can queue a one-off failure.
 */

export interface StandIn {
  url: string;
  requests: URL[];
  /** The next request gets this answer instead of the normal one. */
  failNext(answer: { status: number; body: unknown; headers?: Record<string, string> } | 'garbage'): void;
  close(): Promise<void>;
}

type Handler = (
  url: URL,
  req: IncomingMessage,
) => { status: number; body: unknown; headers?: Record<string, string> };

async function listen(handler: Handler): Promise<StandIn> {
  const requests: URL[] = [];
  const queued: Parameters<StandIn['failNext']>[0][] = [];
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://stand-in');
    requests.push(url);
    const next = queued.shift();
    if (next === 'garbage') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"data": [ {"id": "1", "text": "cut off');
      return;
    }
    const answer = next ?? handler(url, req);
    res.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers });
    res.end(JSON.stringify(answer.body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    failNext: (a) => queued.push(a),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

// ---------------------------------------------------------------------------------------------- X

export interface XPost {
  id: string;
  text: string;
  authorId: string;
  createdAt: string;
  lang?: string;
  noteText?: string;
  /** A reply: the author it answers. Recent search's `@handle` finds it even when the text never says so. */
  inReplyToUserId?: string;
}
export interface XUser {
  id: string;
  username: string;
  followers: number;
}

export interface XStandIn extends StandIn {
  posts: XPost[];
  users: XUser[];
  token: string;
  /** Requests left in the window, and when it resets (epoch seconds), sent as x-rate-limit-* headers. */
  limit: { remaining: number; reset: number };
}

const cmpId = (a: string, b: string) => (BigInt(a) < BigInt(b) ? -1 : BigInt(a) > BigInt(b) ? 1 : 0);

/** GET /2/tweets/search/recent: newest first, `since_id`, `next_token`, `expansions=author_id`. */
export async function xStandIn(opts: { pageSize: number; token?: string }): Promise<XStandIn> {
  const state = {
    posts: [] as XPost[],
    users: [] as XUser[],
    token: opts.token ?? 'good-token',
    limit: { remaining: 450, reset: 0 },
  };
  let self!: XStandIn;
  const base = await listen((url, req) => {
    if (req.headers.authorization !== `Bearer ${self.token}`)
      return {
        status: 401,
        body: { title: 'Unauthorized', type: 'about:blank', status: 401, detail: 'Unauthorized' },
      };
    if (url.pathname !== '/2/tweets/search/recent')
      return { status: 404, body: { title: 'Not Found Error', detail: 'Not found', type: 'about:blank' } };
    const q = url.searchParams;
    const words = (q.get('query') ?? '')
      .replace(/-is:\w+/g, '')
      .replace(/[()"]/g, ' ')
      .split(/\s+OR\s+|\s+/)
      .filter((w) => w && !w.startsWith('-'))
      .map((w) => w.toLowerCase());
    const since = q.get('since_id');
    const start = q.get('start_time');
    const handleOf = (id: string | undefined) =>
      id ? self.users.find((u) => u.id === id)?.username.toLowerCase() : undefined;
    const matching = self.posts
      .filter(
        (p) =>
          words.some((w) => p.text.toLowerCase().includes(w)) ||
          words.some((w) => w.startsWith('@') && handleOf(p.inReplyToUserId) === w.slice(1)),
      )
      .filter((p) => !since || cmpId(p.id, since) > 0)
      .filter((p) => !start || p.createdAt >= start)
      .sort((a, b) => cmpId(b.id, a.id));
    const offset = Number(
      q.get('next_token') ? Buffer.from(q.get('next_token')!, 'base64url').toString() : 0,
    );
    const pageSize = Math.min(opts.pageSize, Number(q.get('max_results') ?? 10));
    const page = matching.slice(offset, offset + pageSize);
    self.limit.remaining = Math.max(0, self.limit.remaining - 1);
    const headers = {
      'x-rate-limit-limit': '450',
      'x-rate-limit-remaining': String(self.limit.remaining),
      'x-rate-limit-reset': String(self.limit.reset),
    };
    const meta: Record<string, unknown> = { result_count: page.length };
    if (page.length > 0) {
      meta.newest_id = page[0]!.id;
      meta.oldest_id = page.at(-1)!.id;
    }
    if (offset + pageSize < matching.length)
      meta.next_token = Buffer.from(String(offset + pageSize)).toString('base64url');
    const expansions = (q.get('expansions') ?? '').split(',');
    const authors = new Set(page.map((p) => p.authorId));
    if (expansions.includes('in_reply_to_user_id'))
      for (const p of page) if (p.inReplyToUserId) authors.add(p.inReplyToUserId);
    return {
      status: 200,
      headers,
      body: {
        ...(page.length > 0 && {
          data: page.map((p) => ({
            id: p.id,
            text: p.noteText ? `${p.noteText.slice(0, 270)}… https://t.co/x` : p.text,
            author_id: p.authorId,
            created_at: p.createdAt,
            conversation_id: p.id,
            ...(p.inReplyToUserId && { in_reply_to_user_id: p.inReplyToUserId }),
            lang: p.lang ?? 'en',
            edit_history_tweet_ids: [p.id],
            public_metrics: {
              retweet_count: 1,
              reply_count: 2,
              like_count: 3,
              quote_count: 0,
              bookmark_count: 0,
              impression_count: 400,
            },
            ...(p.noteText && { note_tweet: { text: p.noteText } }),
          })),
          includes: {
            users: self.users
              .filter((u) => authors.has(u.id))
              .map((u) => ({
                id: u.id,
                name: u.username,
                username: u.username,
                public_metrics: {
                  followers_count: u.followers,
                  following_count: 10,
                  tweet_count: 100,
                  listed_count: 0,
                  like_count: 5,
                },
              })),
          },
        }),
        meta,
      },
    };
  });
  self = Object.assign(base, state);
  return self;
}

// ---------------------------------------------------------------------------------------- YouTube

export interface YtVideo {
  id: string;
  channelId: string;
  channelTitle: string;
  title: string;
  description: string;
  publishedAt: string;
}
export interface YtComment {
  id: string;
  videoId: string;
  channelId: string;
  author: string;
  text: string;
  publishedAt: string;
  likes?: number;
}

export interface YtStandIn extends StandIn {
  videos: YtVideo[];
  comments: YtComment[];
  key: string;
  /** Units Google would still allow today; a call beyond it gets 403 quotaExceeded. */
  quota: { left: number };
}

const quotaError = {
  error: {
    code: 403,
    message:
      'The request cannot be completed because you have exceeded your <a href="/youtube/v3/getting-started#quota">quota</a>.',
    errors: [
      {
        message:
          'The request cannot be completed because you have exceeded your <a href="/youtube/v3/getting-started#quota">quota</a>.',
        domain: 'youtube.quota',
        reason: 'quotaExceeded',
      },
    ],
  },
};
export const keyInvalidError = {
  error: {
    code: 400,
    message: 'API key not valid. Please pass a valid API key.',
    errors: [
      { message: 'API key not valid. Please pass a valid API key.', domain: 'global', reason: 'badRequest' },
    ],
    status: 'INVALID_ARGUMENT',
  },
};

/** /youtube/v3/search and /youtube/v3/commentThreads, newest first, `pageToken`/`nextPageToken`. */
export async function youtubeStandIn(opts: { pageSize: number; key?: string }): Promise<YtStandIn> {
  const state = {
    videos: [] as YtVideo[],
    comments: [] as YtComment[],
    key: opts.key ?? 'good-key',
    quota: { left: 10_000 },
  };
  const paged = <T>(list: T[], url: URL) => {
    const offset = Number(
      url.searchParams.get('pageToken')
        ? Buffer.from(url.searchParams.get('pageToken')!, 'base64url').toString()
        : 0,
    );
    const size = Math.min(opts.pageSize, Number(url.searchParams.get('maxResults') ?? 5));
    const page = list.slice(offset, offset + size);
    const next =
      offset + size < list.length ? Buffer.from(String(offset + size)).toString('base64url') : undefined;
    return { page, next, total: list.length, size };
  };
  let self!: YtStandIn;
  const base = await listen((url) => {
    if (url.searchParams.get('key') !== self.key) return { status: 400, body: keyInvalidError };
    const q = url.searchParams;
    if (url.pathname === '/youtube/v3/search') {
      if (self.quota.left < 100) return { status: 403, body: quotaError };
      self.quota.left -= 100;
      const alts = (q.get('q') ?? '')
        .split(' -')[0]!
        .split('|')
        .map((s) => s.replace(/"/g, '').toLowerCase());
      const after = q.get('publishedAfter');
      const list = self.videos
        .filter((v) => alts.some((a) => `${v.title} ${v.description}`.toLowerCase().includes(a)))
        .filter((v) => !after || v.publishedAt >= after)
        .sort((a, b) => (a.publishedAt < b.publishedAt ? 1 : -1));
      const { page, next, total, size } = paged(list, url);
      return {
        status: 200,
        body: {
          kind: 'youtube#searchListResponse',
          etag: 'e',
          ...(next && { nextPageToken: next }),
          regionCode: 'NL',
          pageInfo: { totalResults: total, resultsPerPage: size },
          items: page.map((v) => ({
            kind: 'youtube#searchResult',
            etag: 'e',
            id: { kind: 'youtube#video', videoId: v.id },
            snippet: {
              publishedAt: v.publishedAt,
              channelId: v.channelId,
              title: v.title,
              description: v.description,
              thumbnails: {},
              channelTitle: v.channelTitle,
              liveBroadcastContent: 'none',
              publishTime: v.publishedAt,
            },
          })),
        },
      };
    }
    if (url.pathname === '/youtube/v3/commentThreads') {
      if (self.quota.left < 1) return { status: 403, body: quotaError };
      self.quota.left -= 1;
      const video = q.get('videoId');
      const channel = q.get('allThreadsRelatedToChannelId');
      const terms = q.get('searchTerms')?.toLowerCase();
      if (video && !self.videos.some((v) => v.id === video))
        return {
          status: 404,
          body: {
            error: {
              code: 404,
              message: 'Video not found',
              errors: [{ reason: 'videoNotFound', domain: 'youtube.commentThread' }],
            },
          },
        };
      const list = self.comments
        .filter((c) => (video ? c.videoId === video : c.channelId === channel))
        .filter((c) => !terms || c.text.toLowerCase().includes(terms))
        .sort((a, b) => (a.publishedAt < b.publishedAt ? 1 : -1));
      const { page, next, total, size } = paged(list, url);
      return {
        status: 200,
        body: {
          kind: 'youtube#commentThreadListResponse',
          etag: 'e',
          ...(next && { nextPageToken: next }),
          pageInfo: { totalResults: total, resultsPerPage: size },
          items: page.map((c) => ({
            kind: 'youtube#commentThread',
            etag: 'e',
            id: c.id,
            snippet: {
              channelId: c.channelId,
              videoId: c.videoId,
              topLevelComment: {
                kind: 'youtube#comment',
                etag: 'e',
                id: c.id,
                snippet: {
                  channelId: c.channelId,
                  videoId: c.videoId,
                  textDisplay: c.text,
                  textOriginal: c.text,
                  authorDisplayName: c.author,
                  authorProfileImageUrl: 'https://yt3.ggpht.com/a',
                  authorChannelUrl: `http://www.youtube.com/${c.author}`,
                  authorChannelId: { value: 'UCauthorauthorauthor0000' },
                  canRate: true,
                  viewerRating: 'none',
                  likeCount: c.likes ?? 0,
                  publishedAt: c.publishedAt,
                  updatedAt: c.publishedAt,
                },
              },
              canReply: true,
              totalReplyCount: 0,
              isPublic: true,
            },
          })),
        },
      };
    }
    return {
      status: 404,
      body: { error: { code: 404, message: 'Not Found', errors: [{ reason: 'notFound' }] } },
    };
  });
  self = Object.assign(base, state);
  return self;
}
