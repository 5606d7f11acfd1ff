import { describe, expect, it, vi } from 'vitest';
import { createCallJudge } from '../../../lib/capture/call-judge';
import { installCallForwarder, type RawCall, type RawOutcome } from '../../../lib/capture/main-world';
import { type NetworkSignal, RawCallSchema, RawOutcomeSchema } from '../../../lib/capture/signals';
import { interpretXResponse, matchXRequest } from '../../../lib/platforms/x/graphql';
import { xCallWatch, xWantsOutcome } from '../../../lib/platforms/x/graphql-path';
import { xDrift } from '../../../lib/platforms/x/health';
import { youtubeCallWatch } from '../../../lib/platforms/youtube/feed-path';
import { answerXGraphql, xGraphqlFixtures } from '../../fixtures/x/graphql';
import { nextTurn } from '../event-loop';

/**
 * Issue 10: the MAIN world only forwards; the isolated content script judges. These follow one call
 * across the split as the extension runs it: forwarder → (structured clone on the port) → schema →
 * judge → signal.
 */
const GQL = 'https://x.com/i/api/graphql/Ib4jkd9XEJ6hqVsmbMT7Kg';
const TARGET = '1922334455667788990';
const { requests } = xGraphqlFixtures;
type PageWindow = Window & typeof globalThis;

function split(fetchImpl: (input: unknown, init?: RequestInit) => Promise<Response>) {
  const signals: NetworkSignal[] = [];
  const judge = createCallJudge({
    match: matchXRequest,
    interpret: interpretXResponse,
    drift: xDrift,
    emit: (s) => signals.push(s),
    newRequestId: () => `r${signals.length}`,
  });
  const win = {
    fetch: fetchImpl,
    location: { href: 'https://x.com/home' },
  } as unknown as PageWindow;
  const watch = vi.fn(xCallWatch);
  installCallForwarder(win, {
    watch,
    onCall(call: RawCall) {
      // What the port does: a structured copy, then the receiver's schema.
      judge.call(RawCallSchema.parse(structuredClone(call)));
      return xWantsOutcome(call.url, call.body);
    },
    onOutcome: (outcome: RawOutcome) => judge.outcome(RawOutcomeSchema.parse(structuredClone(outcome))),
  });
  return { win, signals, watch };
}

const xAnswer = vi.fn(async (input: unknown, init?: RequestInit) => {
  const op = String(input).split('/').pop() ?? '';
  const answer = answerXGraphql(op, (init?.body as string) ?? '');
  return new Response(answer.body, { status: answer.status });
});

describe('the MAIN-world forwarder and the isolated judge', () => {
  it('confirm a like across the split, the same signals the one-realm observer gave', async () => {
    const { win, signals } = split(xAnswer);
    const res = await win.fetch(`${GQL}/FavoriteTweet`, {
      method: 'POST',
      body: JSON.stringify(requests.favoriteTweet),
    });
    expect(await res.json()).toEqual({ data: { favorite_tweet: 'Done' } });
    await vi.waitFor(() => expect(signals).toHaveLength(2));
    expect(signals).toEqual([
      { kind: 'request-start', op: 'like', targetId: TARGET, requestId: 'r0' },
      { kind: 'confirmed', op: 'like', targetId: TARGET, requestId: 'r0' },
    ]);
  });

  it('do not even read the answer of a plain post: only replies are CreateTweets we log', async () => {
    const response = new Response('{"data":{}}');
    const clone = vi.spyOn(response, 'clone');
    const { win, signals } = split(async () => response);
    await win.fetch(`${GQL}/CreateTweet`, { method: 'POST', body: JSON.stringify(requests.createTweetPost) });
    await nextTurn();
    expect(clone).not.toHaveBeenCalled();
    expect(signals).toEqual([]);
  });

  it('spend one substring test on a call that is not ours: no URL parsing, nothing passed on', async () => {
    let parsed = 0;
    const RealURL = URL;
    vi.stubGlobal(
      'URL',
      class extends RealURL {
        constructor(url: string | URL, base?: string | URL) {
          parsed++;
          super(url, base);
        }
      },
    );
    try {
      const { win, signals, watch } = split(async () => new Response('ok'));
      await win.fetch('https://abs.twimg.com/responsive-web/client-web/main.js');
      await win.fetch('/i/api/1.1/jot/client_event.json', { method: 'POST', body: 'x' });
      expect(watch).toHaveBeenCalledTimes(2);
      expect(parsed).toBe(0);
      expect(signals).toEqual([]);
    } finally {
      vi.unstubAllGlobals();
    }
  });

  it('forget calls whose outcome never comes, so an endless page does not grow the judge', () => {
    const signals: NetworkSignal[] = [];
    const judge = createCallJudge({
      match: matchXRequest,
      interpret: interpretXResponse,
      emit: (s) => signals.push(s),
    });
    const like = JSON.stringify(requests.favoriteTweet);
    for (let callId = 1; callId <= 1000; callId++) {
      judge.call({ callId, method: 'POST', url: `${GQL}/FavoriteTweet`, body: like, full: true });
    }
    // The oldest were let go: their late outcomes are ignored; the newest still count.
    judge.outcome({ callId: 1, status: 200, text: '{"data":{"favorite_tweet":"Done"}}' });
    judge.outcome({ callId: 1000, status: 200, text: '{"data":{"favorite_tweet":"Done"}}' });
    expect(signals.filter((s) => s.kind === 'confirmed')).toHaveLength(1);
  });
});

describe('what each site’s forwarder watches', () => {
  it.each([
    ['POST', `${GQL}/FavoriteTweet`, { call: 'full' }],
    ['POST', '/i/api/graphql/abc/CreateTweet', { call: 'full' }],
    ['POST', `${GQL}/FavoriteTweetV2`, { call: 'request' }],
    ['GET', `${GQL}/HomeTimeline?variables=%7B%7D`, { tap: 'HomeTimeline' }],
    ['POST', `${GQL}/HomeLatestTimeline`, { tap: 'HomeLatestTimeline' }],
    ['GET', `${GQL}/FavoriteTweet`, null],
    ['POST', `${GQL}/CreateBookmark`, null],
    ['POST', 'https://api.example.com/i/api/graphql/abc/FavoriteTweet', null],
    ['GET', 'https://x.com/home', null],
  ])('x.com %s %s → %j', (method, url, expected) => {
    expect(xCallWatch(method, url)).toEqual(expected);
  });

  const API = 'https://www.youtube.com/youtubei/v1';
  it.each([
    ['POST', `${API}/like/like?prettyPrint=false`, { call: 'full' }],
    ['POST', `${API}/comment/perform_comment_action`, { call: 'full' }],
    ['POST', `${API}/comment/create_comment_v2`, { call: 'request' }],
    ['POST', `${API}/like/dislike`, null],
    ['POST', `${API}/next?prettyPrint=false`, { tap: 'next' }],
    ['POST', `${API}/player`, null],
    ['GET', 'https://www.youtube.com/watch?v=abc', null],
  ])('YouTube %s %s → %j', (method, url, expected) => {
    expect(youtubeCallWatch(method, url)).toEqual(expected);
  });
});
