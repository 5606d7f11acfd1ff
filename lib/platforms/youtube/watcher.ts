import type { DomSignal } from '../../capture/signals';
import { isElement, isEnabled, isOwnNode } from '../dom';
import { cancelNearScreen, whenNearScreen } from '../near-screen';
import {
  createPageWatcher,
  type PageWatcher,
  type PageWatcherHandlers,
  type WatcherKit,
} from '../page-watcher';
import type { Timers } from '../timers';
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
  VIDEO_ELEMENT,
  VIDEO_LIKE_BUTTON,
} from './selectors';

/** Once per (element, id): comments as they come near the screen, and the video itself (focused). */
export type YoutubeWatcherHandlers = PageWatcherHandlers;

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

export interface YoutubeWatcher extends PageWatcher {
  /**
   * While `waiting()` says a rescan is on its way (the app's read of a Short once the viewer stays on
   * it), a new video element (the feed's next Short made active) is left to that rescan.
   */
  rescanWaiting(waiting: () => boolean): void;
}

const MAX_TEXT = 10_000;

/**
 * Follows youtube.com on the shared watcher skeleton (lib/platforms/page-watcher.ts): the video and
 * its comments as they render, like flips (`aria-pressed`), and comments and replies sent from a
 * comment box.
 */
export function createYoutubeWatcher(
  doc: Document,
  handlers: YoutubeWatcherHandlers,
  options: YoutubeWatcherOptions = {},
): YoutubeWatcher {
  const pageUrl = options.url ?? (() => new URL(doc.location?.href ?? 'about:blank'));
  const rescan: RescanWait = { waiting: () => false };
  const watcher = createPageWatcher(
    doc,
    handlers,
    {
      sendWindowMs: options.submitWindowMs,
      likeSettleMs: options.likeSettleMs,
      now: options.now,
      timers: options.timers,
    },
    (kit) => youtubeSite(kit, pageUrl, rescan),
  );
  return {
    ...watcher,
    rescanWaiting: (waiting) => {
      rescan.waiting = waiting;
    },
  };
}

interface RescanWait {
  waiting: () => boolean;
}

function youtubeSite(kit: WatcherKit, pageUrl: () => URL, rescan: RescanWait) {
  const { doc, safely } = kit;

  const safeUrl = (): URL | undefined => {
    try {
      return pageUrl();
    } catch {
      return undefined;
    }
  };

  // The video id costs a document lookup: once per batch of comments, never per comment.
  const visitComment = (comment: Element, videoId: string | undefined) => {
    const info = readComment(comment, videoId);
    if (info) kit.report(comment, info);
  };
  const videoId = () => currentVideoId(doc, safeUrl());

  // The video's title and channel render (and change on navigation) in place: re-read on any change
  // that can touch it (see videoMayChange).
  /** The element last read as the video (watch metadata, the active Short), while it stands for it. */
  let videoElement: Element | null = null;
  const visitVideo = () => {
    const url = safeUrl();
    const video = url ? readVideo(doc, url) : null;
    videoElement = video?.element ?? null;
    if (!video) return;
    kit.report(video.element, video.post, `${video.post.id}\n${video.post.author ?? ''}\n${video.post.text}`);
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

  /*
   * Comments that render together wait together (issue 10): YouTube appends a page of comment threads
   * at once, and watching each of them cost an observe, an observer report, a look at its geometry and
   * an unobserve per comment (half the extension's scripting on a watch page of 1,000 comments). The
   * browser watches the group's first and last comment; when either comes near, the whole group is
   * read (a page of comments is a few screens at most, and reading one is cheap: its picker still waits
   * for its own comment to come near, badge.ts). A group whose first or last comment leaves the page
   * before that is formed again from the members still on it.
   */
  interface Group {
    members: Element[];
    ends: Element[];
    wake: () => void;
  }
  const groups = new Set<Group>();
  /** Waiting in a group: a rescan leaves them to it. */
  const grouped = new WeakSet<Element>();
  const endGroup = (group: Group) => {
    groups.delete(group);
    for (const end of group.ends) cancelNearScreen(end, group.wake);
    for (const m of group.members) grouped.delete(m);
  };
  /** False where nearness cannot be known (no IntersectionObserver): the caller reads them now. */
  const waitTogether = (members: Element[]): boolean => {
    const first = members[0];
    const last = members[members.length - 1];
    if (!first || !last) return true;
    const group: Group = {
      members,
      ends: first === last ? [first] : [first, last],
      wake: () => {
        if (!groups.has(group)) return;
        endGroup(group);
        for (const m of members) if (m.isConnected) onNear(m);
      },
    };
    for (const end of group.ends) if (!whenNearScreen(end, group.wake)) return false;
    groups.add(group);
    for (const m of members) grouped.add(m);
    return true;
  };
  /** After YouTube removed nodes of its own: groups that lost an end are formed again from the rest. */
  const regroup = () => {
    for (const group of groups) {
      if (group.ends.every((end) => end.isConnected)) continue;
      endGroup(group);
      waitTogether(group.members.filter((m) => m.isConnected));
    }
  };

  /** Reads the comments now where nearness cannot be known (no IntersectionObserver), else when near. */
  const visitComments = (comments: Iterable<Element>) => {
    const members: Element[] = [];
    for (const c of comments) if (!grouped.has(c)) members.push(c);
    if (members.length === 0 || waitTogether(members)) return;
    const id = videoId();
    for (const c of members) visitComment(c, id);
  };

  const scan = () => {
    visitVideo();
    visitComments(findComments(doc));
  };

  // --- likes ---------------------------------------------------------------------------------------

  const onPressedChange = (button: Element, oldValue: string | null) => {
    const value = button.getAttribute(PRESSED_ATTRIBUTE);
    if (value === oldValue || (value !== 'true' && value !== 'false')) return;
    const op = value === 'true' ? 'like' : 'unlike';
    const comment = button.closest(COMMENT);
    if (comment) {
      if (!button.matches(COMMENT_LIKE_BUTTON)) return; // the dislike button
      const id = commentId(comment);
      if (id) kit.likes.flip(id, op);
      return;
    }
    if (!button.matches(VIDEO_LIKE_BUTTON)) return;
    const id = currentVideoId(doc, safeUrl());
    if (id) kit.likes.flip(id, op);
  };

  // --- comment and reply boxes ---------------------------------------------------------------------

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
    const signal: DomSignal = { op: target.kind, targetId, ...(text ? { text } : {}) };
    // YouTube closes the box or clears its editor once the comment is posted.
    kit.startSend({
      signal,
      container: box,
      sent: () => !box.isConnected || !editor.isConnected || editorText(editor) === '',
    });
  };

  const onClick = (event: Event) =>
    safely(() => {
      const target = event.target;
      if (!isElement(target)) return;
      const submit = target.closest(SUBMIT_BUTTON);
      if (submit) onSubmit(submit);
    });

  // --- the observer --------------------------------------------------------------------------------

  const allOwn = (nodes: NodeList) => {
    for (let i = 0; i < nodes.length; i++) if (!isOwnNode(nodes[i] as Node)) return false;
    return true;
  };

  /**
   * Whether a change outside the comments can change what the video shows: inside the element read as
   * the video, that element gone, or a new one added; anything while none is read yet. Elsewhere it
   * cannot (issue 10: the Shorts feed appending reels below the active one re-read the video, a
   * document-wide query over every reel, each time).
   */
  const videoMayChange = (parent: Element, addedNodes: NodeList): boolean => {
    if (!videoElement?.isConnected || videoElement.contains(parent)) return true;
    // The feed appending the Short swiped to: the rescan on its way reads it (issue 10: the bench's
    // feed re-read the video and re-rendered the sidebar's context at every append during a burst).
    if (rescan.waiting()) return false;
    for (let i = 0; i < addedNodes.length; i++) {
      const node = addedNodes[i];
      if (isElement(node) && (node.matches(VIDEO_ELEMENT) || node.querySelector(VIDEO_ELEMENT))) return true;
    }
    return false;
  };

  const onMutations = (records: MutationRecord[]) => {
    const comments = new Set<Element>();
    let outsideComments = false;
    let removed = false;
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
      const theirsRemoved = record.removedNodes.length > 0 && !allOwn(record.removedNodes);
      removed ||= theirsRemoved;
      if (added === 0 && !theirsRemoved) continue;
      const parent = isElement(target) ? target : target.parentElement;
      // Comments render under the video, never into its title or channel: no need to re-read those.
      if (!outsideComments) {
        outsideComments =
          !parent || (!parent.closest(COMMENTS_SECTION) && videoMayChange(parent, addedNodes));
      }
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
    if (removed && groups.size > 0) regroup();
    visitComments(comments);
  };

  return {
    init: {
      // No characterData: a text change adds and removes no node, so its record was always skipped
      // above, yet it woke this observer for every tick of the player's clock.
      childList: true,
      subtree: true,
      attributes: true,
      attributeOldValue: true,
      attributeFilter: [PRESSED_ATTRIBUTE],
    },
    onMutations,
    listeners: { click: onClick },
    scan,
    dispose: () => {
      stopped = true;
      for (const group of groups) endGroup(group);
    },
  };
}
