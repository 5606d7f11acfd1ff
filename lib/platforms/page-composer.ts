import { isEnabled } from './dom';
import { selectFirstPlaceholder } from './placeholder';
import type { ComposerInsertResult } from './types';

/*
 * The skeleton both sites' composers share (issue 11): find the box the ambassador is writing in, put
 * the caret where they want it, try the ways of inserting text the site's editor accepts one after the
 * other, wait until the editor shows the text and the site enables its send button, then select the
 * first `{placeholder}` left in it. Nothing is ever sent: the ambassador reads, edits and presses the
 * site's own button. A site passes in its box, its ways of inserting and its words.
 */

/** The box text goes into. */
export interface ComposerBox {
  editor: HTMLElement;
  /** The site's send button, when it has one to enable. */
  submit: HTMLElement | null;
}

/** A site's part of inserting text. */
export interface ComposerSite<B extends ComposerBox> {
  /** The box the ambassador is writing in, or null when none is open. */
  find(doc: Document): B | null;
  /** The editor's text as the site keeps it. */
  read(editor: Element): string;
  /** Focus and caret, before the first attempt. */
  prepare(doc: Document, win: Window, box: B): void | Promise<void>;
  /** The ways of inserting, in order; each says whether the editor handled it. */
  attempts(doc: Document, win: Window, box: B, text: string): Array<() => boolean>;
  /** What an accepted insertion answers (`selected`: the placeholder selected in the box). */
  accepted(box: B, selected: string | undefined): ComposerInsertResult & { ok: true };
  /** The site's words when no box is open, and when its editor refused the text. */
  messages: { noComposer: string; refused: string };
}

export const tick = (win: Window, ms: number) => new Promise<void>((resolve) => win.setTimeout(resolve, ms));

/** A paste carrying text/plain, built with the page's own constructors (a frame, jsdom: their own). */
export function pasteText(win: Window, editor: HTMLElement, text: string): boolean {
  const view = win as Window & typeof globalThis;
  if (typeof view.DataTransfer !== 'function' || typeof view.ClipboardEvent !== 'function') return false;
  const data = new view.DataTransfer();
  data.setData('text/plain', text);
  const event = new view.ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true });
  editor.dispatchEvent(event);
  return event.defaultPrevented;
}

/** Runs of whitespace (no-break spaces included) as one space: editors normalise them. */
const flat = (s: string) => s.replace(/\s+/g, ' ');

/**
 * The editor took the text: it changed, shows the text's first words (the editor may normalise
 * whitespace and line breaks; the first words are enough to know), and the send button is enabled.
 */
function took(now: string, before: string, text: string, submit: HTMLElement | null): boolean {
  const head = flat(text.trim()).split(' ').slice(0, 3).join(' ');
  return now !== before && flat(now).includes(head) && (!submit || isEnabled(submit));
}

/** Inserts `text` into the site's open box the way the site's editor accepts it. */
export async function insertWith<B extends ComposerBox>(
  site: ComposerSite<B>,
  doc: Document,
  text: string,
  timeoutMs = 1_000,
): Promise<ComposerInsertResult> {
  const box = site.find(doc);
  const win = doc.defaultView;
  if (!box || !win) return { ok: false, reason: 'no-composer', message: site.messages.noComposer };
  const before = site.read(box.editor);
  // Only a site that must wait (X: Draft.js reads the caret a task later) yields here.
  const ready = site.prepare(doc, win, box);
  if (ready) await ready;

  const deadline = Date.now() + timeoutMs;
  for (const attempt of site.attempts(doc, win, box, text)) {
    const handled = attempt();
    // Only an editor that handled the event (or changed) took the text; otherwise try the next way.
    if (!handled && site.read(box.editor) === before) continue;
    while (Date.now() < deadline) {
      if (took(site.read(box.editor), before, text, box.submit)) {
        return site.accepted(box, selectFirstPlaceholder(doc, box.editor, text));
      }
      await tick(win, 25);
    }
    break;
  }
  return { ok: false, reason: 'refused', message: site.messages.refused };
}
