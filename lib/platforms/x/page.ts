import { LazyPost, type PostReader } from '../lazy-post';
import type { PostInfo, ThreadContext } from '../types';
import {
  ACTION_BAR,
  COMPOSER_BLOCK,
  COMPOSER_TEXTAREA,
  FOCUSED_TWEET,
  LIKE_OR_UNLIKE_BUTTON,
  OWN_PERMALINK_TIME,
  PRIMARY_COLUMN,
  REPLY_BUTTON,
  STATUS_LINK,
  TESTID_ATTRIBUTE,
  TESTID_LIKE,
  TESTID_UNLIKE,
  TWEET,
  TWEET_OR_QUOTE_CARD,
  TWEET_TEXT,
  USER_HANDLE_LINK,
  USER_NAME,
} from './selectors';
import { parseXUrl, statusIdFromHref, statusUrl } from './url';

/*
 * Reading x.com's markup. Everything here is pure and forgiving: when X changes its markup a function
 * returns null/undefined instead of throwing, and the caller decides whether to report it.
 */

const HANDLE_PATH = /^\/([A-Za-z0-9_]{1,20})$/;

export function findTweets(root: ParentNode): HTMLElement[] {
  return Array.from(root.querySelectorAll<HTMLElement>(TWEET));
}

/**
 * Whether `el` inside `article` belongs to the tweet itself: not to a quoted tweet's card and not to a
 * tweet nested deeper (X does not nest articles today, but a reused cell might). The nearest tweet or
 * card above it must be the article.
 */
function isOwn(article: Element, el: Element): boolean {
  return el.closest(TWEET_OR_QUOTE_CARD) === article;
}

/** Matches inside `article` that belong to the tweet itself. */
function ownMatches(article: Element, selector: string): Element[] {
  return Array.from(article.querySelectorAll(selector)).filter((el) => isOwn(article, el));
}

function ownFirst(article: Element, selector: string): Element | undefined {
  const found = article.querySelectorAll(selector);
  for (let i = 0; i < found.length; i++) {
    const el = found[i] as Element;
    if (isOwn(article, el)) return el;
  }
  return undefined;
}

function pathOf(href: string | null): string | undefined {
  if (!href) return undefined;
  try {
    return new URL(href, 'https://x.com').pathname;
  } catch {
    return undefined;
  }
}

/** The tweet's own status link and what it names, from a `time` inside a status link of the article. */
function linkOfTime(article: Element, time: Element): { handle: string; id: string } | null {
  if (!isOwn(article, time)) return null;
  return statusIdFromHref(time.closest(STATUS_LINK)?.getAttribute('href'));
}

/**
 * The tweet's own permalink: its `time` sits inside it (a quote card's time is in no link). The first
 * such time answers for nearly every tweet: one look-up that stops there (issue 10: the permalink was
 * the largest part of reading a tweet), every match only when it does not.
 */
function permalink(article: Element): { handle: string; id: string } | null {
  const first = article.querySelector(OWN_PERMALINK_TIME);
  if (!first) return permalinkWithoutTime(article);
  const parsed = linkOfTime(article, first);
  if (parsed) return parsed;
  const times = article.querySelectorAll(OWN_PERMALINK_TIME);
  for (let i = 1; i < times.length; i++) {
    const again = linkOfTime(article, times[i] as Element);
    if (again) return again;
  }
  return permalinkWithoutTime(article);
}

/**
 * Some tweets (edited-tweet notices, unusual layouts) lack a time in a link; any own status link still
 * names the tweet's own id, /analytics and /photo/1 included, since the quote card was filtered out.
 */
function permalinkWithoutTime(article: Element): { handle: string; id: string } | null {
  for (const link of Array.from(article.querySelectorAll(STATUS_LINK))) {
    if (!isOwn(article, link)) continue;
    const parsed = statusIdFromHref(link.getAttribute('href'));
    if (parsed) return parsed;
  }
  return null;
}

export function tweetId(article: Element): string | undefined {
  return permalink(article)?.id;
}

export function tweetAuthor(article: Element): string | undefined {
  const name = ownFirst(article, USER_NAME);
  if (!name) return undefined;
  for (const link of Array.from(name.querySelectorAll(USER_HANDLE_LINK))) {
    const m = HANDLE_PATH.exec(pathOf(link.getAttribute('href')) ?? '');
    if (m?.[1]) return m[1];
    const text = link.textContent?.trim() ?? '';
    if (/^@[A-Za-z0-9_]{1,20}$/.test(text)) return text.slice(1);
  }
  return undefined;
}

/** Visible text, with X's emoji images (`<img alt="🔥">`) read as their characters. */
export function visibleText(el: Element): string {
  let out = '';
  const walk = (node: Node): void => {
    for (const child of Array.from(node.childNodes)) {
      if (child.nodeType === 3) out += child.nodeValue ?? '';
      else if (child.nodeType === 1) {
        const e = child as Element;
        if (e.tagName === 'IMG') out += e.getAttribute('alt') ?? '';
        else if (e.tagName === 'BR') out += '\n';
        else walk(e);
      }
    }
  };
  walk(el);
  return out;
}

export function tweetText(article: Element): string | undefined {
  const text = ownFirst(article, TWEET_TEXT);
  return text ? visibleText(text).trim() : undefined;
}

export function isFocused(article: Element): boolean {
  return article.getAttribute('tabindex') === '-1';
}

const TWEET_READER: PostReader = { author: tweetAuthor, text: tweetText, id: tweetId };

/**
 * The tweet an article shows, its author and text read when first asked for (lib/platforms/lazy-post.ts):
 * what the watcher reports for every tweet X mounts.
 */
export function tweetPost(article: Element): LazyPost | null {
  const link = permalink(article);
  if (!link) return null;
  return new LazyPost(
    { platform: 'x', id: link.id, url: statusUrl(link.handle, link.id), focused: isFocused(article) },
    article,
    TWEET_READER,
    // The permalink names the author too: what a cell X has since unmounted still tells.
    link.handle,
  );
}

/** The tweet an article shows, author and text read now (a plain record: the thread on screen, tests). */
export function readTweet(article: Element): PostInfo | null {
  const post = tweetPost(article);
  if (!post) return null;
  const { platform, id, url, focused } = post;
  return { platform, id, author: post.author, text: post.text, url, focused };
}

export function focusedTweet(doc: Document): HTMLElement | null {
  return doc.querySelector<HTMLElement>(FOCUSED_TWEET);
}

/**
 * The thread a status page is about. The URL is the truth for the target (after client-side navigation
 * the old DOM can linger); the DOM adds the author, text and the conversation root, which X shows as
 * the first tweet above the focused one. Undefined off status pages.
 */
export function threadContext(doc: Document, url: URL): ThreadContext | undefined {
  const page = parseXUrl(url);
  if (page?.kind !== 'status' || !page.focusedId) return undefined;
  const targetId = page.focusedId;
  const base: ThreadContext = { platform: 'x', targetId, url: statusUrl(page.handle ?? 'i', targetId) };

  const column = doc.querySelector(PRIMARY_COLUMN) ?? doc;
  const tweets = findTweets(column);
  const target =
    tweets.find((t) => isFocused(t) && tweetId(t) === targetId) ??
    tweets.find((t) => tweetId(t) === targetId);
  if (!target) return base;

  const info = readTweet(target);
  const first = tweets[0];
  const rootId = first && first !== target && precedes(first, target) ? tweetId(first) : undefined;
  return {
    ...base,
    url: info?.url ?? base.url,
    author: info?.author,
    text: info?.text,
    conversationId: rootId ?? targetId,
  };
}

function precedes(a: Node, b: Node): boolean {
  // 2 = Node.DOCUMENT_POSITION_PRECEDING (no Node global needed outside a browser).
  return (b.compareDocumentPosition(a) & 2) !== 0;
}

export function actionBar(article: Element): HTMLElement | null {
  const anchor = ownFirst(article, REPLY_BUTTON) ?? ownFirst(article, LIKE_OR_UNLIKE_BUTTON);
  const group = anchor?.closest<HTMLElement>(ACTION_BAR);
  if (group && article.contains(group)) return group;
  const groups = ownMatches(article, ACTION_BAR);
  return (groups[groups.length - 1] as HTMLElement | undefined) ?? null;
}

export function likeButton(article: Element): HTMLElement | null {
  return (ownFirst(article, LIKE_OR_UNLIKE_BUTTON) as HTMLElement | undefined) ?? null;
}

export function likeState(article: Element): 'liked' | 'unliked' | undefined {
  const testid = likeButton(article)?.getAttribute(TESTID_ATTRIBUTE);
  if (testid === TESTID_UNLIKE) return 'liked';
  if (testid === TESTID_LIKE) return 'unliked';
  return undefined;
}

/** The composer editor next to a send button: the nearest ancestor that contains one. */
export function composerFor(button: Element, maxDepth = 20): HTMLElement | null {
  let el: Element | null = button.parentElement;
  for (let i = 0; el && i < maxDepth; i++, el = el.parentElement) {
    const editor = el.querySelector<HTMLElement>(COMPOSER_TEXTAREA);
    if (editor) return editor;
  }
  return null;
}

/** Draft.js keeps one block per line; without blocks fall back to the plain text. */
export function composerText(editor: Element): string {
  const blocks = Array.from(editor.querySelectorAll(COMPOSER_BLOCK));
  const text = blocks.length > 0 ? blocks.map((b) => visibleText(b)).join('\n') : visibleText(editor);
  return text.trim();
}
