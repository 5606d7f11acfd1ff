import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { DomSignal } from '../../../../lib/capture/signals';
import { findTweets, focusedTweet, likeButton, readTweet } from '../../../../lib/platforms/x/page';
import {
  COMPOSER_TEXTAREA,
  DIALOG,
  REPLY_BUTTON,
  TOAST,
  TWEET_BUTTON,
  TWEET_BUTTON_INLINE,
} from '../../../../lib/platforms/x/selectors';
import { createXWatcher, type XWatcher } from '../../../../lib/platforms/x/watcher';
import { FIXTURE, fixtureFile, resolveXFixture } from '../../../fixtures/x/routes';
import { nextTurn } from '../../event-loop';
import { manualClock } from '../manual-clock';

/*
 * fake-x.js in jsdom, with the watcher attached: the fixture behaves like X (GraphQL calls, optimistic
 * updates, reverts), and what the watcher sees of it is what the extension will log in e2e.
 */

type Answer = { status: number; body: unknown };
const calls: Array<{ url: string; body: Record<string, unknown> }> = [];
let answer: (url: string) => Answer;

class FakeXhr {
  status = 0;
  responseText = '';
  onload: (() => void) | null = null;
  onerror: (() => void) | null = null;
  withCredentials = false;
  private url = '';
  open(_method: string, url: string) {
    this.url = url;
  }
  setRequestHeader() {}
  send(body: string) {
    calls.push({ url: this.url, body: JSON.parse(body) });
    const a = answer(this.url);
    // Answered later, as a network answer is: on a later turn of the event loop.
    void nextTurn().then(() => {
      this.status = a.status;
      this.responseText = JSON.stringify(a.body);
      this.onload?.();
    });
  }
}

const ok = (op: string, id = '1879400000000000001'): Answer =>
  op === 'CreateTweet'
    ? { status: 200, body: { data: { create_tweet: { tweet_results: { result: { rest_id: id } } } } } }
    : {
        status: 200,
        body: { data: { [op === 'FavoriteTweet' ? 'favorite_tweet' : 'unfavorite_tweet']: 'Done' } },
      };

/** The watcher's clock, moved by hand. */
let clock = manualClock();
/** The page's answers arrive and 20 ms pass for the watcher (its likes settle in 30). */
const settle = async () => {
  await nextTurn();
  clock.advance(20);
  await nextTurn();
};
let signals: DomSignal[] = [];
let watcher: XWatcher;
const consoleError = vi.spyOn(console, 'error');

function mount(name: string) {
  const parsed = new DOMParser().parseFromString(fixtureFile(name), 'text/html');
  document.body.replaceWith(document.importNode(parsed.body, true));
}

function type(editor: Element, text: string) {
  editor.querySelector('span[data-offset-key]')!.textContent = text;
  editor.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: 'insertText', data: text }));
}

beforeAll(() => {
  vi.stubGlobal('XMLHttpRequest', FakeXhr);
  vi.stubGlobal(
    'fetch',
    vi.fn(async (url: string, init?: RequestInit) => {
      if (url.startsWith('/i/api/graphql/')) {
        calls.push({ url, body: JSON.parse(String(init?.body)) });
        const a = answer(url);
        return new Response(JSON.stringify(a.body), { status: a.status });
      }
      const page = resolveXFixture(new URL(url, 'https://x.com'));
      return new Response(page?.body ?? 'not found', { status: page ? 200 : 404 });
    }),
  );
  vi.stubGlobal('scrollTo', () => {});
  mount('status.html');
  // The page's own script, run as a classic script would be.
  new Function(fixtureFile('fake-x.js'))();
});
afterAll(() => {
  vi.unstubAllGlobals();
});

beforeEach(() => {
  calls.length = 0;
  signals = [];
  answer = (url) => ok(url.split('/').pop()!);
  watcher?.disconnect();
  mount('status.html');
  clock = manualClock();
  watcher = createXWatcher(
    document,
    {
      onDomSignal: (s) => signals.push(s),
      onError: (e) => signals.push(e as never),
    },
    { likeSettleMs: 30, timers: clock.timers, now: clock.now },
  );
});

describe('fake-x.js', () => {
  it('like: FavoriteTweet over fetch, the button flips to unlike with the count; unlike reverses', async () => {
    const focused = focusedTweet(document)!;
    likeButton(focused)!.click();
    expect(likeButton(focused)!.getAttribute('data-testid')).toBe('unlike');
    expect(likeButton(focused)!.getAttribute('aria-label')).toBe('18 Likes. Liked');
    await settle();
    expect(calls).toEqual([
      {
        url: `/i/api/graphql/${FIXTURE.queryIds.FavoriteTweet}/FavoriteTweet`,
        body: {
          variables: { tweet_id: FIXTURE.status.focusedStatusId },
          queryId: FIXTURE.queryIds.FavoriteTweet,
        },
      },
    ]);
    await settle();
    likeButton(focused)!.click();
    await settle();
    await settle();
    expect(calls[1]!.url).toBe(`/i/api/graphql/${FIXTURE.queryIds.UnfavoriteTweet}/UnfavoriteTweet`);
    expect(likeButton(focused)!.getAttribute('aria-label')).toBe('17 Likes. Like');
    expect(signals).toEqual([
      { op: 'like', targetId: FIXTURE.status.focusedStatusId },
      { op: 'unlike', targetId: FIXTURE.status.focusedStatusId },
    ]);
  });

  it.each([
    [
      'HTTP 403',
      { status: 403, body: { errors: [{ code: 139, message: 'You have already favorited this status.' }] } },
    ],
    [
      '200 with errors',
      { status: 200, body: { errors: [{ code: 144, message: 'No status found with that ID.' }] } },
    ],
  ])('a like X rejects (%s) is reverted and a toast shows', async (_, rejected) => {
    answer = () => rejected;
    const focused = focusedTweet(document)!;
    likeButton(focused)!.click();
    await settle();
    expect(likeButton(focused)!.getAttribute('data-testid')).toBe('like');
    expect(likeButton(focused)!.getAttribute('aria-label')).toBe('17 Likes. Like');
    expect(document.querySelector(TOAST)?.textContent).toMatch(/Something went wrong/);
    // X flipped the button and flipped it back: the watcher reports nothing.
    await settle();
    expect(signals).toEqual([]);
  });

  it('reply dialog: XMLHttpRequest CreateTweet with reply.in_reply_to_tweet_id, closes on success', async () => {
    const target = findTweets(document).find((a) => readTweet(a)?.id === FIXTURE.status.replyIds[0])!;
    target.querySelector<HTMLElement>(REPLY_BUTTON)!.click();
    const dialog = document.querySelector(`#layers ${DIALOG}`)!;
    const send = dialog.querySelector<HTMLButtonElement>(TWEET_BUTTON)!;
    expect(send.disabled).toBe(true);
    type(dialog.querySelector(COMPOSER_TEXTAREA)!, 'Same here, the in-app ticket worked for me');
    expect(send.disabled).toBe(false);
    send.click();
    await settle();
    expect(calls).toHaveLength(1);
    expect(calls[0]!.url).toBe(`/i/api/graphql/${FIXTURE.queryIds.CreateTweet}/CreateTweet`);
    expect(calls[0]!.body).toMatchObject({
      variables: {
        tweet_text: 'Same here, the in-app ticket worked for me',
        reply: { in_reply_to_tweet_id: FIXTURE.status.replyIds[0], exclude_reply_user_ids: [] },
      },
      queryId: FIXTURE.queryIds.CreateTweet,
    });
    expect(document.querySelector(DIALOG)).toBeNull();
    expect(signals).toEqual([
      {
        op: 'reply',
        targetId: FIXTURE.status.replyIds[0],
        text: 'Same here, the in-app ticket worked for me',
      },
    ]);
  });

  it('reply dialog: a rejected CreateTweet keeps the dialog open with a toast, and nothing is signalled', async () => {
    answer = () => ({ status: 200, body: { errors: [{ code: 187, message: 'Status is a duplicate.' }] } });
    focusedTweet(document)!.querySelector<HTMLElement>(REPLY_BUTTON)!.click();
    const dialog = document.querySelector(DIALOG)!;
    type(dialog.querySelector(COMPOSER_TEXTAREA)!, 'dup');
    dialog.querySelector<HTMLElement>(TWEET_BUTTON)!.click();
    await settle();
    expect(dialog.isConnected).toBe(true);
    expect(document.querySelector(TOAST)).not.toBeNull();
    expect(signals).toEqual([]);
  });

  it('a composer filled without input events stays disabled (Draft.js ignores textContent)', () => {
    focusedTweet(document)!.querySelector<HTMLElement>(REPLY_BUTTON)!.click();
    const dialog = document.querySelector(DIALOG)!;
    dialog.querySelector(COMPOSER_TEXTAREA)!.textContent = 'typed the wrong way';
    expect(dialog.querySelector<HTMLButtonElement>(TWEET_BUTTON)!.disabled).toBe(true);
  });

  it('inline composer: fetch CreateTweet replying to the focused tweet, then clears and shows the new reply', async () => {
    answer = (url) => ok(url.split('/').pop()!, '1879400000000000077');
    const editor = document.querySelector(`[data-testid="inline_reply_offscreen"] ${COMPOSER_TEXTAREA}`)!;
    type(editor, 'Not a scam: manual review over 2k, mine took 36h');
    document.querySelector<HTMLElement>(TWEET_BUTTON_INLINE)!.click();
    await settle();
    expect(calls[0]!.body).toMatchObject({
      variables: { reply: { in_reply_to_tweet_id: FIXTURE.status.focusedStatusId } },
    });
    expect(editor.textContent).toBe('');
    const ids = findTweets(document).map((a) => readTweet(a)?.id);
    expect(ids.indexOf('1879400000000000077')).toBe(ids.indexOf(FIXTURE.status.focusedStatusId) + 1);
    const mine = findTweets(document).find((a) => readTweet(a)?.id === '1879400000000000077')!;
    expect(readTweet(mine)).toMatchObject({
      author: FIXTURE.me.handle,
      text: 'Not a scam: manual review over 2k, mine took 36h',
    });
    expect(signals).toEqual([
      {
        op: 'reply',
        targetId: FIXTURE.status.focusedStatusId,
        text: 'Not a scam: manual review over 2k, mine took 36h',
      },
    ]);
  });

  it('inline composer: a rejected reply keeps the text and signals nothing', async () => {
    answer = () => ({
      status: 403,
      body: { errors: [{ code: 226, message: 'This request looks like it might be automated.' }] },
    });
    const editor = document.querySelector(`[data-testid="inline_reply_offscreen"] ${COMPOSER_TEXTAREA}`)!;
    type(editor, 'rejected reply');
    document.querySelector<HTMLElement>(TWEET_BUTTON_INLINE)!.click();
    await settle();
    expect(editor.textContent).toBe('rejected reply');
    expect(signals).toEqual([]);
  });

  it('navigates client-side: fetches the page, swaps the primary column, pushes history; back restores', async () => {
    const link = document.querySelector<HTMLAnchorElement>('a[data-testid="AppTabBar_Home_Link"]')!;
    link.click();
    await settle();
    expect(location.pathname).toBe('/home');
    expect(document.title).toBe('Home / X');
    expect(findTweets(document)).toHaveLength(FIXTURE.home.tweetCount);
    const fetchMock = vi.mocked(fetch);
    expect(fetchMock.mock.calls.at(-1)).toEqual([
      '/home',
      expect.objectContaining({ headers: { 'x-fixture-partial': '1' } }),
    ]);

    const permalink = document.querySelector<HTMLAnchorElement>(
      `a[href="/${FIXTURE.status2.handle}/status/${FIXTURE.status2.focusedStatusId}"]`,
    )!;
    permalink.click();
    await settle();
    expect(location.pathname).toBe(`/${FIXTURE.status2.handle}/status/${FIXTURE.status2.focusedStatusId}`);
    expect(readTweet(focusedTweet(document)!)?.id).toBe(FIXTURE.status2.focusedStatusId);

    // jsdom goes back on a task of its own: wait for its popstate, then for the page's answer.
    const popped = new Promise((resolve) => window.addEventListener('popstate', resolve, { once: true }));
    history.back();
    await popped;
    await settle();
    await settle();
    expect(location.pathname).toBe('/home');
    expect(findTweets(document)).toHaveLength(FIXTURE.home.tweetCount);
  });

  it('logged no console errors', () => {
    expect(consoleError).not.toHaveBeenCalled();
  });
});
