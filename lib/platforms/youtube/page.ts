import { LazyPost, type PostReader } from '../lazy-post';
import type { PostInfo, ThreadContext } from '../types';
import {
  ACTION_BUTTONS,
  ACTIVE_SHORT,
  AUTHOR_LINK,
  CHANNEL_LINK,
  COMMENT,
  COMMENT_LIKE_BUTTON,
  COMMENT_THREAD,
  COMMENTBOX,
  COMMENTBOX_EDITOR,
  CONTENT_TEXT,
  PUBLISHED_LINK,
  REPLIES,
  REPLIES_OR_THREAD,
  REPLY_DIALOG,
  SHORT_CHANNEL_LINK,
  SHORT_TITLE,
  VIDEO_ID_ATTRIBUTE,
  VIDEO_LIKE_BUTTON,
  VIDEO_TITLE,
  WATCH_FLEXY,
  WATCH_METADATA,
} from './selectors';
import {
  COMMENT_ID,
  commentIdFromHref,
  commentUrl,
  parseYoutubeUrl,
  shortsUrl,
  VIDEO_ID,
  watchUrl,
} from './url';

/*
 * Reading youtube.com's markup. Pure and forgiving: when YouTube changes its markup a function returns
 * null/undefined instead of throwing, and the caller decides whether to report it.
 */

export function findComments(root: ParentNode): HTMLElement[] {
  return Array.from(findCommentList(root));
}

/** The same as a NodeList, for loops that run per added node (issue 10). */
export function findCommentList(root: ParentNode): NodeListOf<HTMLElement> {
  return root.querySelectorAll<HTMLElement>(COMMENT);
}

/**
 * First match. Not querySelector for a selector naming an id: YouTube repeats ids, and some engines
 * (jsdom) answer `#id` lookups from a document-wide id index that only knows the first element with
 * that id. Without an id, querySelector: it stops at the first match, where querySelectorAll walked
 * the whole document (issue 10: ~1 ms per look-up of the watch page's root on a page of 1,000 comments).
 */
export function first<T extends Element = Element>(root: ParentNode, selector: string): T | null {
  if (!selector.includes('#')) return root.querySelector<T>(selector);
  return root.querySelectorAll<T>(selector)[0] ?? null;
}

/** Matches that belong to this comment, not to one nested in it (old layouts nested replies). */
function own(comment: Element, selector: string): Element | undefined {
  return Array.from(comment.querySelectorAll(selector)).find((el) => el.closest(COMMENT) === comment);
}

export function commentId(comment: Element): string | undefined {
  return commentIdFromHref(own(comment, PUBLISHED_LINK)?.getAttribute('href'));
}

/** `@handle` from the channel link; a channel without a handle falls back to its shown name. */
export function commentAuthor(comment: Element): string | undefined {
  const link = own(comment, AUTHOR_LINK);
  if (!link) return undefined;
  return handleOf(link);
}

function handleOf(link: Element): string | undefined {
  const path = (link.getAttribute('href') ?? '').split(/[?#]/)[0] ?? '';
  const m = /^\/(@[\w.-]{1,100})$/.exec(path);
  if (m?.[1]) return decodeURIComponent(m[1]);
  const text = link.textContent?.trim();
  return text ? text.slice(0, 100) : undefined;
}

/** Visible text; YouTube renders emoji as `<img alt="🔥">`. */
export function visibleText(el: Element): string {
  let out = '';
  const walk = (node: Node): void => {
    for (const child of Array.from(node.childNodes)) {
      if (child.nodeType === 3) out += child.nodeValue ?? '';
      else if (child.nodeType === 1) {
        const e = child as Element;
        if (e.tagName === 'IMG') out += e.getAttribute('alt') ?? '';
        else if (e.tagName === 'BR') out += '\n';
        else if (e.tagName === 'DIV' && out !== '' && !out.endsWith('\n')) {
          // contenteditable puts each new line in its own div.
          out += '\n';
          walk(e);
        } else walk(e);
      }
    }
  };
  walk(el);
  return out;
}

export function commentText(comment: Element): string | undefined {
  const text = own(comment, CONTENT_TEXT);
  return text ? visibleText(text).trim() : undefined;
}

export function isReply(comment: Element): boolean {
  // Replies sit in a replies block inside their thread; a thread is never inside a replies block.
  return comment.closest(REPLIES_OR_THREAD)?.matches(REPLIES) ?? false;
}

/** The top-level comment of the thread `comment` is in (itself when it is top-level). */
export function threadRoot(comment: Element): Element | null {
  if (!isReply(comment)) return comment;
  const thread = comment.closest(COMMENT_THREAD);
  if (!thread) return null;
  return findComments(thread).find((c) => !isReply(c)) ?? null;
}

/**
 * The id of the top-level comment heading the thread `postId` is in; undefined for a top-level comment,
 * the video, or an id the page does not know. The page first; for a reply not rendered (any more),
 * its id, which YouTube builds as `<thread id>.<own part>`.
 */
export function threadRootId(doc: Document, postId: string): string | undefined {
  const el = findComments(doc).find((c) => commentId(c) === postId);
  const root = el ? threadRoot(el) : null;
  const id = root ? commentId(root) : undefined;
  if (id) return id === postId ? undefined : id;
  const dot = postId.indexOf('.');
  return dot > 0 && COMMENT_ID.test(postId) ? postId.slice(0, dot) : undefined;
}

/**
 * Which video the rendered page is about: the watch page's own `video-id` (YouTube updates it when the
 * new video has rendered), else the URL. During navigation the two differ, and the DOM is stale.
 */
export function renderedVideoId(doc: Document): string | undefined {
  const attr = first(doc, WATCH_FLEXY)?.getAttribute(VIDEO_ID_ATTRIBUTE);
  return attr && VIDEO_ID.test(attr) ? attr : undefined;
}

export function currentVideoId(doc: Document, url?: URL): string | undefined {
  const page = url ? parseYoutubeUrl(url) : locationPage(doc);
  if (page?.kind === 'shorts') return page.focusedId;
  return renderedVideoId(doc) ?? page?.focusedId;
}

function locationPage(doc: Document) {
  try {
    const href = doc.location?.href;
    return href ? parseYoutubeUrl(new URL(href)) : null;
  } catch {
    return null;
  }
}

const COMMENT_READER: PostReader = { author: commentAuthor, text: commentText, id: commentId };

export function readComment(comment: Element, videoId: string | undefined): PostInfo | null {
  const id = commentId(comment);
  if (!id) return null;
  // Author and text when first asked for (lib/platforms/lazy-post.ts): most comments never are.
  return new LazyPost(
    {
      platform: 'youtube',
      id,
      url: videoId ? commentUrl(videoId, id) : `https://www.youtube.com/watch?lc=${encodeURIComponent(id)}`,
      focused: false,
    },
    comment,
    COMMENT_READER,
  );
}

function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}

export interface VideoInfo {
  /** The element standing for the video: the watch metadata, or the active Short. */
  element: HTMLElement;
  post: PostInfo;
}

/**
 * The video the page shows, read from the DOM only when the DOM is about `videoId`: right after a
 * client-side navigation YouTube still shows the previous title and channel.
 */
export function readVideo(doc: Document, url: URL): VideoInfo | null {
  const page = parseYoutubeUrl(url);
  const id = page?.focusedId;
  if (!id) return null;
  if (page.kind === 'shorts') {
    const short = first<HTMLElement>(doc, ACTIVE_SHORT);
    if (!short) return null;
    const title = first(short, SHORT_TITLE);
    const channel = first(short, SHORT_CHANNEL_LINK);
    return {
      element: short,
      post: {
        platform: 'youtube',
        id,
        ...optional('author', channel ? handleOf(channel) : undefined),
        text: title ? visibleText(title).trim() : '',
        url: shortsUrl(id),
        focused: true,
      },
    };
  }
  const rendered = renderedVideoId(doc);
  if (rendered !== undefined && rendered !== id) return null;
  const meta = first<HTMLElement>(doc, WATCH_METADATA);
  if (!meta) return null;
  const title = first(meta, VIDEO_TITLE);
  const channel = first(meta, CHANNEL_LINK);
  return {
    element: meta,
    post: {
      platform: 'youtube',
      id,
      ...optional('author', channel ? handleOf(channel) : undefined),
      text: title ? visibleText(title).trim() : '',
      url: watchUrl(id),
      focused: true,
    },
  };
}

/**
 * The thread a watch page or Short is about: the video (target and conversation). The URL is the truth
 * for the id; the DOM adds title and channel when it already shows that video. Undefined elsewhere.
 */
export function threadContext(doc: Document, url: URL): ThreadContext | undefined {
  const page = parseYoutubeUrl(url);
  if ((page?.kind !== 'watch' && page?.kind !== 'shorts') || !page.focusedId) return undefined;
  const id = page.focusedId;
  const video = readVideo(doc, url)?.post;
  return {
    platform: 'youtube',
    targetId: id,
    conversationId: id,
    url: page.kind === 'shorts' ? shortsUrl(id) : watchUrl(id),
    ...optional('author', video?.author),
    ...(video?.text ? { text: video.text } : {}),
  };
}

export function actionButtons(comment: Element): HTMLElement | null {
  return (own(comment, ACTION_BUTTONS) as HTMLElement | undefined) ?? null;
}

export function commentLikeButton(comment: Element): HTMLElement | null {
  return (own(comment, COMMENT_LIKE_BUTTON) as HTMLElement | undefined) ?? null;
}

export function videoLikeButtons(doc: Document): HTMLElement[] {
  return Array.from(doc.querySelectorAll<HTMLElement>(VIDEO_LIKE_BUTTON)).filter(
    (b) => b.closest(COMMENT) === null,
  );
}

export function isPressed(button: Element): boolean {
  return button.getAttribute('aria-pressed') === 'true';
}

export function commentboxEditor(box: Element): HTMLElement | null {
  return first<HTMLElement>(box, COMMENTBOX_EDITOR);
}

export function editorText(editor: Element): string {
  return visibleText(editor).trim();
}

/**
 * What a comment box posts: a reply to the comment whose reply dialog holds it, or a top-level comment.
 * YouTube threads are one level deep, so a reply to a reply goes to the thread's top-level comment.
 */
export function commentboxTarget(
  box: Element,
): { kind: 'reply'; comment: Element } | { kind: 'comment' } | null {
  if (!box.matches(COMMENTBOX)) return null;
  const dialog = box.closest(REPLY_DIALOG);
  if (!dialog) return { kind: 'comment' };
  const comment = dialog.closest(COMMENT);
  const root = comment ? threadRoot(comment) : null;
  return root ? { kind: 'reply', comment: root } : null;
}
