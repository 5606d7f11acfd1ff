import type { DomSignal } from '../../capture/signals';
import { isElement, isEnabled } from '../dom';
import {
  createPageWatcher,
  type PageWatcher,
  type PageWatcherHandlers,
  type WatcherKit,
} from '../page-watcher';
import type { Timers } from '../timers';
import type { PostInfo } from '../types';
import { composerFor, composerText, findTweets, focusedTweet, tweetId, tweetPost } from './page';
import {
  COMPOSER_TEXTAREA,
  DIALOG,
  LAYERS,
  LIKE_BUTTON,
  REPLY_BUTTON,
  TESTID_ATTRIBUTE,
  TESTID_LIKE,
  TESTID_UNLIKE,
  TWEET,
  TWEET_BUTTON,
  TWEET_BUTTON_INLINE,
  UNLIKE_BUTTON,
} from './selectors';

export interface XWatcherHandlers extends Omit<PageWatcherHandlers, 'onPost'> {
  /**
   * Once per (article element, status id): a reused article showing another tweet is reported again.
   * Returning false means "not taken in for good yet" (the app is not up): reported again when next seen.
   */
  onTweet?: (article: HTMLElement, info: PostInfo) => unknown;
}

export interface XWatcherOptions {
  /** How long after "send" a closing / clearing composer still counts as the reply going out. */
  replyWindowMs?: number;
  /**
   * X flips the like button before its request returns and flips it back if it fails; a flip is only
   * reported once it has held this long. 0 reports at once.
   */
  likeSettleMs?: number;
  now?: () => number;
  /** The page's timers by default; tests move a clock by hand. */
  timers?: Timers;
}

export type XWatcher = PageWatcher;

const MAX_TEXT = 10_000;

interface ReplyTarget {
  targetId: string;
  /** The dialog the reply button opened, once it has appeared. */
  dialog?: Element;
}

/**
 * Follows x.com on the shared watcher skeleton (lib/platforms/page-watcher.ts): tweets as X renders
 * them, like flips (X swaps the button's data-testid, or the button itself), and replies sent from the
 * reply dialog or the inline composer under a focused tweet.
 */
export function createXWatcher(
  doc: Document,
  handlers: XWatcherHandlers,
  options: XWatcherOptions = {},
): XWatcher {
  return createPageWatcher(
    doc,
    { onPost: handlers.onTweet, onDomSignal: handlers.onDomSignal, onError: handlers.onError },
    {
      sendWindowMs: options.replyWindowMs,
      likeSettleMs: options.likeSettleMs,
      now: options.now,
      timers: options.timers,
    },
    (kit) => xSite(kit),
  );
}

function xSite(kit: WatcherKit) {
  const { doc, safely } = kit;
  let replyTarget: ReplyTarget | undefined;

  const visit = (article: Element) => {
    const info = tweetPost(article);
    if (info) kit.report(article, info);
  };

  const scan = () => {
    for (const article of findTweets(doc)) visit(article);
  };

  // --- like / unlike ---------------------------------------------------------------------------------

  const likeFlip = (article: Element | null, op: 'like' | 'unlike') => {
    const id = article ? tweetId(article) : undefined;
    if (id) kit.likes.flip(id, op);
  };

  const contains = (nodes: NodeList, selector: string) =>
    Array.from(nodes).some(
      (n) => isElement(n) && (n.matches(selector) || n.querySelector(selector) !== null),
    );

  // --- replies ---------------------------------------------------------------------------------------

  const reply = (targetId: string, text: string): DomSignal => ({
    op: 'reply',
    targetId,
    ...(text ? { text } : {}),
  });

  const onSend = (button: Element) => {
    if (!isEnabled(button)) return;
    const editor = composerFor(button);
    const text = editor ? composerText(editor).slice(0, MAX_TEXT) : '';
    if (button.matches(TWEET_BUTTON_INLINE)) {
      const focused = focusedTweet(doc);
      const targetId = focused ? tweetId(focused) : undefined;
      if (!targetId || !editor) return;
      // The inline composer stays: it went out once it is gone or empty.
      kit.startSend({
        signal: reply(targetId, text),
        container: editor,
        sent: () => !editor.isConnected || composerText(editor) === '',
      });
      return;
    }
    const dialog = button.closest(DIALOG);
    // A dialog the reply button did not open is a new post or a quote: not a reply.
    if (!dialog || !replyTarget || (replyTarget.dialog && replyTarget.dialog !== dialog)) return;
    replyTarget.dialog = dialog;
    // The dialog closes once X has posted the reply.
    kit.startSend({
      signal: reply(replyTarget.targetId, text),
      container: dialog,
      sent: () => !dialog.isConnected,
      onSent: () => {
        replyTarget = undefined;
      },
    });
  };

  const onClick = (event: Event) =>
    safely(() => {
      const target = event.target;
      if (!isElement(target)) return;
      const send = target.closest(`${TWEET_BUTTON}, ${TWEET_BUTTON_INLINE}`);
      if (send) return onSend(send);
      const button = target.closest(REPLY_BUTTON);
      const article = button?.closest(TWEET);
      const id = article ? tweetId(article) : undefined;
      if (id) replyTarget = { targetId: id };
    });

  // X sends with Ctrl/Cmd+Enter from the editor as well.
  const onKeydown = (event: Event) =>
    safely(() => {
      const e = event as KeyboardEvent;
      if (e.key !== 'Enter' || !(e.ctrlKey || e.metaKey)) return;
      const target = e.target;
      if (!isElement(target)) return;
      const editor = target.closest(COMPOSER_TEXTAREA);
      if (!editor) return;
      for (let el = editor.parentElement; el; el = el.parentElement) {
        const button = el.querySelector(`${TWEET_BUTTON}, ${TWEET_BUTTON_INLINE}`);
        if (button) return onSend(button);
      }
    });

  const trackReplyDialog = () => {
    if (!replyTarget || kit.pendingSend()) return;
    if (!replyTarget.dialog) {
      const dialog = doc.querySelector(`${LAYERS} ${DIALOG}`);
      if (dialog?.querySelector(COMPOSER_TEXTAREA)) replyTarget.dialog = dialog;
    } else if (!replyTarget.dialog.isConnected) {
      // Closed without sending.
      replyTarget = undefined;
    }
  };

  // --- the observer ----------------------------------------------------------------------------------

  const onMutations = (records: MutationRecord[]) => {
    const articles = new Set<Element>();
    const touched = new Set<Element>();
    for (const record of records) {
      const target = record.target;
      if (record.type === 'attributes') {
        if (!isElement(target)) continue;
        const testid = target.getAttribute(TESTID_ATTRIBUTE);
        if (record.oldValue === TESTID_LIKE && testid === TESTID_UNLIKE)
          likeFlip(target.closest(TWEET), 'like');
        else if (record.oldValue === TESTID_UNLIKE && testid === TESTID_LIKE)
          likeFlip(target.closest(TWEET), 'unlike');
        continue;
      }
      // Indexed loops, not Array.from: no iterator round trips into the page's DOM per node.
      const added = record.addedNodes;
      const addedCount = added.length;
      for (let i = 0; i < addedCount; i++) {
        const node = added[i];
        if (!isElement(node)) continue;
        if (node.matches(TWEET)) articles.add(node);
        const inside = node.querySelectorAll(TWEET);
        for (let j = 0; j < inside.length; j++) articles.add(inside[j] as Element);
      }
      if (addedCount === 0) continue;
      if (isElement(target)) touched.add(target);
      // Some renders replace the like button instead of flipping its attribute.
      if (record.removedNodes.length > 0) {
        if (contains(record.addedNodes, UNLIKE_BUTTON) && contains(record.removedNodes, LIKE_BUTTON)) {
          likeFlip(isElement(target) ? target.closest(TWEET) : null, 'like');
        } else if (contains(record.addedNodes, LIKE_BUTTON) && contains(record.removedNodes, UNLIKE_BUTTON)) {
          likeFlip(isElement(target) ? target.closest(TWEET) : null, 'unlike');
        }
      }
    }
    // Content rendered into an existing article (lazy parts, a recycled cell) may change its tweet.
    for (const el of touched) {
      const article = el.closest(TWEET);
      if (article) articles.add(article);
    }
    for (const article of articles) visit(article);
    trackReplyDialog();
  };

  return {
    init: {
      childList: true,
      subtree: true,
      attributes: true,
      attributeOldValue: true,
      attributeFilter: [TESTID_ATTRIBUTE],
    },
    onMutations,
    listeners: { click: onClick, keydown: onKeydown },
    scan,
    dispose: () => {
      replyTarget = undefined;
    },
  };
}
