import type { DomSignal } from '../../capture/signals';
import { isElement, isEnabled, isOwnNode } from '../dom';
import { whenNearScreen } from '../near-screen';
import { observeDocument } from '../observe-document';
import { settleLikes } from '../settle-likes';
import { realTimers, type Timers } from '../timers';
import type { PostInfo } from '../types';
import {
  commentboxEditor,
  commentboxTarget,
  commentId,
  currentVideoId,
  editorText,
  findCommentList,
  findComments,
  readComment,
  readVideo,
} from './page';
import {
  COMMENT,
  COMMENT_LIKE_BUTTON,
  COMMENTBOX,
  COMMENTS_SECTION,
  PRESSED_ATTRIBUTE,
  SUBMIT_BUTTON,
  VIDEO_LIKE_BUTTON,
} from './selectors';

export interface YoutubeWatcherHandlers {
  /** Once per (element, id): comments as they lazily render, and the video itself (focused). */
  onPost?: (element: HTMLElement, info: PostInfo) => unknown;
  /** What the page showed happen: a like flip, a comment box closing or clearing after submit. */
  onDomSignal?: (signal: DomSignal) => void;
  onError?: (error: unknown) => void;
}

export interface YoutubeWatcherOptions {
  /** How long after submit a closing / clearing box still counts as the comment going out. */
  submitWindowMs?: number;
  /** YouTube flips a like before its request returns and back if it fails; report only settled flips. */
  likeSettleMs?: number;
  now?: () => number;
  /** The page's timers by default; tests move a clock by hand. */
  timers?: Timers;
  /** The page's URL; the document's own location by default. */
  url?: () => URL;
}

export interface YoutubeWatcher {
  rescan(): void;
  disconnect(): void;
  /**
   * Signals the page has already decided but the watcher has not reported yet: likes settling, and a
   * submitted comment whose box has closed or emptied before the next poll saw it (see XWatcher).
   */
  pending(): number;
}

const MAX_TEXT = 10_000;
const POLL_MS = 250;

interface PendingSubmit {
  op: 'comment' | 'reply';
  targetId: string;
  text: string;
  box: Element;
  editor: Element;
  deadline: number;
}

/**
 * Follows youtube.com with one MutationObserver and capture-phase listeners. Read-only: it never stops
 * or changes YouTube's own events. Comments render lazily as the user scrolls; each is reported once.
 */
export function createYoutubeWatcher(
  doc: Document,
  handlers: YoutubeWatcherHandlers,
  options: YoutubeWatcherOptions = {},
): YoutubeWatcher {
  const submitWindowMs = options.submitWindowMs ?? 15_000;
  const likeSettleMs = options.likeSettleMs ?? 1_500;
  const now = options.now ?? (() => Date.now());
  const timers = options.timers ?? realTimers;
  const pageUrl = options.url ?? (() => new URL(doc.location?.href ?? 'about:blank'));
  const seen = new WeakMap<Element, string>();
  let pending: PendingSubmit | undefined;
  let poll: unknown;

  const safely = (fn: () => void) => {
    try {
      fn();
    } catch (error) {
      handlers.onError?.(error);
    }
  };
  const emit = (signal: DomSignal) => safely(() => handlers.onDomSignal?.(signal));

  const report = (element: Element, info: PostInfo) => {
    if (seen.get(element) === info.id) return;
    // False: not taken in for good yet (the app is not up), so reported again when next seen.
    let taken = true;
    safely(() => {
      taken = handlers.onPost?.(element as HTMLElement, info) !== false;
    });
    if (taken) seen.set(element, info.id);
  };

  // The video id costs a document lookup: once per batch of comments, never per comment.
  const visitComment = (comment: Element, videoId: string | undefined) => {
    const info = readComment(comment, videoId);
    if (info) report(comment, info);
  };
  const videoId = () => currentVideoId(doc, safeUrl());

  // The video's title and channel render (and change on navigation) in place: re-read on any change.
  const visitVideo = () => {
    const url = safeUrl();
    const video = url ? readVideo(doc, url) : null;
    if (!video) return;
    const key = `${video.post.id}\n${video.post.author ?? ''}\n${video.post.text}`;
    if (seen.get(video.element) === key) return;
    let taken = true;
    safely(() => {
      taken = handlers.onPost?.(video.element, video.post) !== false;
    });
    if (taken) seen.set(video.element, key);
  };

  const safeUrl = (): URL | undefined => {
    try {
      return pageUrl();
    } catch {
      return undefined;
    }
  };

  // Comments are read once they come near the screen (lib/platforms/near-screen.ts, issue 10): a long
  // page appends thousands below the fold. Those the observer finds near in one frame are read
  // together, after its callback, with one look-up of the video id.
  let stopped = false;
  const near: Element[] = [];
  const readNear = () =>
    safely(() => {
      const list = near.splice(0);
      if (stopped || list.length === 0) return;
      const id = videoId();
      for (const c of list) if (c.isConnected) visitComment(c, id);
    });
  const onNear = (comment: Element) => {
    if (near.length === 0) queueMicrotask(readNear);
    near.push(comment);
  };
  /** Reads the comments now where nearness cannot be known (no IntersectionObserver), else when near. */
  const visitComments = (comments: Iterable<Element>) => {
    const now: Element[] = [];
    for (const c of comments) if (!whenNearScreen(c, onNear)) now.push(c);
    if (now.length === 0) return;
    const id = videoId();
    for (const c of now) visitComment(c, id);
  };

  const scanAll = () => {
    visitVideo();
    visitComments(findComments(doc));
  };

  // --- likes ---------------------------------------------------------------------------------------

  const likes = settleLikes(likeSettleMs, emit, timers);

  const onPressedChange = (button: Element, oldValue: string | null) => {
    const value = button.getAttribute(PRESSED_ATTRIBUTE);
    if (value === oldValue || (value !== 'true' && value !== 'false')) return;
    const op = value === 'true' ? 'like' : 'unlike';
    const comment = button.closest(COMMENT);
    if (comment) {
      if (!button.matches(COMMENT_LIKE_BUTTON)) return; // the dislike button
      const id = commentId(comment);
      if (id) likes.flip(id, op);
      return;
    }
    if (!button.matches(VIDEO_LIKE_BUTTON)) return;
    const url = safeUrl();
    const id = currentVideoId(doc, url);
    if (id) likes.flip(id, op);
  };

  // --- comment and reply boxes ---------------------------------------------------------------------

  const stopPoll = () => {
    if (poll !== undefined) timers.clearInterval(poll);
    poll = undefined;
  };

  /** The box closed or its editor emptied after submit: YouTube posted it. */
  const sent = (p: PendingSubmit) =>
    !p.box.isConnected || !p.editor.isConnected || editorText(p.editor) === '';

  const checkPending = () => {
    const p = pending;
    if (!p) return;
    if (now() > p.deadline) {
      // Still open when time ran out: YouTube showed an error and kept the draft.
      pending = undefined;
      stopPoll();
      return;
    }
    if (!sent(p)) return;
    pending = undefined;
    stopPoll();
    emit({ op: p.op, targetId: p.targetId, ...(p.text ? { text: p.text } : {}) });
  };

  const onSubmit = (button: Element) => {
    if (!isEnabled(button)) return;
    const box = button.closest(COMMENTBOX);
    const editor = box ? commentboxEditor(box) : null;
    const target = box ? commentboxTarget(box) : null;
    if (!box || !editor || !target) return;
    const text = editorText(editor).slice(0, MAX_TEXT);
    if (!text) return;
    let targetId: string | undefined;
    if (target.kind === 'comment') targetId = currentVideoId(doc, safeUrl());
    else targetId = commentId(target.comment);
    if (!targetId) return;
    pending = {
      op: target.kind,
      targetId,
      text,
      box,
      editor,
      deadline: now() + submitWindowMs,
    };
    stopPoll();
    // YouTube clears the editor by resetting its text, which the observer (childList only) may not see.
    poll = timers.setInterval(() => safely(checkPending), POLL_MS);
  };

  const onClick = (event: Event) =>
    safely(() => {
      const target = event.target;
      if (!isElement(target)) return;
      const submit = target.closest(SUBMIT_BUTTON);
      if (submit) onSubmit(submit);
    });

  // Typing after submit means YouTube kept the draft (it failed) and the user is editing it.
  const onInput = (event: Event) =>
    safely(() => {
      const target = event.target;
      if (pending && isElement(target) && pending.box.contains(target)) {
        pending = undefined;
        stopPoll();
      }
    });

  // --- the observer --------------------------------------------------------------------------------

  const allOwn = (nodes: NodeList) => {
    for (let i = 0; i < nodes.length; i++) if (!isOwnNode(nodes[i] as Node)) return false;
    return true;
  };

  const onMutations = (records: MutationRecord[]) =>
    safely(() => {
      const comments = new Set<Element>();
      let outsideComments = false;
      for (const record of records) {
        const target = record.target;
        if (record.type === 'attributes') {
          if (isElement(target)) onPressedChange(target, record.oldValue);
          continue;
        }
        // Our own badges and pickers going in or out: nothing of YouTube's changed. (Indexed loops, not
        // Array.from: no iterator round trips into the page's DOM per node.)
        const addedNodes = record.addedNodes;
        let added = 0;
        for (let i = 0; i < addedNodes.length; i++) if (!isOwnNode(addedNodes[i] as Node)) added++;
        if (added === 0 && allOwn(record.removedNodes)) continue;
        const parent = isElement(target) ? target : target.parentElement;
        // Comments render under the video, never into its title or channel: no need to re-read those.
        if (!parent?.closest(COMMENTS_SECTION)) outsideComments = true;
        for (let i = 0; i < addedNodes.length; i++) {
          const node = addedNodes[i];
          if (!isElement(node) || isOwnNode(node)) continue;
          if (node.matches(COMMENT)) comments.add(node);
          const inside = findCommentList(node);
          for (let j = 0; j < inside.length; j++) comments.add(inside[j] as Element);
        }
        // Text rendered into an existing comment (a recycled element) may change its id.
        const inside = added > 0 ? parent?.closest(COMMENT) : null;
        if (inside) comments.add(inside);
      }
      if (outsideComments) visitVideo();
      visitComments(comments);
      checkPending();
    });

  const stopObserving = observeDocument(doc, {
    init: {
      // No characterData: a text change adds and removes no node, so its record was always skipped
      // below, yet it woke this observer for every tick of the player's clock.
      childList: true,
      subtree: true,
      attributes: true,
      attributeOldValue: true,
      attributeFilter: [PRESSED_ATTRIBUTE],
    },
    onMutations,
    listeners: { click: onClick, input: onInput },
  });
  safely(scanAll);

  return {
    rescan: () =>
      safely(() => {
        scanAll();
        checkPending();
      }),
    disconnect: () => {
      stopped = true;
      stopObserving();
      stopPoll();
      likes.clear();
      pending = undefined;
    },
    pending: () => likes.waiting() + (pending && sent(pending) ? 1 : 0),
  };
}
