import { describe, expect, it } from 'vitest';
import {
  actionBar,
  composerFor,
  composerText,
  findTweets,
  focusedTweet,
  likeButton,
  likeState,
  readTweet,
  threadContext,
  tweetAuthor,
  tweetText,
} from '../../../../lib/platforms/x/page';
import { TWEET_BUTTON_INLINE } from '../../../../lib/platforms/x/selectors';
import { buildLongTimeline, FIXTURE, fixtureFile, resolveXFixture } from '../../../fixtures/x/routes';

const parse = (html: string) => new DOMParser().parseFromString(html, 'text/html');
const load = (name: string) => parse(fixtureFile(name));
const byId = (doc: Document, id: string) => findTweets(doc).find((a) => readTweet(a)?.id === id)!;

const FILES = [
  'home.html',
  'status.html',
  'status-2.html',
  'profile.html',
  'search.html',
  'notifications.html',
];

describe('readTweet on every tweet of every fixture', () => {
  it.each(FILES)('%s: every tweet (but promoted ones) reads with a consistent id, author, url', (file) => {
    const doc = load(file);
    const infos = findTweets(doc).map(readTweet);
    const read = infos.filter((i) => i !== null);
    expect(read.length).toBeGreaterThan(0);
    for (const info of read) {
      expect(info.platform).toBe('x');
      expect(info.id).toMatch(/^\d{19}$/);
      expect(info.author).toMatch(/^[A-Za-z0-9_]{1,20}$/);
      expect(info.url).toBe(`https://x.com/${info.author}/status/${info.id}`);
      expect(info.text).not.toMatch(/^\s|\s$/);
    }
    expect(new Set(read.map((i) => i.id)).size).toBe(read.length);
  });

  it('home: ids in timeline order, the promoted tweet unreadable, never a quoted or analytics id', () => {
    const doc = load('home.html');
    const infos = findTweets(doc).map(readTweet);
    expect(infos).toHaveLength(FIXTURE.home.tweetCount);
    expect(infos.filter(Boolean)).toHaveLength(FIXTURE.home.readableCount);
    expect(infos[0]?.id).toBe(FIXTURE.home.firstId);
    expect(infos[5]).toBeNull(); // promoted: no time, no permalink
    expect(infos.at(-1)?.id).toBe(FIXTURE.home.status1TweetId);
    expect(infos.map((i) => i?.id)).not.toContain(FIXTURE.home.quotedId);
  });

  it('a quote tweet reads as itself: its id, author and text, not the quoted ones', () => {
    const doc = load('home.html');
    const quote = findTweets(doc)[1]!;
    const info = readTweet(quote)!;
    expect(info.id).toBe(FIXTURE.home.quoteTweetId);
    expect(info.author).toBe(FIXTURE.home.quoteTweetHandle);
    expect(info.text).toBe(
      'Seeing this every week now. Either Kovra fixes comms or people will keep assuming the worst 👇',
    );
    expect(info.text).not.toContain('withdrawal stuck');
  });

  it('a media tweet reads its own id, not via /photo/1; a media-only tweet has empty text', () => {
    const doc = load('home.html');
    const media = byId(doc, FIXTURE.home.mediaTweetId);
    expect(readTweet(media)).toMatchObject({ author: FIXTURE.home.mediaTweetHandle, focused: false });
    expect(readTweet(media)!.text).toContain('ticket #88213');
    const only = byId(doc, FIXTURE.home.mediaOnlyTweetId);
    expect(readTweet(only)!.text).toBe('');
    expect(tweetText(only)).toBeUndefined();
  });

  it('text keeps emoji (X renders them as <img alt>), mentions, $cashtags and Russian', () => {
    const doc = load('status.html');
    const root = readTweet(byId(doc, FIXTURE.status.rootId))!;
    expect(root.text).toBe(
      'Anyone else\'s withdrawal stuck on @KovraApp for 3 days now? 😤 Status says "processing", support chat just loops. $USDT on TRC20, 2,400 USDT. Starting to get nervous tbh',
    );
    const ru = readTweet(byId(doc, FIXTURE.status.ancestorId))!;
    expect(ru.text).toBe(
      'У меня то же самое, вывод висит с понедельника. Поддержка молчит 🤷‍♂️ Кто-нибудь уже получил деньги?',
    );
    expect(ru.author).toBe(FIXTURE.status.ancestorHandle);
  });

  it('a retweeted tweet is read as the original author', () => {
    const doc = load('profile.html');
    const rt = byId(doc, FIXTURE.home.retweetedTweetId);
    expect(tweetAuthor(rt)).toBe('KovraSupport');
  });

  it('the long timeline reads 290 of 300 distinct tweets', () => {
    const ids = findTweets(parse(buildLongTimeline()))
      .map((a) => readTweet(a)?.id)
      .filter(Boolean);
    expect(ids).toHaveLength(FIXTURE.longTimeline.readableCount);
    expect(new Set(ids).size).toBe(ids.length);
  });
});

describe('status pages', () => {
  it('the focused tweet is the one with tabindex -1 (its time is under the text, not in User-Name)', () => {
    const doc = load('status.html');
    const focused = focusedTweet(doc)!;
    expect(readTweet(focused)).toEqual({
      platform: 'x',
      id: FIXTURE.status.focusedStatusId,
      author: FIXTURE.status.handle,
      text: expect.stringContaining('is this a scam or not??'),
      url: FIXTURE.status.url,
      focused: true,
    });
    expect(findTweets(doc).map((a) => readTweet(a)!.id)).toEqual([
      FIXTURE.status.rootId,
      FIXTURE.status.ancestorId,
      FIXTURE.status.focusedStatusId,
      ...FIXTURE.status.replyIds,
    ]);
    expect(focusedTweet(load('home.html'))).toBeNull();
  });

  it.each([
    [
      'status.html',
      FIXTURE.status.url,
      FIXTURE.status.focusedStatusId,
      FIXTURE.status.rootId,
      FIXTURE.status.handle,
    ],
    [
      'status.html',
      `${FIXTURE.status.url}/photo/1`,
      FIXTURE.status.focusedStatusId,
      FIXTURE.status.rootId,
      FIXTURE.status.handle,
    ],
    [
      'status-2.html',
      FIXTURE.status2.url,
      FIXTURE.status2.focusedStatusId,
      FIXTURE.status2.focusedStatusId,
      FIXTURE.status2.handle,
    ],
  ])('threadContext(%s, %s)', (file, href, targetId, conversationId, author) => {
    expect(threadContext(load(file), new URL(href))).toMatchObject({
      platform: 'x',
      targetId,
      conversationId,
      author,
      url: `https://x.com/${author}/status/${targetId}`,
    });
  });

  it('threadContext uses the URL id when the DOM has not caught up, and is undefined off status pages', () => {
    const stale = threadContext(load('home.html'), new URL('https://x.com/someone/status/123'));
    expect(stale).toEqual({ platform: 'x', targetId: '123', url: 'https://x.com/someone/status/123' });
    expect(threadContext(load('home.html'), new URL('https://x.com/home'))).toBeUndefined();
    expect(threadContext(load('home.html'), new URL('https://example.com/a/status/1'))).toBeUndefined();
  });

  it('the generic status page serves any id', () => {
    const res = resolveXFixture(new URL('https://x.com/laura_chen_btc/status/1879201557804302336'))!;
    const ctx = threadContext(
      parse(res.body),
      new URL('https://x.com/laura_chen_btc/status/1879201557804302336'),
    );
    expect(ctx).toMatchObject({
      targetId: '1879201557804302336',
      conversationId: '1879201557804302336',
      author: 'laura_chen_btc',
    });
  });

  it('the inline composer: send button → editor → text, empty while nothing is typed', () => {
    const doc = load('status.html');
    const button = doc.querySelector(TWEET_BUTTON_INLINE)!;
    const editor = composerFor(button)!;
    expect(editor.getAttribute('contenteditable')).toBe('true');
    expect(composerText(editor)).toBe('');
    editor.querySelector('span[data-offset-key]')!.innerHTML =
      '<span data-text="true">Had the same thing</span>';
    expect(composerText(editor)).toBe('Had the same thing');
  });
});

describe('actions', () => {
  it('likeState / likeButton / actionBar on liked, unliked and quote tweets', () => {
    const doc = load('home.html');
    const liked = byId(doc, FIXTURE.home.likedTweetId);
    expect(likeState(liked)).toBe('liked');
    expect(likeButton(liked)?.getAttribute('aria-label')).toBe('58 Likes. Liked');
    const quote = byId(doc, FIXTURE.home.quoteTweetId);
    expect(likeState(quote)).toBe('unliked');
    expect(actionBar(quote)?.getAttribute('role')).toBe('group');
    expect(actionBar(quote)?.contains(likeButton(quote))).toBe(true);
  });

  it('a focused tweet has its action bar too', () => {
    const doc = load('status.html');
    expect(actionBar(focusedTweet(doc)!)?.getAttribute('aria-label')).toBe(
      '5 replies, 3 reposts, 17 likes, 2 bookmarks, 5823 views',
    );
  });
});

describe('markup X has changed never throws', () => {
  const html = (inner: string) => {
    const doc = parse(`<main>${inner}</main>`);
    return doc.querySelector('article')!;
  };
  it.each([
    ['an empty article', '<article data-testid="tweet"></article>'],
    ['a time outside any link', '<article data-testid="tweet"><time>now</time></article>'],
    ['a malformed href', '<article data-testid="tweet"><a href="/status/"><time>x</time></a></article>'],
    [
      'a quoted tweet only',
      '<article data-testid="tweet"><div role="link"><a href="/q/status/9/photo/1">p</a><time>x</time></div></article>',
    ],
  ])('%s reads as null', (_, inner) => {
    const article = html(inner);
    expect(readTweet(article)).toBeNull();
    expect(tweetAuthor(article)).toBeUndefined();
    expect(tweetText(article)).toBeUndefined();
    expect(likeButton(article)).toBeNull();
    expect(likeState(article)).toBeUndefined();
    expect(actionBar(article)).toBeNull();
  });

  it('a tweet without User-Name still reads its id and the handle from the permalink', () => {
    const article = html(
      '<article data-testid="tweet"><a href="/jake/status/77"><time>x</time></a></article>',
    );
    expect(readTweet(article)).toMatchObject({ id: '77', author: 'jake', text: '' });
  });

  it('a tweet whose time vanished falls back to its own /analytics link, never the quoted one', () => {
    const article = html(
      '<article data-testid="tweet"><div role="link"><a href="/q/status/9/photo/1">p</a></div><a href="/jake/status/77/analytics">v</a></article>',
    );
    expect(readTweet(article)?.id).toBe('77');
  });
});
