import { isElement } from '../dom';
import { type ComposerBox, type ComposerSite, insertWith, pasteText } from '../page-composer';
import type { Composer, ComposerInsertResult } from '../types';
import { commentboxEditor, commentboxTarget, commentId, currentVideoId, editorText, first } from './page';
import { COMMENTBOX, REPLY_DIALOG, SUBMIT_BUTTON } from './selectors';

/*
 * Putting text into YouTube's comment or reply box so that YouTube accepts it. The box is a plain
 * contenteditable (`#contenteditable-root`) whose Polymer owner reads the DOM on `input` events to
 * enable "Comment"/"Reply". `execCommand('insertText')` on the focused editor is what typing does: the
 * browser edits the DOM, keeps the undo stack and fires beforeinput/input, so YouTube sees a normal
 * edit. A synthetic paste is only a fallback for an editor that refused it (a paste handler of its own
 * would take that). Nothing is ever sent: the ambassador reads, edits and presses the button.
 */

export interface CommentboxTarget extends ComposerBox {
  box: Element;
  kind: 'comment' | 'reply';
  /** The video (a comment) or the thread's top-level comment (a reply), as the logged event names it. */
  targetId: string | undefined;
}

/** A box YouTube shows; it keeps a cancelled one in the DOM, hidden, on some layouts. */
const isOpen = (box: Element) => box.isConnected && box.closest('[hidden]') === null;

function targetOf(doc: Document, box: Element): CommentboxTarget | null {
  const editor = commentboxEditor(box);
  const target = commentboxTarget(box);
  if (!editor || !target) return null;
  const targetId =
    target.kind === 'reply'
      ? commentId(target.comment)
      : currentVideoId(doc, doc.location ? new URL(doc.location.href) : undefined);
  return { box, editor, submit: first<HTMLElement>(box, SUBMIT_BUTTON), kind: target.kind, targetId };
}

/**
 * The box the ambassador is writing in: the one they last focused while it is still open; else an
 * open reply box over the top-level one (it opened later, next to the comment being answered).
 */
export function findCommentbox(doc: Document, lastFocused?: Element | null): CommentboxTarget | null {
  if (lastFocused && isOpen(lastFocused)) {
    const target = targetOf(doc, lastFocused);
    if (target) return target;
  }
  const boxes = Array.from(doc.querySelectorAll(COMMENTBOX)).filter(isOpen);
  const replies = boxes.filter((b) => b.closest(REPLY_DIALOG) !== null);
  for (const box of [...replies.reverse(), ...boxes.filter((b) => !replies.includes(b))]) {
    const target = targetOf(doc, box);
    if (target) return target;
  }
  return null;
}

/**
 * Where the ambassador left the caret in the editor, if they did. Read before focusing: focus() puts it
 * at the start. A caret at the very start of text already there is no choice of theirs (YouTube
 * prefills a reply to a reply with the @mention), so the template goes after that text.
 */
function chosenCaret(doc: Document, editor: HTMLElement): Range | null {
  const selection = doc.getSelection();
  if (!selection || selection.rangeCount === 0) return null;
  const range = selection.getRangeAt(0);
  if (!editor.contains(range.startContainer)) return null;
  const head = doc.createRange();
  head.setStart(editor, 0);
  head.setEnd(range.startContainer, range.startOffset);
  return head.toString() === '' && editorText(editor) !== '' ? null : range.cloneRange();
}

function placeCaret(doc: Document, editor: HTMLElement, chosen: Range | null): void {
  const selection = doc.getSelection();
  if (!selection) return;
  let range = chosen;
  if (!range) {
    range = doc.createRange();
    range.selectNodeContents(editor);
    range.collapse(false);
  }
  selection.removeAllRanges();
  selection.addRange(range);
}

export interface InsertOptions {
  /** How long to wait for YouTube to enable the submit button. */
  timeoutMs?: number;
  /** The box the ambassador last focused (the composer remembers it). */
  lastFocused?: Element | null;
}

/** youtube.com's part of the shared composer skeleton (lib/platforms/page-composer.ts). */
const youtubeComposer = (lastFocused: Element | null | undefined): ComposerSite<CommentboxTarget> => ({
  find: (doc) => findCommentbox(doc, lastFocused),
  read: editorText,
  prepare: (doc, _win, box) => {
    const chosen = chosenCaret(doc, box.editor);
    box.editor.focus();
    placeCaret(doc, box.editor, chosen);
  },
  attempts: (doc, win, box, text) => [
    () => typeof doc.execCommand === 'function' && doc.execCommand('insertText', false, text),
    () => pasteText(win, box.editor, text),
  ],
  accepted: (box, selected) => ({
    ok: true,
    ...(selected ? { selected } : {}),
    // The neutral names: a reply box opens under its comment, the comment box sits in the page.
    composer: box.kind === 'reply' ? 'dialog' : 'inline',
    ...(box.targetId ? { targetId: box.targetId } : {}),
    next:
      box.kind === 'reply'
        ? 'In the reply box. Make it yours, then press Reply.'
        : 'In the comment box. Make it yours, then press Comment.',
  }),
  messages: {
    noComposer: 'Open the comment box (or Reply under a comment) first, then press Insert.',
    refused: "YouTube's comment box didn't take the text. Use Copy and paste it into the box.",
  },
});

/** Inserts `text` at the caret (or the end) of the open comment or reply box. */
export function insertIntoCommentbox(
  doc: Document,
  text: string,
  opts: InsertOptions = {},
): Promise<ComposerInsertResult> {
  return insertWith(youtubeComposer(opts.lastFocused), doc, text, opts.timeoutMs);
}

/** The YouTube adapter's composer: remembers which box the ambassador last focused (read only). */
export function createYoutubeComposer(doc: Document): Composer {
  let lastFocused: Element | null = null;
  const onFocus = (event: Event) => {
    const box = isElement(event.target) ? event.target.closest(COMMENTBOX) : null;
    if (box) lastFocused = box;
  };
  doc.addEventListener('focusin', onFocus, { capture: true, passive: true });
  return {
    insert: (text) => insertIntoCommentbox(doc, text, { lastFocused }),
    dispose: () => doc.removeEventListener('focusin', onFocus, { capture: true }),
  };
}
