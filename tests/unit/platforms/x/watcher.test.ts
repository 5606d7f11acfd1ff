import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { DomSignal } from '../../../../lib/capture/signals';
import type { PostInfo } from '../../../../lib/platforms/types';
import { placeBadge } from '../../../../lib/platforms/x/badge';
import { findTweets, focusedTweet, likeButton, readTweet } from '../../../../lib/platforms/x/page';
import {
  CELL,
  COMPOSER_TEXTAREA,
  LAYERS,
  REPLY_BUTTON,
  TWEET_BUTTON,
  TWEET_BUTTON_INLINE,
} from '../../../../lib/platforms/x/selectors';
import { createXWatcher, type XWatcher } from '../../../../lib/platforms/x/watcher';
import { FIXTURE, fixtureFile } from '../../../fixtures/x/routes';
import { nextTurn } from '../../event-loop';
import { manualClock } from '../manual-clock';

/** Lets the MutationObserver deliver. */
const flush = nextTurn;

function mount(name: string) {
  const parsed = new DOMParser().parseFromString(fixtureFile(name), 'text/html');
  document.body.replaceWith(document.importNode(parsed.body, true));
}

const byId = (id: string) => findTweets(document).find((a) => readTweet(a)?.id === id)!;

/** What a user typing does to a Draft.js editor: text in the block, then an input event. */
function type(editor: Element, text: string) {
  editor.querySelector('span[data-offset-key]')!.innerHTML = `<span data-text="true">${text}</span>`;
  editor.dispatchEvent(new Event('input', { bubbles: true }));
}

/** What X does after a sent reply: the editor is rebuilt empty, no input event. */
function clearByX(editor: Element) {
  editor.querySelector('span[data-offset-key]')!.innerHTML = '<br data-text="true">';
}

function enable(button: Element) {
  button.removeAttribute('disabled');
  button.setAttribute('aria-disabled', 'false');
}

/** Opens the reply dialog the way fake-x.js (and X) render it into #layers. */
function openDialog(): HTMLElement {
  const template = document.querySelector<HTMLTemplateElement>('#fake-x-reply-dialog')!;
  const el = template.content.firstElementChild!.cloneNode(true) as HTMLElement;
  document.querySelector(LAYERS)!.appendChild(el);
  return el;
}

describe('createXWatcher', () => {
  let watcher: XWatcher | undefined;
  let tweets: Array<[HTMLElement, PostInfo]>;
  let signals: DomSignal[];
  let errors: unknown[];
  let clock: number;
  /** The watcher's timers (the like settling, the composer poll), moved by hand. */
  let time: ReturnType<typeof manualClock>;

  const start = (options = {}) => {
    watcher = createXWatcher(
      document,
      {
        onTweet: (article, info) => tweets.push([article, info]),
        onDomSignal: (s) => signals.push(s),
        onError: (e) => errors.push(e),
      },
      { now: () => clock, timers: time.timers, likeSettleMs: 0, ...options },
    );
  };

  beforeEach(() => {
    tweets = [];
    signals = [];
    errors = [];
    clock = 1_000_000;
    time = manualClock();
  });
  afterEach(() => {
    watcher?.disconnect();
    watcher = undefined;
    expect(errors).toEqual([]);
  });

  describe('tweets', () => {
    beforeEach(() => mount('home.html'));

    it('reports every tweet on the page once, and rescan does not repeat them', async () => {
      start();
      expect(tweets).toHaveLength(FIXTURE.home.readableCount);
      expect(tweets[0]![1].id).toBe(FIXTURE.home.firstId);
      watcher!.rescan();
      watcher!.rescan();
      await flush();
      expect(tweets).toHaveLength(FIXTURE.home.readableCount);
    });

    it('reports a tweet added later once; moving, badging or re-rendering it reports nothing', async () => {
      start();
      tweets = [];
      const timeline = document.querySelector(CELL)!.parentElement!;
      const cell = document.querySelector(CELL)!.cloneNode(true) as HTMLElement;
      for (const a of Array.from(cell.querySelectorAll('a[href*="/status/"]'))) {
        a.setAttribute('href', a.getAttribute('href')!.replace(FIXTURE.home.firstId, '1879999999999999999'));
      }
      timeline.append(cell);
      await flush();
      expect(tweets.map(([, i]) => i.id)).toEqual(['1879999999999999999']);

      timeline.prepend(cell); // virtualised list moving a row
      const article = cell.querySelector('article')!;
      placeBadge(article, { label: 'Needs support', onOpen: () => {} });
      article.querySelector('[data-testid="tweetText"]')!.append(' (edited)');
      await flush();
      expect(tweets).toHaveLength(1);
    });

    it('an article recycled for another tweet is reported again', async () => {
      start();
      tweets = [];
      const article = findTweets(document)[0]!;
      const link = article.querySelector('time')!.closest('a')!;
      const replacement = link.cloneNode(true) as HTMLElement;
      replacement.setAttribute('href', '/someone/status/1879000000000000001');
      link.replaceWith(replacement);
      await flush();
      expect(tweets.map(([a, i]) => [a, i.id])).toEqual([[article, '1879000000000000001']]);
    });

    it('work is proportional to what changed: no document-wide query per mutation', async () => {
      mount('home.html');
      start();
      const spy = vi.spyOn(document, 'querySelectorAll');
      const spyOne = vi.spyOn(document, 'querySelector');
      const timeline = document.querySelector(CELL)!.parentElement!;
      spyOne.mockClear();
      for (let i = 0; i < 20; i++) timeline.append(document.createElement('div'));
      document.body.append(document.createElement('span'));
      await flush();
      expect(spy).not.toHaveBeenCalled();
      expect(spyOne).not.toHaveBeenCalled();
      spy.mockRestore();
      spyOne.mockRestore();
    });

    it('a handler that throws is reported and the others still run', () => {
      let calls = 0;
      watcher = createXWatcher(document, {
        onTweet: () => {
          calls++;
          throw new Error('boom');
        },
        onError: () => {},
      });
      expect(calls).toBe(FIXTURE.home.readableCount);
    });
  });

  describe('likes', () => {
    beforeEach(() => mount('home.html'));

    it('like → unlike on the same button is a like; back is an unlike', async () => {
      start();
      const button = likeButton(byId(FIXTURE.home.firstId))!;
      button.setAttribute('data-testid', 'unlike');
      await flush();
      button.setAttribute('data-testid', 'like');
      await flush();
      expect(signals).toEqual([
        { op: 'like', targetId: FIXTURE.home.firstId },
        { op: 'unlike', targetId: FIXTURE.home.firstId },
      ]);
    });

    it('a like X reverts before it settles (its request failed) is not reported', async () => {
      start({ likeSettleMs: 40 });
      const button = likeButton(byId(FIXTURE.home.firstId))!;
      button.setAttribute('data-testid', 'unlike');
      await flush();
      button.setAttribute('data-testid', 'like');
      await flush();
      time.advance(80);
      expect(signals).toEqual([]);
      button.setAttribute('data-testid', 'unlike');
      await flush();
      time.advance(80);
      expect(signals).toEqual([{ op: 'like', targetId: FIXTURE.home.firstId }]);
    });

    it('unliking the already-liked tweet', async () => {
      start();
      likeButton(byId(FIXTURE.home.likedTweetId))!.setAttribute('data-testid', 'like');
      await flush();
      expect(signals).toEqual([{ op: 'unlike', targetId: FIXTURE.home.likedTweetId }]);
    });

    it('a render that swaps the button element counts too', async () => {
      start();
      const old = likeButton(byId(FIXTURE.home.quoteTweetId))!;
      const swapped = old.cloneNode(true) as HTMLElement;
      swapped.setAttribute('data-testid', 'unlike');
      old.replaceWith(swapped);
      await flush();
      expect(signals).toEqual([{ op: 'like', targetId: FIXTURE.home.quoteTweetId }]);
    });

    it('tweets that arrive already liked, and other testid changes, are not likes', async () => {
      start();
      const cell = byId(FIXTURE.home.likedTweetId).closest(CELL)!;
      cell.parentElement!.append(cell.cloneNode(true));
      byId(FIXTURE.home.firstId)
        .querySelector('[data-testid="retweet"]')!
        .setAttribute('data-testid', 'unretweet');
      await flush();
      expect(signals).toEqual([]);
    });
  });

  describe('replies through the dialog', () => {
    beforeEach(() => mount('home.html'));

    const replyVia = async (targetId: string, text: string) => {
      byId(targetId).querySelector<HTMLElement>(REPLY_BUTTON)!.click();
      const dialog = openDialog();
      await flush();
      type(dialog.querySelector(COMPOSER_TEXTAREA)!, text);
      const send = dialog.querySelector<HTMLElement>(TWEET_BUTTON)!;
      enable(send);
      send.click();
      await flush();
      return dialog;
    };

    it('a reply is signalled when the dialog closes after send', async () => {
      start();
      const dialog = await replyVia(FIXTURE.home.mediaTweetId, 'Had the same, open a ticket from the app 🙏');
      expect(signals).toEqual([]);
      dialog.remove();
      await flush();
      expect(signals).toEqual([
        {
          op: 'reply',
          targetId: FIXTURE.home.mediaTweetId,
          text: 'Had the same, open a ticket from the app 🙏',
        },
      ]);
    });

    it('a dialog that stays open (X showed an error) signals nothing, even if closed later', async () => {
      start({ replyWindowMs: 15_000 });
      const dialog = await replyVia(FIXTURE.home.mediaTweetId, 'this will fail');
      clock += 16_000;
      time.advance(300); // one poll
      dialog.remove();
      await flush();
      expect(signals).toEqual([]);
    });

    it('editing after a failed send, then closing, signals nothing', async () => {
      start();
      const dialog = await replyVia(FIXTURE.home.mediaTweetId, 'first try');
      type(dialog.querySelector(COMPOSER_TEXTAREA)!, 'second try');
      dialog.remove();
      await flush();
      expect(signals).toEqual([]);
    });

    it('a dialog the reply button did not open (a new post) is not a reply', async () => {
      start();
      byId(FIXTURE.home.firstId).querySelector<HTMLElement>(REPLY_BUTTON)!.click();
      const cancelled = openDialog();
      await flush();
      cancelled.remove(); // closed without sending
      await flush();
      const post = openDialog();
      type(post.querySelector(COMPOSER_TEXTAREA)!, 'gm');
      const send = post.querySelector<HTMLElement>(TWEET_BUTTON)!;
      enable(send);
      send.click();
      post.remove();
      await flush();
      expect(signals).toEqual([]);
    });

    it('a disabled send button does nothing', async () => {
      start();
      byId(FIXTURE.home.firstId).querySelector<HTMLElement>(REPLY_BUTTON)!.click();
      const dialog = openDialog();
      await flush();
      dialog.querySelector(TWEET_BUTTON)!.dispatchEvent(new MouseEvent('click', { bubbles: true }));
      dialog.remove();
      await flush();
      expect(signals).toEqual([]);
    });
  });

  describe('replies through the inline composer', () => {
    beforeEach(() => mount('status.html'));

    const composer = () => {
      const send = document.querySelector<HTMLElement>(TWEET_BUTTON_INLINE)!;
      const editor = document.querySelector<HTMLElement>(
        `[data-testid="inline_reply_offscreen"] ${COMPOSER_TEXTAREA}`,
      )!;
      return { send, editor };
    };

    it('is signalled for the focused tweet when X clears the composer', async () => {
      start();
      const { send, editor } = composer();
      type(editor, 'Not a scam, mine took 36h. Open a ticket in the app.');
      enable(send);
      send.click();
      await flush();
      expect(signals).toEqual([]);
      clearByX(editor);
      await flush();
      expect(signals).toEqual([
        {
          op: 'reply',
          targetId: FIXTURE.status.focusedStatusId,
          text: 'Not a scam, mine took 36h. Open a ticket in the app.',
        },
      ]);
      expect(readTweet(focusedTweet(document)!)?.id).toBe(FIXTURE.status.focusedStatusId);
    });

    it('Ctrl+Enter sends like the button', async () => {
      start();
      const { send, editor } = composer();
      type(editor, 'via keyboard');
      enable(send);
      editor.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', ctrlKey: true, bubbles: true }));
      clearByX(editor);
      await flush();
      expect(signals).toEqual([
        { op: 'reply', targetId: FIXTURE.status.focusedStatusId, text: 'via keyboard' },
      ]);
    });

    it('a composer that keeps its text (X failed) signals nothing', async () => {
      start({ replyWindowMs: 50 });
      const { send, editor } = composer();
      type(editor, 'rejected');
      enable(send);
      send.click();
      await flush();
      time.advance(30);
      clock += 100;
      time.advance(300);
      clearByX(editor); // later, the user gives up
      await flush();
      expect(signals).toEqual([]);
    });

    it('the home composer is a new post, not a reply', async () => {
      mount('home.html');
      start();
      const send = document.querySelector<HTMLElement>(TWEET_BUTTON_INLINE)!;
      const editor = document.querySelector<HTMLElement>(COMPOSER_TEXTAREA)!;
      type(editor, 'gm');
      enable(send);
      send.click();
      clearByX(editor);
      await flush();
      expect(signals).toEqual([]);
    });
  });

  it('disconnect stops observing and listening', async () => {
    mount('status.html');
    start();
    watcher!.disconnect();
    tweets = [];
    likeButton(focusedTweet(document)!)!.setAttribute('data-testid', 'unlike');
    const cell = document.querySelector(CELL)!;
    cell.parentElement!.append(cell.cloneNode(true));
    await flush();
    expect(signals).toEqual([]);
    expect(tweets).toEqual([]);
  });

  it('client-side navigation: a swapped column reports the new page’s tweets, once each', async () => {
    mount('home.html');
    start();
    tweets = [];
    const next = new DOMParser().parseFromString(fixtureFile('status.html'), 'text/html');
    const column = document.querySelector('[data-testid="primaryColumn"]')!;
    column.replaceChildren(
      ...Array.from(next.querySelector('[data-testid="primaryColumn"]')!.childNodes, (n) =>
        document.importNode(n, true),
      ),
    );
    await flush();
    watcher!.rescan();
    expect(tweets.map(([, i]) => i.id)).toEqual([
      FIXTURE.status.rootId,
      FIXTURE.status.ancestorId,
      FIXTURE.status.focusedStatusId,
      ...FIXTURE.status.replyIds,
    ]);
  });
});
