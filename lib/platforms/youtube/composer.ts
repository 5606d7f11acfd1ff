import { isElement, isEnabled } from '../dom';
import { selectFirstPlaceholder } from '../placeholder';
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

export interface CommentboxTarget {
  box: Element;
  editor: HTMLElement;
  submit: HTMLElement | null;
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

const tick = (win: Window, ms: number) => new Promise<void>((resolve) => win.setTimeout(resolve, ms));

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

function paste(win: Window, editor: HTMLElement, text: string): boolean {
  // The page's own constructors: content-script and page globals differ.
  const view = win as Window & typeof globalThis;
  if (typeof view.DataTransfer !== 'function' || typeof view.ClipboardEvent !== 'function') return false;
  const data = new view.DataTransfer();
  data.setData('text/plain', text);
  const event = new view.ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true });
  editor.dispatchEvent(event);
  return event.defaultPrevented;
}

function accepted(target: CommentboxTarget, before: string, text: string): boolean {
  const now = editorText(target.editor);
  // The editor may turn spaces into no-break ones and lines into divs; the first words are enough.
  const flat = (s: string) => s.replace(/[\s\u00a0]+/g, ' ');
  const head = flat(text.trim()).split(' ').slice(0, 3).join(' ');
  return now !== before && flat(now).includes(head) && (!target.submit || isEnabled(target.submit));
}

export interface InsertOptions {
  /** How long to wait for YouTube to enable the submit button. */
  timeoutMs?: number;
  /** The box the ambassador last focused (the composer remembers it). */
  lastFocused?: Element | null;
}

/** Inserts `text` at the caret (or the end) of the open comment or reply box. */
export async function insertIntoCommentbox(
  doc: Document,
  text: string,
  opts: InsertOptions = {},
): Promise<ComposerInsertResult> {
  const target = findCommentbox(doc, opts.lastFocused);
  const win = doc.defaultView;
  if (!target || !win) {
    return {
      ok: false,
      reason: 'no-composer',
      message: 'Open the comment box (or Reply under a comment) first, then press Insert.',
    };
  }
  const before = editorText(target.editor);
  const chosen = chosenCaret(doc, target.editor);
  target.editor.focus();
  placeCaret(doc, target.editor, chosen);

  const attempts: Array<() => boolean> = [
    () => typeof doc.execCommand === 'function' && doc.execCommand('insertText', false, text),
    () => paste(win, target.editor, text),
  ];
  const deadline = Date.now() + (opts.timeoutMs ?? 1_000);
  for (const attempt of attempts) {
    const handled = attempt();
    if (!handled && editorText(target.editor) === before) continue;
    while (Date.now() < deadline) {
      if (accepted(target, before, text)) {
        const selected = selectFirstPlaceholder(doc, target.editor, text);
        return {
          ok: true,
          ...(selected ? { selected } : {}),
          // The neutral names: a reply box opens under its comment, the comment box sits in the page.
          composer: target.kind === 'reply' ? 'dialog' : 'inline',
          ...(target.targetId ? { targetId: target.targetId } : {}),
          next:
            target.kind === 'reply'
              ? 'In the reply box. Make it yours, then press Reply.'
              : 'In the comment box. Make it yours, then press Comment.',
        };
      }
      await tick(win, 25);
    }
    break;
  }
  return {
    ok: false,
    reason: 'refused',
    message: "YouTube's comment box didn't take the text. Use Copy and paste it into the box.",
  };
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
