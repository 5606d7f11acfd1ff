import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createYoutubeComposer,
  findCommentbox,
  insertIntoCommentbox,
} from '../../../../lib/platforms/youtube/composer';
import { commentId, findComments } from '../../../../lib/platforms/youtube/page';
import { FIXTURE, fixtureFile } from '../../../fixtures/youtube/routes';

/*
 * jsdom has neither YouTube's Polymer nor execCommand. Here the page is watch.html, its boxes are built
 * from the fixture's own templates the way fake-youtube.js builds them, and "YouTube" enables submit on
 * input events as fake-youtube.js does. The real browser path is proven in tests/e2e/youtube-track.test.ts.
 */

const fx = FIXTURE.watch;

function loadWatchPage() {
  const parsed = new DOMParser().parseFromString(fixtureFile('watch.html'), 'text/html');
  for (const s of Array.from(parsed.querySelectorAll('script'))) s.remove();
  document.body.replaceChildren(...Array.from(parsed.body.childNodes, (n) => document.importNode(n, true)));
}

function fromTemplate(id: string, values: Record<string, string>): Element {
  const html = document
    .getElementById(id)!
    .innerHTML.replace(/\{\{(\w+)\}\}/g, (_, k: string) => values[k] ?? '');
  const holder = document.createElement('div');
  holder.innerHTML = html;
  return holder.firstElementChild!;
}

const byId = (id: string) => findComments(document).find((c) => commentId(c) === id)!;

function openTopLevelBox(): Element {
  const box = fromTemplate('fake-yt-commentbox', { label: 'Add a comment…', submit: 'Comment' });
  document.querySelector('ytd-comment-simplebox-renderer')!.append(box);
  return box;
}

function openReplyBox(id: string, prefill = ''): Element {
  const comment = byId(id);
  const dialog = Array.from(comment.querySelectorAll('#reply-dialog')).find(
    (d) => d.closest('ytd-comment-view-model') === comment,
  )!;
  const box = fromTemplate('fake-yt-commentbox', { label: 'Add a reply…', submit: 'Reply' });
  dialog.append(box);
  editor(box).textContent = prefill;
  return box;
}

// Not querySelector: jsdom answers `#id` from a document-wide index that only knows the first box.
const editor = (box: Element) => box.querySelectorAll<HTMLElement>('#contenteditable-root')[0]!;
const submit = (box: Element) => box.querySelectorAll<HTMLButtonElement>('#submit-button button')[0]!;

/** What fake-youtube.js (and YouTube) do: submit follows the editor's text on every input event. */
function enableOnInput(event: Event) {
  const box = (event.target as Element).closest('ytd-commentbox');
  if (!box) return;
  const empty = editor(box).textContent!.trim() === '';
  submit(box).toggleAttribute('disabled', empty);
}

/** The browser's insertText: at the caret of the focused editable, then an input event. */
let editorTakesText = true;
function execCommand(command: string, _ui: boolean, text: string): boolean {
  const target = document.activeElement as HTMLElement | null;
  if (command !== 'insertText' || !editorTakesText || !target?.isContentEditable) return false;
  const range = document.getSelection()!.getRangeAt(0);
  range.insertNode(document.createTextNode(text));
  target.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: 'insertText', data: text }));
  return true;
}

beforeEach(() => {
  loadWatchPage();
  editorTakesText = true;
  // jsdom lacks isContentEditable and execCommand.
  Object.defineProperty(HTMLElement.prototype, 'isContentEditable', {
    configurable: true,
    get(this: HTMLElement) {
      return this.getAttribute('contenteditable') === 'true';
    },
  });
  Object.assign(document, { execCommand });
  document.addEventListener('input', enableOnInput);
});
afterEach(() => {
  document.removeEventListener('input', enableOnInput);
  document.body.replaceChildren();
});

describe('finding the box the ambassador writes in', () => {
  it('finds none while every box is closed', () => {
    expect(findCommentbox(document)).toBeNull();
  });

  it('takes the top-level box for a comment on the video', () => {
    const box = openTopLevelBox();
    expect(findCommentbox(document)).toMatchObject({ box, kind: 'comment', targetId: fx.videoId });
  });

  it("prefers an open reply box, which answers its thread's top-level comment (also under a reply)", () => {
    openTopLevelBox();
    const box = openReplyBox(fx.replyIds[1]);
    expect(findCommentbox(document)).toMatchObject({ box, kind: 'reply', targetId: fx.threadId });
  });

  it('prefers the box focused last while it is open, and ignores hidden or removed ones', () => {
    const top = openTopLevelBox();
    const reply = openReplyBox(fx.threadId);
    expect(findCommentbox(document, top)?.box).toBe(top);
    top.parentElement!.toggleAttribute('hidden', true);
    expect(findCommentbox(document, top)?.box).toBe(reply);
    reply.remove();
    expect(findCommentbox(document, top)).toBeNull();
  });
});

describe('inserting a template', () => {
  it('says to open a box first when none is open', async () => {
    expect(await insertIntoCommentbox(document, 'hello')).toEqual({
      ok: false,
      reason: 'no-composer',
      message: expect.stringMatching(/Open the comment box/),
    });
  });

  it('fills the comment box so YouTube enables Comment, and names the video', async () => {
    const box = openTopLevelBox();
    expect(submit(box).disabled).toBe(true);
    const text = 'Had the same last month: support sorted it in a day';
    expect(await insertIntoCommentbox(document, text)).toEqual({
      ok: true,
      composer: 'inline',
      targetId: fx.videoId,
      next: 'In the comment box. Make it yours, then press Comment.',
    });
    expect(editor(box).textContent).toBe(text);
    expect(submit(box).disabled).toBe(false);
  });

  it("keeps YouTube's @mention in a reply to a reply and names the thread's comment", async () => {
    const box = openReplyBox(fx.replyIds[0], '@laura_chen_btc\u00a0');
    const result = await insertIntoCommentbox(document, 'chat support fixed mine');
    expect(result).toMatchObject({ ok: true, composer: 'dialog', targetId: fx.threadId });
    expect(result.ok && result.next).toMatch(/press Reply/);
    expect(editor(box).textContent).toBe('@laura_chen_btc\u00a0chat support fixed mine');
  });

  it('inserts where the ambassador left the caret inside their draft', async () => {
    const box = openTopLevelBox();
    editor(box).textContent = 'Same here. Cheers';
    const caret = document.createRange();
    caret.setStart(editor(box).firstChild!, 'Same here. '.length);
    document.getSelection()!.removeAllRanges();
    document.getSelection()!.addRange(caret);
    expect(await insertIntoCommentbox(document, 'Support fixed it. ')).toMatchObject({ ok: true });
    expect(editor(box).textContent).toBe('Same here. Support fixed it. Cheers');
  });

  it('selects the first placeholder left in the text, for the ambassador to type over', async () => {
    const box = openTopLevelBox();
    const text = 'Same here: {my_experience}. Support at https://kovra.example/support sorted it.';
    const result = await insertIntoCommentbox(document, text);
    expect(result).toMatchObject({ ok: true, selected: '{my_experience}' });
    const selection = document.getSelection()!;
    expect(selection.toString()).toBe('{my_experience}');
    expect(editor(box).contains(selection.anchorNode)).toBe(true);
  });

  it('selects nothing when the text has no placeholder', async () => {
    openTopLevelBox();
    const result = await insertIntoCommentbox(document, 'Support sorted it in a day');
    expect(result).toMatchObject({ ok: true });
    expect(result.ok && 'selected' in result).toBe(false);
  });

  it('reports a box that refused the text, so the ambassador uses Copy', async () => {
    editorTakesText = false;
    const box = openTopLevelBox();
    const result = await insertIntoCommentbox(document, 'hello there', { timeoutMs: 50 });
    expect(result).toMatchObject({ ok: false, reason: 'refused' });
    expect(editor(box).textContent).toBe('');
  });

  it('the composer remembers the box last focused, even after focus moved to the sidebar', async () => {
    const composer = createYoutubeComposer(document);
    try {
      const top = openTopLevelBox();
      const reply = openReplyBox(fx.threadId);
      editor(top).focus();
      editor(top).blur();
      expect(await composer.insert('for the video')).toMatchObject({ ok: true, targetId: fx.videoId });
      expect(editor(top).textContent).toBe('for the video');
      expect(editor(reply).textContent).toBe('');
    } finally {
      composer.dispose();
    }
  });
});
