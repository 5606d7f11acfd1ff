import { afterEach, describe, expect, it, vi } from 'vitest';
import { announceHook, listenForSignals, pingHook, postSignal } from '../../../lib/capture/relay';
import { HELLO_TAG, type NetworkSignal, PING_TAG, RELAY_TAG } from '../../../lib/capture/signals';

/**
 * jsdom's postMessage leaves event.source empty, so this window delivers messages itself, with the
 * source set the way Chrome sets it for a window posting to itself.
 */
class FakeWindow extends EventTarget {
  location = { origin: 'https://x.com' } as Location;
  posted: { data: unknown; origin: string }[] = [];
  postMessage(data: unknown, origin: string): void {
    this.posted.push({ data, origin });
    this.deliver(data, this);
  }
  deliver(data: unknown, source: unknown): void {
    const event = new Event('message');
    Object.assign(event, { data, source });
    this.dispatchEvent(event);
  }
}

const asWin = (w: FakeWindow) => w as unknown as Window;

const confirmed: NetworkSignal = {
  kind: 'confirmed',
  op: 'reply',
  targetId: '1922334455667788990',
  requestId: 'r1',
  replyId: '1922398765432101234',
  replyText: 'Had the same thing last month',
  conversationId: '1922301122334455667',
};

const stops: (() => void)[] = [];
afterEach(() => {
  for (const stop of stops.splice(0)) stop();
});

function listen(win: FakeWindow) {
  const got: NetworkSignal[] = [];
  const invalid: string[] = [];
  stops.push(
    listenForSignals(
      asWin(win),
      (s) => got.push(s),
      (reason) => invalid.push(reason),
    ),
  );
  return { got, invalid };
}

describe('relay', () => {
  it.each<NetworkSignal>([
    { kind: 'request-start', op: 'like', targetId: '1', requestId: 'a' },
    confirmed,
    { kind: 'confirmed', op: 'unlike', targetId: '2', requestId: 'b' },
    { kind: 'failed', op: 'reply', targetId: '3', requestId: 'c', reason: 'CreateTweet: HTTP 403' },
  ])('carries $kind $op from the MAIN world to the listener', (signal) => {
    const win = new FakeWindow();
    const { got, invalid } = listen(win);
    postSignal(asWin(win), signal);
    expect(win.posted[0]).toEqual({ data: { tag: RELAY_TAG, signal }, origin: 'https://x.com' });
    expect(got).toEqual([signal]);
    expect(invalid).toEqual([]);
  });

  it.each([
    ['a string', 'hello'],
    ['null', null],
    ['another tag', { tag: 'something-else', signal: confirmed }],
    ['no tag', { signal: confirmed }],
    ['the ping', { tag: PING_TAG }],
    ['a hello nobody listens for', { tag: HELLO_TAG, watching: [] }],
  ])('ignores %s silently', (_, data) => {
    const win = new FakeWindow();
    const { got, invalid } = listen(win);
    win.deliver(data, win);
    expect(got).toEqual([]);
    expect(invalid).toEqual([]);
  });

  it.each([
    ['no signal', { tag: RELAY_TAG }, /signal/],
    ['an unknown kind', { tag: RELAY_TAG, signal: { ...confirmed, kind: 'maybe' } }, /kind/],
    ['an unknown op', { tag: RELAY_TAG, signal: { ...confirmed, op: 'retweet' } }, /op/],
    ['a target id with a slash', { tag: RELAY_TAG, signal: { ...confirmed, targetId: '1/2' } }, /targetId/],
    ['an empty request id', { tag: RELAY_TAG, signal: { ...confirmed, requestId: '' } }, /requestId/],
    ['a failure with no reason', { tag: RELAY_TAG, signal: { ...confirmed, kind: 'failed' } }, /reason/],
    [
      'a huge reply text',
      { tag: RELAY_TAG, signal: { ...confirmed, replyText: 'x'.repeat(10_001) } },
      /replyText/,
    ],
  ])('reports a malformed message with %s', (_, data, reason) => {
    const win = new FakeWindow();
    const { got, invalid } = listen(win);
    win.deliver(data, win);
    expect(got).toEqual([]);
    expect(invalid).toHaveLength(1);
    expect(invalid[0]).toMatch(/^malformed network signal: /);
    expect(invalid[0]).toMatch(reason);
  });

  it.each([
    ['another window (an iframe)', () => new FakeWindow()],
    ['no source', () => null],
  ])('ignores messages from %s', (_, source) => {
    const win = new FakeWindow();
    const { got, invalid } = listen(win);
    win.deliver({ tag: RELAY_TAG, signal: confirmed }, source());
    expect(got).toEqual([]);
    expect(invalid).toEqual([]);
  });

  it('stops listening when asked', () => {
    const win = new FakeWindow();
    const got: NetworkSignal[] = [];
    const stop = listenForSignals(asWin(win), (s) => got.push(s));
    stop();
    postSignal(asWin(win), confirmed);
    expect(got).toEqual([]);
  });

  it('posts to "*" from an opaque origin, and never throws when posting fails', () => {
    const win = new FakeWindow();
    win.location = { origin: 'null' } as Location;
    postSignal(asWin(win), confirmed);
    expect(win.posted[0]?.origin).toBe('*');
    const debug = vi.spyOn(console, 'debug').mockImplementation(() => {});
    const broken = {
      location: { origin: 'https://x.com' },
      postMessage: () => {
        throw new Error('detached');
      },
    } as unknown as Window;
    expect(() => postSignal(broken, confirmed)).not.toThrow();
    expect(debug).toHaveBeenCalled();
    debug.mockRestore();
  });

  it('works on a real jsdom window (source is the window itself)', () => {
    const got: NetworkSignal[] = [];
    stops.push(listenForSignals(window, (s) => got.push(s)));
    const event = new MessageEvent('message', {
      data: { tag: RELAY_TAG, signal: confirmed },
      source: window,
    });
    window.dispatchEvent(event);
    expect(got).toEqual([confirmed]);
  });
});

describe('hello / ping', () => {
  it('announces on install and again on every ping', () => {
    const win = new FakeWindow();
    const hellos: unknown[] = [];
    stops.push(
      listenForSignals(
        asWin(win),
        () => {},
        undefined,
        (h) => hellos.push(h),
      ),
    );
    stops.push(announceHook(asWin(win), ['CreateTweet', 'FavoriteTweet']));
    expect(hellos).toEqual([{ tag: HELLO_TAG, watching: ['CreateTweet', 'FavoriteTweet'] }]);
    pingHook(asWin(win));
    expect(hellos).toHaveLength(2);
  });

  it('ignores a ping from another window and reports a malformed hello', () => {
    const win = new FakeWindow();
    const invalid: string[] = [];
    stops.push(announceHook(asWin(win), []));
    stops.push(
      listenForSignals(
        asWin(win),
        () => {},
        (r) => invalid.push(r),
        () => {},
      ),
    );
    const before = win.posted.length;
    win.deliver({ tag: PING_TAG }, new FakeWindow());
    expect(win.posted.length).toBe(before);
    win.deliver({ tag: HELLO_TAG, watching: 'all' }, win);
    expect(invalid[0]).toMatch(/^malformed hello: .*watching/);
  });
});
