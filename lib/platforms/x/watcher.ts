import type { DomSignal } from '../../capture/signals';
import { isElement, isEnabled } from '../dom';
import { observeDocument } from '../observe-document';
import { settleLikes } from '../settle-likes';
import { realTimers, type Timers } from '../timers';
import type { PostInfo } from '../types';
import { composerFor, composerText, findTweets, focusedTweet, readTweet, tweetId } from './page';
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

export interface XWatcherHandlers {
  /**
   * Once per (article element, status id): a reused article showing another tweet is reported again.
   * Returning false means "not taken in for good yet" (the app is not up): reported again when next seen.
   */
  onTweet?: (article: HTMLElement, info: PostInfo) => unknown;
  /** What the page showed happen: a like/unlike flip, a reply composer closing after send. */
  onDomSignal?: (signal: DomSignal) => void;
  /** A handler threw or the markup surprised us; the watcher keeps going. */
  onError?: (error: unknown) => void;
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

export interface XWatcher {
  /** Re-read everything on the page (after client-side navigation); still once per tweet. */
  rescan(): void;
  disconnect(): void;
  /**
   * Signals the page has already decided but the watcher has not reported yet: likes settling, and a
   * sent reply whose composer has closed before the next poll saw it. A reply still waiting on X
   * (its composer open) is the page's to decide, not pending here. 0: nothing more will come of what
   * the page has shown so far.
   */
  pending(): number;
}

const MAX_TEXT = 10_000;
const POLL_MS = 250;

interface ReplyTarget {
  targetId: string;
  /** The dialog the reply button opened, once it has appeared. */
  dialog?: Element;
}

interface PendingReply {
  targetId: string;
  text: string;
  via: 'dialog' | 'inline';
  /** The dialog (must disappear) or the inline editor (must empty). */
  container: Element;
  deadline: number;
}

/**
 * Follows x.com with one MutationObserver and capture-phase listeners on the document. It only reads:
 * it never cancels or stops X's own events, so the page behaves exactly as without the extension.
 */
export function createXWatcher(
  doc: Document,
  handlers: XWatcherHandlers,
  options: XWatcherOptions = {},
): XWatcher {
  const replyWindowMs = options.replyWindowMs ?? 15_000;
  const likeSettleMs = options.likeSettleMs ?? 1_500;
  const now = options.now ?? (() => Date.now());
  const timers = options.timers ?? realTimers;
  const seen = new WeakMap<Element, string>();
  let replyTarget: ReplyTarget | undefined;
  let pending: PendingReply | undefined;
  let poll: unknown;

  const safely = (fn: () => void) => {
    try {
      fn();
    } catch (error) {
      handlers.onError?.(error);
    }
  };

  const emit = (signal: DomSignal) => safely(() => handlers.onDomSignal?.(signal));

  const visit = (article: Element) => {
    const info = readTweet(article);
    if (!info || seen.get(article) === info.id) return;
    let taken = true;
    safely(() => {
      taken = handlers.onTweet?.(article as HTMLElement, info) !== false;
    });
    if (taken) seen.set(article, info.id);
  };

  const scanAll = () => {
    for (const article of findTweets(doc)) visit(article);
  };

  // --- like / unlike ---------------------------------------------------------------------------------

  const likes = settleLikes(likeSettleMs, emit, timers);

  const likeFlip = (article: Element | null, op: 'like' | 'unlike') => {
    const id = article ? tweetId(article) : undefined;
    if (id) likes.flip(id, op);
  };

  const contains = (nodes: NodeList, selector: string) =>
    Array.from(nodes).some(
      (n) => isElement(n) && (n.matches(selector) || n.querySelector(selector) !== null),
    );

  // --- replies ---------------------------------------------------------------------------------------

  const stopPoll = () => {
    if (poll !== undefined) timers.clearInterval(poll);
    poll = undefined;
  };

  /** The composer closed (or, inline, emptied) after send: X posted the reply. */
  const sent = (p: PendingReply) =>
    p.via === 'dialog'
      ? !p.container.isConnected
      : !p.container.isConnected || composerText(p.container) === '';

  const checkPending = () => {
    if (!pending) return;
    const p = pending;
    if (now() > p.deadline) {
      // Still open when time ran out: X showed an error and kept the draft. Nothing was posted.
      pending = undefined;
      stopPoll();
      return;
    }
    if (!sent(p)) return;
    pending = undefined;
    stopPoll();
    if (p.via === 'dialog') replyTarget = undefined;
    emit({ op: 'reply', targetId: p.targetId, ...(p.text ? { text: p.text } : {}) });
  };

  const startPending = (p: PendingReply) => {
    pending = p;
    stopPoll();
    // Clearing a Draft.js editor can be a characterData change the observer does not watch.
    poll = timers.setInterval(() => safely(checkPending), POLL_MS);
  };

  const onSend = (button: Element) => {
    if (!isEnabled(button)) return;
    const editor = composerFor(button);
    const text = editor ? composerText(editor).slice(0, MAX_TEXT) : '';
    if (button.matches(TWEET_BUTTON_INLINE)) {
      const focused = focusedTweet(doc);
      const targetId = focused ? tweetId(focused) : undefined;
      if (!targetId || !editor) return;
      startPending({ targetId, text, via: 'inline', container: editor, deadline: now() + replyWindowMs });
      return;
    }
    const dialog = button.closest(DIALOG);
    // A dialog the reply button did not open is a new post or a quote: not a reply.
    if (!dialog || !replyTarget || (replyTarget.dialog && replyTarget.dialog !== dialog)) return;
    replyTarget.dialog = dialog;
    startPending({
      targetId: replyTarget.targetId,
      text,
      via: 'dialog',
      container: dialog,
      deadline: now() + replyWindowMs,
    });
  };

  const onClick = (event: Event) =>
    safely(() => {
      const target = event.target;
      if (!isElement(target)) return;
      const send = target.closest(`${TWEET_BUTTON}, ${TWEET_BUTTON_INLINE}`);
      if (send) return onSend(send);
      const reply = target.closest(REPLY_BUTTON);
      const article = reply?.closest(TWEET);
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

  // Typing into the composer after "send" means X kept the draft (it failed) and the user is editing:
  // a later clear is theirs, not X's. X clears a sent draft without input events.
  const onInput = (event: Event) =>
    safely(() => {
      const target = event.target;
      if (pending && isElement(target) && pending.container.contains(target)) {
        pending = undefined;
        stopPoll();
      }
    });

  const trackReplyDialog = () => {
    if (!replyTarget || pending) return;
    if (!replyTarget.dialog) {
      const dialog = doc.querySelector(`${LAYERS} ${DIALOG}`);
      if (dialog?.querySelector(COMPOSER_TEXTAREA)) replyTarget.dialog = dialog;
    } else if (!replyTarget.dialog.isConnected) {
      // Closed without sending.
      replyTarget = undefined;
    }
  };

  // --- the observer ----------------------------------------------------------------------------------

  const onMutations = (records: MutationRecord[]) =>
    safely(() => {
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
          } else if (
            contains(record.addedNodes, LIKE_BUTTON) &&
            contains(record.removedNodes, UNLIKE_BUTTON)
          ) {
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
      checkPending();
    });

  const stopObserving = observeDocument(doc, {
    init: {
      childList: true,
      subtree: true,
      attributes: true,
      attributeOldValue: true,
      attributeFilter: [TESTID_ATTRIBUTE],
    },
    onMutations,
    listeners: { click: onClick, keydown: onKeydown, input: onInput },
  });
  safely(scanAll);

  return {
    rescan: () =>
      safely(() => {
        scanAll();
        checkPending();
      }),
    disconnect: () => {
      stopObserving();
      stopPoll();
      likes.clear();
      pending = undefined;
      replyTarget = undefined;
    },
    pending: () => likes.waiting() + (pending && sent(pending) ? 1 : 0),
  };
}
