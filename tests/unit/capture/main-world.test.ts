import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { captureGate, KIND, offerChannel, sendCaptureSwitch } from '../../../lib/capture/handshake';
import { installNetworkObserver } from '../../../lib/capture/main-world';
import type { ActionSignal } from '../../../lib/capture/signals';
import { interpretXResponse, isXActionCall, matchXRequest } from '../../../lib/platforms/x/graphql';
import { xTimelineOperation } from '../../../lib/platforms/x/graphql-path';
import { answerXGraphql, xGraphqlFixtures } from '../../fixtures/x/graphql';
import { nextTurn } from '../event-loop';

const { requests } = xGraphqlFixtures;
const TARGET = '1922334455667788990';
const GQL = 'https://x.com/i/api/graphql/Ib4jkd9XEJ6hqVsmbMT7Kg';
const replyBody = JSON.stringify(requests.createTweetReply);
const likeBody = JSON.stringify(requests.favoriteTweet);

type PageWindow = Window & typeof globalThis;

/** A stand-in for XMLHttpRequest with the parts X's client and our hook touch. */
class FakeXhr extends EventTarget {
  static respondInSend: ((xhr: FakeXhr, body: unknown) => void) | undefined;
  readyState = 0;
  status = 0;
  responseType: XMLHttpRequestResponseType = '';
  onreadystatechange: ((ev: Event) => void) | null = null;
  onload: ((ev: Event) => void) | null = null;
  method = '';
  url = '';
  sent: unknown = undefined;
  private text = '';
  open(method: string, url: string | URL): void {
    if (method === 'BAD METHOD') throw new SyntaxError('bad method');
    this.method = method;
    this.url = String(url);
    this.readyState = 1;
  }
  send(body?: unknown): void {
    if (this.readyState !== 1) throw new DOMException('not opened', 'InvalidStateError');
    this.sent = body;
    this.readyState = 2;
    FakeXhr.respondInSend?.(this, body);
  }
  get responseText(): string {
    if (this.responseType !== '' && this.responseType !== 'text') {
      throw new DOMException('responseText needs responseType text', 'InvalidStateError');
    }
    return this.text;
  }
  get response(): unknown {
    if (this.responseType === 'json') {
      try {
        return JSON.parse(this.text);
      } catch {
        return null;
      }
    }
    if (this.responseType === 'arraybuffer') return new TextEncoder().encode(this.text).buffer;
    return this.text;
  }
  private fire(type: string): void {
    const ev = new Event(type);
    if (type === 'readystatechange') this.onreadystatechange?.(ev);
    if (type === 'load') this.onload?.(ev);
    this.dispatchEvent(ev);
  }
  respond(status: number, text: string): void {
    this.status = status;
    this.text = text;
    this.readyState = 4;
    this.fire('readystatechange');
    this.fire('load');
    this.fire('loadend');
  }
  failWith(kind: 'error' | 'abort' | 'timeout'): void {
    this.status = 0;
    this.readyState = 4;
    this.fire('readystatechange');
    this.fire(kind);
    this.fire('loadend');
  }
}

// Any function shape: the fakes stand in for fetch with narrower parameter types.
function makeWindow(fetchImpl: (...args: never[]) => unknown): PageWindow {
  class PageXhr extends FakeXhr {}
  return {
    fetch: fetchImpl,
    XMLHttpRequest: PageXhr,
    location: { href: 'https://x.com/cryptocomplainer/status/1922334455667788990' },
    crypto: globalThis.crypto,
  } as unknown as PageWindow;
}

/** A fetch that answers X's GraphQL like X would, and records what it was called with. */
function xFetch(fail?: 'http' | 'errors') {
  return vi.fn(async (input: unknown, init?: RequestInit): Promise<Response> => {
    const url = input instanceof Request ? input.url : String(input);
    const body =
      (init?.body as string | undefined) ?? (input instanceof Request ? await input.text() : undefined);
    const op = url.split('?')[0]?.split('/').pop() ?? '';
    const answer = answerXGraphql(op, body ?? '', fail ? { fail } : {});
    return new Response(answer.body, {
      status: answer.status,
      headers: { 'content-type': 'application/json' },
    });
  });
}

let signals: ActionSignal[];
let uninstalls: (() => void)[];
let ids: number;

function install(win: PageWindow, overrides: Partial<Parameters<typeof installNetworkObserver>[1]> = {}) {
  const uninstall = installNetworkObserver(win, {
    match: matchXRequest,
    interpret: interpretXResponse,
    mayMatch: isXActionCall,
    emit: (s) => {
      if (s.kind !== 'drift') signals.push(s);
    },
    newRequestId: () => `r${++ids}`,
    ...overrides,
  });
  uninstalls.push(uninstall);
  return uninstall;
}

const kinds = () => signals.map((s) => `${s.kind}:${s.op}:${s.requestId}`);

beforeEach(() => {
  signals = [];
  uninstalls = [];
  ids = 0;
  FakeXhr.respondInSend = undefined;
});
afterEach(() => {
  for (const u of uninstalls) u();
  vi.restoreAllMocks();
});

describe('fetch', () => {
  it.each([
    ['fetch(url, init)', () => [`${GQL}/CreateTweet`, { method: 'POST', body: replyBody }]],
    ['fetch(Request)', () => [new Request(`${GQL}/CreateTweet`, { method: 'POST', body: replyBody })]],
    [
      'fetch(relative url, init)',
      () => ['/i/api/graphql/abc/CreateTweet', { method: 'POST', body: replyBody }],
    ],
    ['fetch(URL, init)', () => [new URL(`${GQL}/CreateTweet`), { method: 'POST', body: replyBody }]],
    [
      'fetch(Request, init overriding the body)',
      () => [
        new Request(`${GQL}/CreateTweet`, { method: 'POST', body: '{}' }),
        { method: 'POST', body: replyBody },
      ],
    ],
  ])('confirms a reply made with %s, and the page still reads the body', async (_, args) => {
    const original = xFetch();
    const win = makeWindow(original);
    install(win);
    const callArgs = args() as Parameters<typeof fetch>;
    const response = await win.fetch(...callArgs);
    // The page got the very response X sent and can read it.
    expect(original).toHaveBeenCalledTimes(1);
    expect(original.mock.calls[0]).toHaveLength(callArgs.length);
    const json = await response.json();
    expect(json.data.create_tweet.tweet_results.result.legacy.in_reply_to_status_id_str).toBe(TARGET);
    await vi.waitFor(() => expect(signals).toHaveLength(2));
    expect(signals[0]).toEqual({ kind: 'request-start', op: 'reply', targetId: TARGET, requestId: 'r1' });
    expect(signals[1]).toMatchObject({
      kind: 'confirmed',
      op: 'reply',
      targetId: TARGET,
      requestId: 'r1',
      replyId: json.data.create_tweet.tweet_results.result.rest_id,
      replyText: requests.createTweetReply.variables.tweet_text,
      conversationId: TARGET,
    });
  });

  it('returns the page the very promise fetch returned, and passes `this` and arguments through', async () => {
    const promise = Promise.resolve(new Response('{"data":{"favorite_tweet":"Done"}}'));
    let seenThis: unknown;
    const original = vi.fn(function (this: unknown) {
      seenThis = this;
      return promise;
    });
    const win = makeWindow(original);
    install(win);
    const init = { method: 'POST', body: likeBody };
    const returned = win.fetch.call(win, `${GQL}/FavoriteTweet`, init);
    expect(returned).toBe(promise);
    expect(seenThis).toBe(win);
    expect(original).toHaveBeenCalledWith(`${GQL}/FavoriteTweet`, init);
    await vi.waitFor(() => expect(kinds()).toEqual(['request-start:like:r1', 'confirmed:like:r1']));
  });

  it.each([
    ['HTTP 403', 'http', /HTTP 403/],
    ['200 with errors', 'errors', /code 187/],
  ] as const)(
    'reports a reply X rejected with %s as failed; the page sees the same answer',
    async (_, fail, reason) => {
      const win = makeWindow(xFetch(fail));
      install(win);
      const response = await win.fetch(`${GQL}/CreateTweet`, { method: 'POST', body: replyBody });
      expect(response.status).toBe(fail === 'http' ? 403 : 200);
      expect((await response.json()).errors).toBeDefined();
      await vi.waitFor(() => expect(signals).toHaveLength(2));
      expect(signals[1]).toMatchObject({
        kind: 'failed',
        op: 'reply',
        requestId: 'r1',
        reason: expect.stringMatching(reason),
      });
    },
  );

  it('reports a rejected fetch as failed and hands the page the same error', async () => {
    const error = new TypeError('Failed to fetch');
    const win = makeWindow(() => Promise.reject(error));
    install(win);
    await expect(win.fetch(`${GQL}/FavoriteTweet`, { method: 'POST', body: likeBody })).rejects.toBe(error);
    await vi.waitFor(() => expect(signals).toHaveLength(2));
    expect(signals[1]).toMatchObject({ kind: 'failed', reason: 'fetch failed: TypeError: Failed to fetch' });
  });

  it('rethrows a synchronous throw unchanged and emits nothing', () => {
    const error = new TypeError('Illegal invocation');
    const win = makeWindow(() => {
      throw error;
    });
    install(win);
    expect(() => win.fetch(`${GQL}/FavoriteTweet`, { method: 'POST', body: likeBody })).toThrow(error);
    expect(signals).toEqual([]);
  });

  it('reports a body that breaks mid-read as unreadable, while the page sees its own read fail', async () => {
    const stream = new ReadableStream({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('{"data":'));
        controller.error(new Error('connection reset'));
      },
    });
    const win = makeWindow(async () => new Response(stream));
    install(win);
    const response = await win.fetch(`${GQL}/FavoriteTweet`, { method: 'POST', body: likeBody });
    await expect(response.text()).rejects.toThrow('connection reset');
    await vi.waitFor(() => expect(signals).toHaveLength(2));
    expect(signals[1]).toMatchObject({
      kind: 'unreadable',
      reason: expect.stringMatching(/unreadable.*connection reset/),
    });
  });

  it.each([
    ['a GET', `${GQL}/FavoriteTweet`, { method: 'GET' }],
    ['another operation', `${GQL}/TweetDetail`, { method: 'POST', body: likeBody }],
    [
      'another host',
      'https://api.example.com/i/api/graphql/abc/FavoriteTweet',
      { method: 'POST', body: likeBody },
    ],
    [
      'a plain post',
      `${GQL}/CreateTweet`,
      { method: 'POST', body: JSON.stringify(requests.createTweetPost) },
    ],
    ['a quote', `${GQL}/CreateTweet`, { method: 'POST', body: JSON.stringify(requests.createTweetQuote) }],
    ['a non-text body', `${GQL}/FavoriteTweet`, { method: 'POST', body: new Blob([likeBody]) }],
    ['no init at all', `${GQL}/FavoriteTweet`, undefined],
  ])('leaves %s alone: no signal, the response is not even cloned', async (_, url, init) => {
    const response = new Response('{"data":{}}');
    const clone = vi.spyOn(response, 'clone');
    const original = vi.fn(async () => response);
    const win = makeWindow(original);
    install(win);
    const got = await (init === undefined ? win.fetch(url) : win.fetch(url, init));
    expect(got).toBe(response);
    expect(await got.text()).toBe('{"data":{}}');
    await nextTurn();
    expect(signals).toEqual([]);
    expect(clone).not.toHaveBeenCalled();
  });

  it('leaves the page a usable Request when it posts one that is not ours', async () => {
    const original = vi.fn(async (input: unknown) => new Response(await (input as Request).text()));
    const win = makeWindow(original);
    install(win);
    const response = await win.fetch(
      new Request(`${GQL}/FavoriteTweet`, { method: 'POST', body: '{"x":1}' }),
    );
    expect(await response.text()).toBe('{"x":1}');
    await nextTurn();
    expect(signals).toEqual([]);
  });
});

describe('XMLHttpRequest', () => {
  function pageXhr(win: PageWindow) {
    return new win.XMLHttpRequest() as unknown as FakeXhr;
  }

  it.each(['', 'text', 'json'] as const)(
    'confirms a reply over XHR (responseType %j); every page listener still fires',
    (responseType) => {
      const win = makeWindow(xFetch());
      install(win);
      const xhr = pageXhr(win);
      const seen: string[] = [];
      xhr.onreadystatechange = () => seen.push(`orsc:${xhr.readyState}`);
      xhr.onload = () => seen.push('onload');
      xhr.addEventListener('readystatechange', () => seen.push('readystatechange'));
      xhr.addEventListener('load', () => seen.push('load'));
      xhr.addEventListener('loadend', () => seen.push('loadend'));
      xhr.responseType = responseType;
      xhr.open('POST', `${GQL}/CreateTweet`);
      xhr.send(replyBody);
      expect(xhr.sent).toBe(replyBody);
      expect(kinds()).toEqual(['request-start:reply:r1']);
      const answer = answerXGraphql('CreateTweet', replyBody);
      xhr.respond(answer.status, answer.body);
      expect(seen).toEqual(['orsc:4', 'readystatechange', 'onload', 'load', 'loadend']);
      const pageView = responseType === 'json' ? xhr.response : JSON.parse(xhr.responseText);
      expect((pageView as { data: unknown }).data).toBeDefined();
      expect(signals[1]).toMatchObject({
        kind: 'confirmed',
        op: 'reply',
        targetId: TARGET,
        replyText: requests.createTweetReply.variables.tweet_text,
      });
    },
  );

  it('reads an arraybuffer response', () => {
    const win = makeWindow(xFetch());
    install(win);
    const xhr = pageXhr(win);
    xhr.responseType = 'arraybuffer';
    xhr.open('POST', `${GQL}/FavoriteTweet`);
    xhr.send(likeBody);
    xhr.respond(200, '{"data":{"favorite_tweet":"Done"}}');
    expect(kinds()).toEqual(['request-start:like:r1', 'confirmed:like:r1']);
  });

  it.each([
    ['error', 'network error'],
    ['abort', 'request aborted'],
    ['timeout', 'request timed out'],
  ] as const)('reports %s as failed', (kind, reason) => {
    const win = makeWindow(xFetch());
    install(win);
    const xhr = pageXhr(win);
    xhr.open('POST', `${GQL}/FavoriteTweet`);
    xhr.send(likeBody);
    xhr.failWith(kind);
    expect(signals[1]).toMatchObject({ kind: 'failed', reason });
  });

  it('reports an HTTP error as failed', () => {
    const win = makeWindow(xFetch());
    install(win);
    const xhr = pageXhr(win);
    xhr.open('POST', `${GQL}/CreateTweet`);
    xhr.send(replyBody);
    const answer = answerXGraphql('CreateTweet', replyBody, { fail: 'http' });
    xhr.respond(answer.status, answer.body);
    expect(signals[1]).toMatchObject({ kind: 'failed', reason: expect.stringMatching(/HTTP 403/) });
  });

  it('follows a synchronous XHR that finishes inside send()', () => {
    const win = makeWindow(xFetch());
    install(win);
    FakeXhr.respondInSend = (xhr) => xhr.respond(200, '{"data":{"unfavorite_tweet":"Done"}}');
    const xhr = pageXhr(win);
    xhr.open('POST', `${GQL}/UnfavoriteTweet`);
    xhr.send(JSON.stringify(requests.unfavoriteTweet));
    expect(kinds()).toEqual(['request-start:unlike:r1', 'confirmed:unlike:r1']);
  });

  it('closes the old request when the page reuses the XHR with open()', () => {
    const win = makeWindow(xFetch());
    install(win);
    const xhr = pageXhr(win);
    xhr.open('POST', `${GQL}/FavoriteTweet`);
    xhr.send(likeBody);
    xhr.open('POST', `${GQL}/FavoriteTweet`);
    xhr.send(likeBody);
    xhr.respond(200, '{"data":{"favorite_tweet":"Done"}}');
    expect(kinds()).toEqual([
      'request-start:like:r1',
      'failed:like:r1',
      'request-start:like:r2',
      'confirmed:like:r2',
    ]);
  });

  it('rethrows what send() and open() throw, unchanged', () => {
    const win = makeWindow(xFetch());
    install(win);
    const xhr = pageXhr(win);
    expect(() => xhr.open('BAD METHOD', '/')).toThrow(SyntaxError);
    xhr.open('POST', `${GQL}/FavoriteTweet`);
    xhr.send(likeBody);
    // A second send on the same request: the browser throws InvalidStateError.
    expect(() => xhr.send(likeBody)).toThrow(DOMException);
    xhr.respond(200, '{"data":{"favorite_tweet":"Done"}}');
    expect(kinds()).toEqual(['request-start:like:r1', 'confirmed:like:r1']);
  });

  it.each([
    ['another operation', 'POST', `${GQL}/TweetDetail`, likeBody],
    ['a GET', 'GET', `${GQL}/FavoriteTweet`, null],
    ['a plain post', 'POST', `${GQL}/CreateTweet`, JSON.stringify(requests.createTweetPost)],
  ])('leaves %s alone', (_, method, url, body) => {
    const win = makeWindow(xFetch());
    install(win);
    const xhr = pageXhr(win);
    const add = vi.spyOn(xhr, 'addEventListener');
    xhr.open(method, url);
    xhr.send(body);
    xhr.respond(200, '{}');
    expect(add).not.toHaveBeenCalled();
    expect(signals).toEqual([]);
  });
});

describe('safety', () => {
  it('installs once: a second install returns the first uninstall and nothing is emitted twice', async () => {
    const original = xFetch();
    const win = makeWindow(original);
    const first = install(win);
    const wrapped = win.fetch;
    const second = install(win, {
      emit: () =>
        signals.push({ kind: 'failed', op: 'like', targetId: '1', requestId: 'x', reason: 'second' }),
    });
    expect(second).toBe(first);
    expect(win.fetch).toBe(wrapped);
    await win.fetch(`${GQL}/FavoriteTweet`, { method: 'POST', body: likeBody });
    await vi.waitFor(() => expect(signals).toHaveLength(2));
    expect(kinds()).toEqual(['request-start:like:r1', 'confirmed:like:r1']);
  });

  it('uninstall restores fetch and XHR; a fresh install works again', () => {
    const original = xFetch();
    const win = makeWindow(original);
    const proto = win.XMLHttpRequest.prototype;
    const { open, send } = proto;
    const uninstall = install(win);
    expect(win.fetch).not.toBe(original);
    expect(win.fetch.name).toBe(original.name);
    uninstall();
    expect(win.fetch).toBe(original);
    expect(proto.open).toBe(open);
    expect(proto.send).toBe(send);
    const again = install(win);
    expect(again).not.toBe(uninstall);
  });

  it('stays a pass-through when someone wrapped fetch on top of it before uninstall', async () => {
    const original = xFetch();
    const win = makeWindow(original);
    const uninstall = install(win);
    const ours = win.fetch;
    const theirs = vi.fn((...args: Parameters<typeof fetch>) => ours(...args));
    win.fetch = theirs as unknown as typeof fetch;
    uninstall();
    expect(win.fetch).toBe(theirs);
    await win.fetch(`${GQL}/FavoriteTweet`, { method: 'POST', body: likeBody });
    await nextTurn();
    expect(original).toHaveBeenCalledTimes(1);
    expect(signals).toEqual([]);
  });

  it.each([
    [
      'match throws',
      {
        match: () => {
          throw new Error('boom');
        },
      },
    ],
    [
      'interpret throws',
      {
        interpret: () => {
          throw new Error('boom');
        },
      },
    ],
    [
      'emit throws',
      {
        emit: () => {
          throw new Error('boom');
        },
      },
    ],
  ])('when %s the page is unaffected and nothing reaches console.error', async (_, overrides) => {
    const error = vi.spyOn(console, 'error');
    const debug = vi.spyOn(console, 'debug').mockImplementation(() => {});
    const win = makeWindow(xFetch());
    install(win, overrides);
    const response = await win.fetch(`${GQL}/FavoriteTweet`, { method: 'POST', body: likeBody });
    expect(await response.json()).toEqual({ data: { favorite_tweet: 'Done' } });
    const xhr = new win.XMLHttpRequest() as unknown as FakeXhr;
    xhr.open('POST', `${GQL}/FavoriteTweet`);
    xhr.send(likeBody);
    xhr.respond(200, '{"data":{"favorite_tweet":"Done"}}');
    expect(JSON.parse(xhr.responseText)).toEqual({ data: { favorite_tweet: 'Done' } });
    await nextTurn();
    expect(error).not.toHaveBeenCalled();
    if (_ === 'interpret throws') {
      expect(signals.filter((s) => s.kind === 'unreadable')).toHaveLength(2);
    } else {
      expect(debug).toHaveBeenCalled();
    }
  });

  it('makes unique request ids by default', async () => {
    const win = makeWindow(xFetch());
    installNetworkObserver(win, {
      match: matchXRequest,
      interpret: interpretXResponse,
      emit: (s) => {
        if (s.kind !== 'drift') signals.push(s);
      },
    });
    uninstalls.push(() =>
      (win as unknown as Record<symbol, () => void>)[Symbol.for('reply-tracker.network-observer')]?.(),
    );
    await Promise.all(
      [1, 2, 3].map(() => win.fetch(`${GQL}/FavoriteTweet`, { method: 'POST', body: likeBody })),
    );
    await vi.waitFor(() => expect(signals).toHaveLength(6));
    expect(new Set(signals.map((s) => s.requestId)).size).toBe(3);
  });
});

describe('answer tap (mention capture)', () => {
  const SEARCH = `${GQL}/SearchTimeline?variables=%7B%7D`;
  const timeline = '{"data":{"search_by_raw_query":{"search_timeline":{"timeline":{"instructions":[]}}}}}';

  function tapped(win: PageWindow) {
    const delivered: Array<[string, string]> = [];
    const want = vi.fn((_method: string, url: string) => xTimelineOperation(url));
    install(win, { tap: { want, deliver: (source, text) => delivered.push([source, text]) } });
    return { delivered, want };
  }

  it('passes a timeline answer on as text (GET fetch), and the page still reads it', async () => {
    const win = makeWindow(vi.fn(async () => new Response(timeline, { status: 200 })));
    const { delivered } = tapped(win);
    const response = await win.fetch(SEARCH);
    expect(await response.text()).toBe(timeline);
    await vi.waitFor(() => expect(delivered).toEqual([['SearchTimeline', timeline]]));
    expect(signals).toEqual([]);
  });

  it('passes a timeline answer on over XHR (POST); errors and other calls are not read', async () => {
    const win = makeWindow(vi.fn(async () => new Response('{}', { status: 500 })));
    const { delivered } = tapped(win);
    const xhr = new win.XMLHttpRequest() as unknown as FakeXhr;
    xhr.open('POST', `${GQL}/HomeTimeline`);
    xhr.send('{}');
    xhr.respond(200, timeline);
    const other = new win.XMLHttpRequest() as unknown as FakeXhr;
    other.open('GET', `${GQL}/UserByScreenName`);
    other.send();
    other.respond(200, '{"data":{}}');
    await win.fetch(SEARCH);
    await nextTurn();
    expect(delivered).toEqual([['HomeTimeline', timeline]]);
  });

  it('paused through the private channel, the MAIN world neither clones nor reads an answer (fetch or XHR)', async () => {
    const clones = vi.fn();
    const win = makeWindow(
      vi.fn(async () => {
        const res = new Response(timeline, { status: 200 });
        const clone = res.clone.bind(res);
        res.clone = () => {
          clones();
          return clone();
        };
        return res;
      }),
    );
    // A real MessageChannel, as the handshake opens it; the isolated side holds port2.
    const channelWin = Object.assign(new EventTarget(), {
      MessageChannel,
      MessagePort,
      MessageEvent,
      EventTarget,
    }) as unknown as Parameters<typeof offerChannel>[0];
    const isolated: MessagePort[] = [];
    channelWin.addEventListener('reply-tracker:channel-offer', (e) => {
      isolated.push(...(e as MessageEvent).ports);
      e.preventDefault();
    });
    const gate = captureGate((_method, url) => xTimelineOperation(url));
    offerChannel(channelWin, { onMessage: gate.onMessage });
    const delivered: string[] = [];
    install(win, { tap: { want: gate.want, deliver: (source) => delivered.push(source) } });

    await (await win.fetch(SEARCH)).text();
    await vi.waitFor(() => expect(delivered).toEqual(['SearchTimeline']));
    expect(clones).toHaveBeenCalledTimes(1);

    sendCaptureSwitch(isolated[0]!, false);
    await vi.waitFor(() => expect(gate.isOn()).toBe(false));
    await (await win.fetch(SEARCH)).text();
    const xhr = new win.XMLHttpRequest() as unknown as FakeXhr;
    xhr.open('POST', `${GQL}/HomeTimeline`);
    xhr.send('{}');
    xhr.respond(200, timeline);
    await nextTurn();
    expect(clones).toHaveBeenCalledTimes(1);
    expect(delivered).toEqual(['SearchTimeline']);

    // Anything else on the channel leaves the switch as it is; resuming taps again.
    isolated[0]!.postMessage({ kind: KIND.capture, body: { on: 'yes' } });
    isolated[0]!.postMessage({ kind: 'other', body: { on: true } });
    sendCaptureSwitch(isolated[0]!, true);
    await vi.waitFor(() => expect(gate.isOn()).toBe(true));
    await (await win.fetch(SEARCH)).text();
    await vi.waitFor(() => expect(delivered).toEqual(['SearchTimeline', 'SearchTimeline']));
    isolated[0]!.close();
  });
});
