// @vitest-environment node
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ConnectorState, ConnectorsResponse } from '../../../lib/schemas/mention';
import { connectorsFromEnv } from '../../../server/connectors/config';
import { nextPacificMidnight } from '../../../server/connectors/pacific';
import { claimRun, runConnector, startConnectors } from '../../../server/connectors/runner';
import { xQueries, youtubeQuery } from '../../../server/connectors/terms';
import type { Connector, ConnectorDeps } from '../../../server/connectors/types';
import { type XConfig, xConnector } from '../../../server/connectors/x';
import { type YoutubeConfig, youtubeConnector } from '../../../server/connectors/youtube';
import { type XStandIn, xStandIn, type YtStandIn, youtubeStandIn } from './connector-standins';
import { backends, setupApi, type TestApi } from './helpers';
import { publishTerms, xMention } from './mentions-fixtures';

const CHANNEL = 'UCfinvoOfficial000000001';
const TERMS = {
  terms: { include: ['finvo', 'финво', '@FinvoApp', CHANNEL], exclude: ['finvo careers'] },
};

const BASE_X: XConfig = {
  bearerToken: 'good-token',
  baseUrl: 'http://127.0.0.1:9',
  intervalSeconds: 900,
  maxPagesPerRun: 2,
  maxResults: 100,
  lookbackHours: 24,
  maxQueryLength: 512,
};

const BASE_YT: YoutubeConfig = {
  apiKey: 'good-key',
  baseUrl: 'http://127.0.0.1:9',
  intervalSeconds: 3600,
  dailyQuota: 10_000,
  searchPagesPerRun: 1,
  commentPagesPerRun: 2,
  watchDays: 7,
  maxWatchedVideos: 50,
  lookbackHours: 24,
};

async function connectorsState(api: TestApi): Promise<Record<string, ConnectorState>> {
  const res = await api.json<ConnectorsResponse>('GET', '/monitoring/connectors', { as: 'manager' });
  expect(res.status).toBe(200);
  return Object.fromEntries(res.body.connectors.map((c) => [c.id, c]));
}

async function storedIds(api: TestApi, platform: string): Promise<string[]> {
  const rows = await api.db
    .selectFrom('mentions')
    .select('post_id')
    .where('platform', '=', platform)
    .orderBy('post_id')
    .execute();
  return rows.map((r) => r.post_id);
}

async function cursorOf(api: TestApi, id: string): Promise<string> {
  const row = await api.db
    .selectFrom('connectors')
    .select('cursor')
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
  return row.cursor;
}

describe('connector helpers', () => {
  it('turns terms into each platform search, leaving channel ids and `*` to the matcher', () => {
    expect(xQueries(TERMS.terms)).toEqual([
      '(finvo OR финво OR @FinvoApp) -"finvo careers" -is:retweet -is:nullcast',
    ]);
    expect(youtubeQuery({ include: ['finvo', 'финв*', 'finvo app'], exclude: ['finvo careers'] })).toBe(
      'finvo|финв|"finvo app" -"finvo careers"',
    );
    // Each query fits X's length limit; terms are spread over several queries, none lost.
    const many = Array.from({ length: 80 }, (_, i) => `brandterm${i}`);
    const qs = xQueries({ include: many, exclude: [] }, 200);
    expect(qs.length).toBeGreaterThan(1);
    for (const q of qs) expect(q.length).toBeLessThanOrEqual(200);
    expect(qs.join(' ').match(/brandterm\d+/g)).toHaveLength(80);
  });

  it("knows midnight in Los Angeles in winter and in summer (YouTube's quota day)", () => {
    expect(nextPacificMidnight(new Date('2026-11-26T03:00:00Z')).toISOString()).toBe(
      '2026-11-26T08:00:00.000Z',
    );
    expect(nextPacificMidnight(new Date('2026-11-26T08:00:00Z')).toISOString()).toBe(
      '2026-11-27T08:00:00.000Z',
    );
    expect(nextPacificMidnight(new Date('2026-07-01T12:00:00Z')).toISOString()).toBe(
      '2026-07-02T07:00:00.000Z',
    );
  });

  it('reads its configuration from the environment, each connector optional', () => {
    expect(connectorsFromEnv({})).toEqual([]);
    expect(connectorsFromEnv({ X_BEARER_TOKEN: 't', CONNECTORS: 'off' })).toEqual([]);
    const both = connectorsFromEnv({ X_BEARER_TOKEN: 't', YOUTUBE_API_KEY: 'k', X_INTERVAL_MINUTES: '5' });
    expect(both.map((c) => [c.id, c.intervalSeconds])).toEqual([
      ['youtube', 3600],
      ['x', 300],
    ]);
    expect(() => connectorsFromEnv({ X_BEARER_TOKEN: 't', X_INTERVAL_MINUTES: 'soon' })).toThrow(
      'X_INTERVAL_MINUTES must be a positive number, not "soon"',
    );
  });
});

describe.each(backends)('X connector against a stand-in on $name', (backend) => {
  let api: TestApi;
  let x: XStandIn;
  let deps: ConnectorDeps;
  let config: XConfig;
  const log: string[] = [];
  beforeEach(async () => {
    api = await setupApi(backend, { connectors: [xConnector({ ...BASE_X, baseUrl: 'http://127.0.0.1:9' })] });
    await publishTerms(api, TERMS);
    x = await xStandIn({ pageSize: 2 });
    x.users.push(
      { id: '11', username: 'upset_user', followers: 1200 },
      { id: '12', username: 'ru_user', followers: 90 },
      { id: '13', username: 'finvo_jobs', followers: 5000 },
    );
    x.limit.reset = Math.floor(api.clock.now.getTime() / 1000) + 900;
    deps = { db: api.db, fetch, now: api.clock.read, log: (l) => log.push(l) };
    config = { ...BASE_X, baseUrl: x.url };
  });
  afterEach(async () => {
    await x.close();
    await api.cleanup();
  });

  const long = `${'Long thread about my experience. '.repeat(10)}In the end finvo froze my card.`;
  const seed = () =>
    x.posts.push(
      {
        id: '1860000000000000001',
        text: 'Finvo withdrawal stuck for 3 days',
        authorId: '11',
        createdAt: '2026-11-20T08:00:00.000Z',
      },
      {
        id: '1860000000000000002',
        text: 'финво опять не работает',
        authorId: '12',
        createdAt: '2026-11-20T08:10:00.000Z',
        lang: 'ru',
      },
      {
        id: '1860000000000000003',
        text: '@FinvoApp where is my money',
        authorId: '11',
        createdAt: '2026-11-20T08:20:00.000Z',
      },
      {
        id: '1860000000000000004',
        text: 'Finvoice is a different product',
        authorId: '11',
        createdAt: '2026-11-20T08:30:00.000Z',
      },
      {
        id: '1860000000000000005',
        text: long,
        noteText: long,
        authorId: '11',
        createdAt: '2026-11-20T08:40:00.000Z',
      },
      {
        id: '1860000000000000006',
        text: 'finvo careers: we are hiring',
        authorId: '13',
        createdAt: '2026-11-20T08:50:00.000Z',
      },
    );

  it('pages with next_token, resumes after a restart, then asks only for newer posts (since_id); nothing stored twice', async () => {
    seed();
    // A member captured the first post already: the connector finds the same row.
    const captured = await api.json('POST', '/mentions', {
      body: {
        mentions: [xMention({ postId: '1860000000000000001', text: 'Finvo withdrawal stuck for 3 days' })],
      },
    });
    expect(captured.status).toBe(200);

    await runConnector(deps, xConnector(config));
    expect(x.requests).toHaveLength(2);
    const first = x.requests[0]!.searchParams;
    expect(first.get('query')).toBe(
      '(finvo OR финво OR @FinvoApp) -"finvo careers" -is:retweet -is:nullcast',
    );
    expect(first.get('expansions')).toBe('author_id,in_reply_to_user_id,entities.mentions.username');
    expect(first.get('user.fields')).toContain('public_metrics');
    expect(first.get('tweet.fields')).toContain('note_tweet');
    expect(first.get('start_time')).toBe('2026-11-19T12:00:00.000Z');
    expect(x.requests[1]!.searchParams.get('next_token')).toBeTruthy();
    expect(JSON.parse(await cursorOf(api, 'x')).queries).toMatchObject({
      [first.get('query')!]: { pending: { nextToken: expect.any(String), newestId: '1860000000000000006' } },
    });

    // A restart: a new connector object, state from the database only.
    api.clock.advance(15 * 60_000);
    await runConnector(deps, xConnector(config));
    expect(x.requests).toHaveLength(3);
    expect(x.requests[2]!.searchParams.get('next_token')).toBeTruthy();
    expect(x.requests[2]!.searchParams.get('next_token')).not.toBe(
      x.requests[1]!.searchParams.get('next_token'),
    );
    expect(await storedIds(api, 'x')).toEqual([
      '1860000000000000001',
      '1860000000000000002',
      '1860000000000000003',
      '1860000000000000005',
    ]);

    x.posts.push({
      id: '1860000000000000007',
      text: 'is finvo down?',
      authorId: '12',
      createdAt: '2026-11-20T12:10:00.000Z',
    });
    api.clock.advance(15 * 60_000);
    await runConnector(deps, xConnector(config));
    const newer = x.requests[3]!.searchParams;
    expect(newer.get('since_id')).toBe('1860000000000000006');
    expect(newer.get('start_time')).toBeNull();
    expect(newer.get('next_token')).toBeNull();
    expect(await storedIds(api, 'x')).toHaveLength(5);

    const rows = await api.db.selectFrom('mentions').selectAll().where('platform', '=', 'x').execute();
    const byId = Object.fromEntries(rows.map((r) => [r.post_id, r]));
    expect(byId['1860000000000000001']!.sources).toBe('capture,x_api');
    // The long post keeps its whole text (note_tweet), the author and counts come from the expansion.
    expect(byId['1860000000000000005']).toMatchObject({
      text: long,
      author_handle: '@upset_user',
      author_followers: 1200,
      url: 'https://x.com/upset_user/status/1860000000000000005',
      views: 400,
      posted_at: '2026-11-20T08:40:00.000Z',
    });
    expect(byId['1860000000000000002']).toMatchObject({ language: 'ru', polarity: expect.any(String) });
    expect(JSON.parse(byId['1860000000000000003']!.matched_terms)).toEqual(['@FinvoApp']);

    const state = (await connectorsState(api)).x!;
    expect(state).toMatchObject({
      configured: true,
      intervalSeconds: 900,
      lastSuccessAt: '2026-11-20T12:30:00.000Z',
      quotaLeft: 446,
      quotaResetAt: '2026-11-20T12:15:00.000Z',
      stored: 4,
    });
    expect(state.lastError).toBeUndefined();
    const amb = await api.json('GET', '/monitoring/connectors', { as: 'ambassador' });
    expect(amb.status).toBe(403);
  });

  it("stores a reply to the product's @handle whose text never names it (the handle from the reply-to expansion)", async () => {
    x.users.push({ id: '20', username: 'FinvoApp', followers: 90_000 });
    x.posts.push(
      {
        id: '1860000000000000010',
        text: 'three days and still nothing, where is my money',
        authorId: '11',
        createdAt: '2026-11-20T09:00:00.000Z',
        inReplyToUserId: '20',
      },
      {
        // Replies to someone else: no term of the team in it.
        id: '1860000000000000011',
        text: 'three days and still nothing',
        authorId: '11',
        createdAt: '2026-11-20T09:05:00.000Z',
        inReplyToUserId: '12',
      },
    );
    await runConnector(deps, xConnector(config));
    expect(x.requests[0]!.searchParams.get('tweet.fields')).toContain('in_reply_to_user_id');
    expect(await storedIds(api, 'x')).toEqual(['1860000000000000010']);
    const row = await api.db
      .selectFrom('mentions')
      .selectAll()
      .where('post_id', '=', '1860000000000000010')
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      author_handle: '@upset_user',
      text: 'three days and still nothing, where is my money',
    });
    expect(JSON.parse(row.matched_terms)).toEqual(['@FinvoApp']);
  });

  it('a 429, a revoked token, a cut-off answer and a strange shape each show in words and keep the cursor', async () => {
    seed();
    config.maxPagesPerRun = 10;
    await runConnector(deps, xConnector(config));
    const good = await cursorOf(api, 'x');
    expect(JSON.parse(good).queries).toEqual({
      [x.requests[0]!.searchParams.get('query')!]: { sinceId: '1860000000000000006' },
    });

    api.clock.advance(60_000);
    x.failNext({
      status: 429,
      body: { title: 'Too Many Requests', detail: 'Too Many Requests', type: 'about:blank', status: 429 },
      headers: {
        'x-rate-limit-remaining': '0',
        'x-rate-limit-reset': String(Math.floor(Date.parse('2026-11-20T12:40:00Z') / 1000)),
      },
    });
    let row = await runConnector(deps, xConnector(config));
    expect(row.cursor).toBe(good);
    let state = (await connectorsState(api)).x!;
    expect(state).toMatchObject({
      lastError: "X's rate limit for recent search is reached (429 Too Many Requests); next try at 12:40 UTC",
      lastErrorAt: '2026-11-20T12:01:00.000Z',
      lastSuccessAt: '2026-11-20T12:00:00.000Z',
      quotaLeft: 0,
      nextRunAt: '2026-11-20T12:40:00.000Z',
    });

    api.clock.advance(40 * 60_000);
    x.token = 'rotated-token';
    row = await runConnector(deps, xConnector(config));
    expect(row.cursor).toBe(good);
    state = (await connectorsState(api)).x!;
    expect(state.lastError).toBe(
      'X refused the bearer token (401 Unauthorized): it may have been revoked or mistyped; set X_BEARER_TOKEN to a valid token',
    );
    expect(state.lastSuccessAt).toBe('2026-11-20T12:00:00.000Z');
    // Backoff: the second failure in a row waits two minutes.
    expect(state.nextRunAt).toBe('2026-11-20T12:43:00.000Z');
    x.token = 'good-token';

    x.failNext('garbage');
    row = await runConnector(deps, xConnector(config));
    expect(row.cursor).toBe(good);
    expect(row.last_error).toBe('X answered 200 with something that is not JSON; nothing was stored from it');

    x.failNext({ status: 200, body: { data: [{ id: '1860000000000000099', text: 'finvo' }] } });
    row = await runConnector(deps, xConnector(config));
    expect(row.cursor).toBe(good);
    expect(row.last_error).toBe(
      'X answered in a shape we do not read (meta: Invalid input: expected object, received undefined); nothing was stored from it',
    );
    expect(row.failures).toBe(4);
    expect(await storedIds(api, 'x')).toHaveLength(4);

    // Back to normal: the next post arrives once, the error clears.
    x.posts.push({
      id: '1860000000000000010',
      text: 'finvo fixed it, thanks',
      authorId: '12',
      createdAt: '2026-11-20T12:30:00.000Z',
    });
    row = await runConnector(deps, xConnector(config));
    expect(row).toMatchObject({ last_error: null, failures: 0, last_success_at: '2026-11-20T12:41:00.000Z' });
    expect(x.requests.at(-1)!.searchParams.get('since_id')).toBe('1860000000000000006');
    expect(await storedIds(api, 'x')).toHaveLength(5);
    expect(log.some((l) => l.includes('401'))).toBe(true);
  });
});

describe.each(backends)('YouTube connector against a stand-in on $name', (backend) => {
  let api: TestApi;
  let yt: YtStandIn;
  let deps: ConnectorDeps;
  let config: YoutubeConfig;
  beforeEach(async () => {
    api = await setupApi(backend, {
      connectors: [youtubeConnector({ ...BASE_YT, baseUrl: 'http://127.0.0.1:9' })],
    });
    await publishTerms(api, TERMS);
    yt = await youtubeStandIn({ pageSize: 2 });
    deps = { db: api.db, fetch, now: api.clock.read, log: () => {} };
    config = { ...BASE_YT, baseUrl: `${yt.url}/youtube/v3` };
    yt.videos.push(
      {
        id: 'vidFinvo001',
        channelId: 'UCreviewer00000000000001',
        channelTitle: '@MoneyReviews',
        title: 'Finvo review: is it safe?',
        description: 'My month with the app',
        publishedAt: '2026-11-20T09:00:00.000Z',
      },
      {
        id: 'vidInvoice1',
        channelId: 'UCreviewer00000000000002',
        channelTitle: '@Accounting',
        title: 'Finvoice tutorial',
        description: 'Invoices made easy',
        publishedAt: '2026-11-20T10:00:00.000Z',
      },
      {
        id: 'vidOfficial',
        channelId: CHANNEL,
        channelTitle: '@FinvoOfficial',
        title: 'Our new card',
        description: 'Launch',
        publishedAt: '2026-11-10T10:00:00.000Z',
      },
    );
    yt.comments.push(
      {
        id: 'UgyA1',
        videoId: 'vidFinvo001',
        channelId: 'UCreviewer00000000000001',
        author: '@angry',
        text: 'finvo lost my deposit',
        publishedAt: '2026-11-20T09:30:00.000Z',
        likes: 4,
      },
      {
        id: 'UgyA2',
        videoId: 'vidFinvo001',
        channelId: 'UCreviewer00000000000001',
        author: '@fan',
        text: 'great video',
        publishedAt: '2026-11-20T09:31:00.000Z',
      },
      {
        id: 'UgyA3',
        videoId: 'vidFinvo001',
        channelId: 'UCreviewer00000000000001',
        author: '@ivan',
        text: 'Финво норм работает',
        publishedAt: '2026-11-20T09:32:00.000Z',
      },
      {
        id: 'UgyC1',
        videoId: 'vidOfficial',
        channelId: CHANNEL,
        author: '@q1',
        text: 'when does the card ship?',
        publishedAt: '2026-11-20T11:00:00.000Z',
      },
      {
        id: 'UgyC2',
        videoId: 'vidOfficial',
        channelId: CHANNEL,
        author: '@q2',
        text: 'is my money safe here',
        publishedAt: '2026-11-20T11:01:00.000Z',
      },
      {
        id: 'UgyC3',
        videoId: 'vidOfficial',
        channelId: CHANNEL,
        author: '@q3',
        text: 'app crashes on login',
        publishedAt: '2026-11-20T11:02:00.000Z',
      },
    );
  });
  afterEach(async () => {
    await yt.close();
    await api.cleanup();
  });

  it('finds new videos, reads their comments by term and the watched channel, resumes pages after restarts, and counts quota', async () => {
    const runs: number[] = [];
    for (let i = 0; i < 4; i++) {
      runs.push(yt.requests.length);
      // Every run is a fresh connector: all it knows comes from the database.
      await runConnector(deps, youtubeConnector(config));
      api.clock.advance(3_600_000);
    }
    const search = yt.requests[0]!.searchParams;
    expect(yt.requests[0]!.pathname).toBe('/youtube/v3/search');
    expect(Object.fromEntries(search)).toMatchObject({
      part: 'snippet',
      type: 'video',
      order: 'date',
      q: 'finvo|финво|@FinvoApp -"finvo careers"',
      publishedAfter: '2026-11-19T12:00:00.000Z',
      key: 'good-key',
    });
    const threads = yt.requests.filter((r) => r.pathname === '/youtube/v3/commentThreads');
    expect(
      threads
        .filter((r) => r.searchParams.get('videoId') === 'vidFinvo001')
        .map((r) => r.searchParams.get('searchTerms')),
    ).toEqual(expect.arrayContaining(['finvo', 'финво', 'FinvoApp']));
    // The near-miss video is not a mention, so nobody reads its comments.
    expect(threads.some((r) => r.searchParams.get('videoId') === 'vidInvoice1')).toBe(false);
    // The channel's second page was read in a later run than its first, from the stored pageToken.
    const channelReqs = yt.requests
      .map((r, i) => ({ r, i }))
      .filter(({ r }) => r.searchParams.get('allThreadsRelatedToChannelId') === CHANNEL);
    expect(channelReqs.length).toBeGreaterThanOrEqual(2);
    const withToken = channelReqs.find(({ r }) => r.searchParams.get('pageToken'));
    expect(withToken).toBeDefined();
    const runOf = (i: number) => runs.filter((start) => start <= i).length;
    expect(runOf(withToken!.i)).toBeGreaterThan(runOf(channelReqs[0]!.i));

    expect(await storedIds(api, 'youtube')).toEqual([
      'UgyA1',
      'UgyA3',
      'UgyC1',
      'UgyC2',
      'UgyC3',
      'vidFinvo001',
    ]);
    const c1 = await api.db
      .selectFrom('mentions')
      .selectAll()
      .where('post_id', '=', 'UgyA1')
      .executeTakeFirstOrThrow();
    expect(c1).toMatchObject({
      kind: 'comment',
      conversation_id: 'vidFinvo001',
      url: 'https://www.youtube.com/watch?v=vidFinvo001&lc=UgyA1',
      author_handle: '@angry',
      likes: 4,
      sources: 'youtube_api',
      posted_at: '2026-11-20T09:30:00.000Z',
    });
    const state = (await connectorsState(api)).youtube!;
    const units = yt.requests.reduce((n, r) => n + (r.pathname.endsWith('/search') ? 100 : 1), 0);
    expect(state).toMatchObject({
      configured: true,
      quotaLeft: 10_000 - units,
      stored: 6,
      quotaResetAt: '2026-11-21T08:00:00.000Z',
    });
    expect(10_000 - yt.quota.left).toBe(units);
  });

  it('stops before its own budget runs out, believes a quotaExceeded, names a refused key, and keeps the cursor', async () => {
    config.dailyQuota = 103;
    config.commentPagesPerRun = 10;
    let row = await runConnector(deps, youtubeConnector(config));
    // 100 for the search, then comment pages until the day's budget is gone.
    expect(row.quota_left).toBe(0);
    expect(yt.requests).toHaveLength(4);
    expect(row.next_run_at).toBe('2026-11-21T08:00:00.000Z');
    expect(row.last_error).toBeNull();
    const saved = row.cursor;

    // Google disagrees with our count (another app shares the key): its word wins, the cursor stays.
    api.clock.advance(21 * 3_600_000);
    yt.quota.left = 50;
    row = await runConnector(deps, youtubeConnector(config));
    expect(row.cursor).toBe(saved);
    expect(row.quota_left).toBe(0);
    expect(row.last_error).toBe(
      "YouTube's daily quota is used up (403 quotaExceeded); the next try is after midnight Pacific, at 2026-11-22 08:00 UTC",
    );
    expect(row.next_run_at).toBe('2026-11-22T08:00:00.000Z');
    expect(row.last_success_at).toBe('2026-11-20T12:00:00.000Z');

    // A new quota day, and the key was revoked meanwhile.
    api.clock.advance(24 * 3_600_000);
    yt.quota.left = 10_000;
    const bad = youtubeConnector({ ...config, apiKey: 'revoked-key' });
    row = await runConnector(deps, bad);
    expect(row.cursor).toBe(saved);
    expect(row.last_error).toBe(
      'YouTube refused the API key (400 badRequest: API key not valid. Please pass a valid API key.); check YOUTUBE_API_KEY',
    );

    // Three units left today (Google counts the refused search too): no search, comment pages only.
    yt.failNext({ status: 200, body: { kind: 'youtube#commentThreadListResponse', pageInfo: {} } });
    row = await runConnector(deps, youtubeConnector(config));
    expect(yt.requests.at(-1)!.pathname).toBe('/youtube/v3/commentThreads');
    expect(row.cursor).toBe(saved);
    expect(row.last_error).toBe(
      'YouTube answered comment threads in a shape we do not read (items: Invalid input: expected array, received undefined); nothing was stored from it',
    );
    const state = (await connectorsState(api)).youtube!;
    expect(state.lastSuccessAt).toBe('2026-11-20T12:00:00.000Z');
    expect(state.lastError).toContain('shape');
  });
});

describe.each(backends)('connector scheduling on $name', (backend) => {
  let api: TestApi;
  beforeEach(async () => {
    api = await setupApi(backend);
  });
  afterEach(() => api.cleanup());

  it('runs a due connector at once, then waits its interval (timers injected, no sleeping)', async () => {
    const runs: string[] = [];
    const fake: Connector = {
      id: 'x',
      intervalSeconds: 600,
      async run(_deps, state) {
        runs.push(api.clock.read().toISOString());
        return { cursor: state.cursor, pages: 0, stored: 0 };
      },
    };
    const timers: { fn: () => void; ms: number }[] = [];
    const stop = startConnectors({ db: api.db, fetch, now: api.clock.read, log: () => {} }, [fake], {
      setTimeout: (fn, ms) => timers.push({ fn, ms }),
      clearTimeout: () => {},
    });
    await vi.waitFor(() => expect(timers).toHaveLength(1));
    expect(runs).toEqual(['2026-11-20T12:00:00.000Z']);
    expect(timers[0]!.ms).toBe(60_000);
    // Not due yet after a minute; due after ten.
    api.clock.advance(60_000);
    timers[0]!.fn();
    await vi.waitFor(() => expect(timers).toHaveLength(2));
    expect(runs).toHaveLength(1);
    api.clock.advance(9 * 60_000);
    timers[1]!.fn();
    await vi.waitFor(() => expect(timers).toHaveLength(3));
    expect(runs).toEqual(['2026-11-20T12:00:00.000Z', '2026-11-20T12:10:00.000Z']);
    await stop();
  });

  it('of two servers on one database, one runs each due connector', async () => {
    let runs = 0;
    const fake: Connector = {
      id: 'youtube',
      intervalSeconds: 600,
      async run(_deps, state) {
        runs += 1;
        return { cursor: state.cursor, pages: 0, stored: 0 };
      },
    };
    const deps: ConnectorDeps = { db: api.db, fetch, now: api.clock.read, log: () => {} };
    const claims = await Promise.all([claimRun(deps, 'youtube'), claimRun(deps, 'youtube')]);
    expect(claims.filter((c) => c === true)).toHaveLength(1);
    // The loser learns when the winner's lease ends.
    expect(claims.find((c) => c !== true)).toBe(Date.parse('2026-11-20T12:15:00.000Z'));
    await runConnector(deps, fake);
    expect(runs).toBe(1);
    expect(await claimRun(deps, 'youtube')).toBe(Date.parse('2026-11-20T12:10:00.000Z'));
  });
});
