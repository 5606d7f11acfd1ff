import { isElement } from '../dom';
import { type ComposerBox, type ComposerSite, insertWith, pasteText, tick } from '../page-composer';
import type { Composer, ComposerInsertResult } from '../types';
import { composerText, focusedTweet, tweetId } from './page';
import {
  COMPOSER_TEXTAREA,
  DIALOG,
  INLINE_REPLY,
  LAYERS,
  REPLY_BUTTON,
  TWEET,
  TWEET_BUTTON,
  TWEET_BUTTON_INLINE,
} from './selectors';

/*
 * Putting text into X's reply composer so that X accepts it. X's editor is Draft.js: it keeps its own
 * editor state and ignores DOM edits it did not make, so the text has to arrive as an event Draft
 * handles. Proven against the real draft-js 0.11.7 on React 19 (tests/fixtures/x/draft, e2e):
 *  - a `paste` ClipboardEvent carrying text/plain: Draft's paste handler inserts it into its state
 *    (multi-line too) and cancels the event, so nothing else touches the DOM. Used first.
 *  - a `textInput` TextEvent: what React turns into onBeforeInput in Chromium; Draft inserts the text.
 *  - `execCommand('insertText')` only when neither was handled (a plain contenteditable): on Draft it
 *    makes the browser and React both write the text into an empty block, which duplicates it and
 *    crashes React's reconciliation.
 * Nothing is ever sent: the ambassador reads, edits and presses Reply themselves.
 */

/** X's reply box: its send button ("Reply", disabled while the editor is empty) is `submit`. */
export interface ComposerTarget extends ComposerBox {
  kind: 'dialog' | 'inline';
}

function sendButtonNear(editor: Element, selector: string): HTMLElement | null {
  for (let el = editor.parentElement; el; el = el.parentElement) {
    const button = el.querySelector<HTMLElement>(selector);
    if (button) return button;
  }
  return null;
}

const target = (
  editor: HTMLElement,
  submit: HTMLElement | null,
  kind: 'dialog' | 'inline',
): ComposerTarget => ({
  editor,
  submit,
  kind,
});

/** The reply composer the ambassador would type into: an open reply dialog wins over the inline one. */
export function findComposer(doc: Document): ComposerTarget | null {
  const dialogs = Array.from(doc.querySelectorAll(`${LAYERS} ${DIALOG}, ${DIALOG}`));
  // The topmost (last) dialog with an editor: X can stack a discard-confirmation above it.
  for (const dialog of dialogs.reverse()) {
    const editor = dialog.querySelector<HTMLElement>(COMPOSER_TEXTAREA);
    if (editor) return target(editor, sendButtonNear(editor, TWEET_BUTTON), 'dialog');
  }
  const inline = doc.querySelector(INLINE_REPLY)?.querySelector<HTMLElement>(COMPOSER_TEXTAREA);
  if (inline) return target(inline, sendButtonNear(inline, TWEET_BUTTON_INLINE), 'inline');
  return null;
}

/** Caret at the end of the editor, unless the ambassador already put it somewhere inside. */
function placeCaret(doc: Document, editor: HTMLElement): void {
  const selection = doc.getSelection();
  if (!selection) return;
  const inside = selection.rangeCount > 0 && editor.contains(selection.getRangeAt(0).startContainer);
  if (inside && doc.activeElement === editor) return;
  const range = doc.createRange();
  range.selectNodeContents(editor);
  range.collapse(false);
  selection.removeAllRanges();
  selection.addRange(range);
}

/** Chromium's legacy TextEvent; React builds onBeforeInput from it. Absent elsewhere. */
function textInput(doc: Document, editor: HTMLElement, text: string): boolean {
  let event: Event & {
    initTextEvent?: (type: string, bubbles: boolean, cancelable: boolean, view: Window, data: string) => void;
  };
  try {
    event = doc.createEvent('TextEvent');
  } catch {
    return false;
  }
  if (!event.initTextEvent || !doc.defaultView) return false;
  event.initTextEvent('textInput', true, true, doc.defaultView, text);
  editor.dispatchEvent(event);
  return event.defaultPrevented;
}

/** x.com's part of the shared composer skeleton (lib/platforms/page-composer.ts). */
const X_COMPOSER: ComposerSite<ComposerTarget> = {
  find: findComposer,
  read: composerText,
  prepare: async (doc, win, box) => {
    box.editor.focus();
    placeCaret(doc, box.editor);
    // Draft.js reads the new caret from selectionchange, which the browser delivers a task later.
    await tick(win, 0);
  },
  attempts: (doc, win, box, text) => [
    () => pasteText(win, box.editor, text),
    () => textInput(doc, box.editor, text),
    () => typeof doc.execCommand === 'function' && doc.execCommand('insertText', false, text),
  ],
  accepted: (box, selected) => ({ ok: true, composer: box.kind, ...(selected ? { selected } : {}) }),
  messages: {
    noComposer: 'Open the reply box first, then press Insert.',
    refused: "X's editor didn't take the text. Use Copy and paste it into the reply box.",
  },
};

export interface InsertOptions {
  /** How long to wait for the editor to re-render and the send button to enable. */
  timeoutMs?: number;
}

/** Inserts `text` where the ambassador's caret is (or at the end) in the open reply composer. */
export function insertIntoComposer(
  doc: Document,
  text: string,
  opts: InsertOptions = {},
): Promise<ComposerInsertResult> {
  return insertWith(X_COMPOSER, doc, text, opts.timeoutMs);
}

/**
 * Which tweet an open reply dialog answers: X's dialog markup does not say, so remember the last reply
 * button pressed (capture phase, read only). The inline composer always answers the focused tweet.
 */
export function createReplyTargetTracker(doc: Document) {
  let last: string | undefined;
  const onClick = (event: Event) => {
    const target = event.target;
    if (!isElement(target)) return;
    const article = target.closest(REPLY_BUTTON)?.closest(TWEET);
    const id = article ? tweetId(article) : undefined;
    if (id) last = id;
  };
  doc.addEventListener('click', onClick, { capture: true, passive: true });
  return {
    targetFor(kind: 'dialog' | 'inline'): string | undefined {
      if (kind === 'dialog') return last;
      const focused = focusedTweet(doc);
      return focused ? tweetId(focused) : undefined;
    },
    dispose: () => doc.removeEventListener('click', onClick, { capture: true }),
  };
}

/** The X adapter's composer: insertion plus which tweet the reply will answer. */
export function createXComposer(doc: Document): Composer {
  const targets = createReplyTargetTracker(doc);
  return {
    async insert(text) {
      const result = await insertIntoComposer(doc, text);
      if (!result.ok) return result;
      const targetId = targets.targetFor(result.composer);
      return targetId ? { ...result, targetId } : result;
    },
    dispose: targets.dispose,
  };
}
