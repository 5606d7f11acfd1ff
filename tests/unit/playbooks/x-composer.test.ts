import { afterEach, describe, expect, it } from 'vitest';
import { createXComposer, findComposer, insertIntoComposer } from '../../../lib/platforms/x/composer';

/*
 * jsdom has no Draft.js; these pin the decisions around it. The real editor is proven in
 * tests/e2e/playbooks.test.ts on tests/fixtures/x/draft.
 */

const editorHtml = (testid: string) => `
  <div data-testid="tweetTextarea_0" contenteditable="true" role="textbox"><div data-contents="true">
    <div data-block="true"><span data-offset-key="k"><br data-text="true"></span></div></div></div>
  <button data-testid="${testid}" disabled aria-disabled="true">Reply</button>`;

function page(opts: { inline?: boolean; dialog?: boolean }) {
  document.body.innerHTML = `
    <main data-testid="primaryColumn">
      <article data-testid="tweet" tabindex="-1">
        <a href="/jakeonchain/status/1879243385020211521"><time datetime="x">1h</time></a>
        <button data-testid="reply">Reply</button>
      </article>
      ${opts.inline ? `<div data-testid="inline_reply_offscreen">${editorHtml('tweetButtonInline')}</div>` : ''}
    </main>
    <div id="layers">${opts.dialog ? `<div role="dialog">${editorHtml('tweetButton')}</div>` : ''}</div>`;
}

/** Like Draft.js: only its paste handler changes the text; the send button follows its state. */
function draftLike(editor: HTMLElement) {
  editor.addEventListener('paste', (e) => {
    const text = (e as ClipboardEvent).clipboardData?.getData('text/plain') ?? '';
    e.preventDefault();
    editor.querySelector('[data-block="true"]')!.textContent += text;
    const button = editor.parentElement!.querySelector('button')!;
    button.removeAttribute('disabled');
    button.setAttribute('aria-disabled', 'false');
  });
}

// jsdom lacks these two; Chromium has both.
class FakeDataTransfer {
  private data = new Map<string, string>();
  setData(type: string, value: string) {
    this.data.set(type, value);
  }
  getData(type: string) {
    return this.data.get(type) ?? '';
  }
}
class FakeClipboardEvent extends Event {
  clipboardData: FakeDataTransfer | null;
  constructor(type: string, init: EventInit & { clipboardData?: FakeDataTransfer }) {
    super(type, init);
    this.clipboardData = init.clipboardData ?? null;
  }
}
Object.assign(window, { DataTransfer: FakeDataTransfer, ClipboardEvent: FakeClipboardEvent });

afterEach(() => {
  document.body.innerHTML = '';
});

describe('finding the reply composer', () => {
  it.each([
    [{ inline: true, dialog: true }, 'dialog'],
    [{ inline: true }, 'inline'],
    [{ dialog: true }, 'dialog'],
    [{}, undefined],
  ] as const)('%j → %s', (opts, kind) => {
    page(opts);
    expect(findComposer(document)?.kind).toBe(kind);
  });
});

describe('inserting a template', () => {
  it('pastes into a Draft-like editor and waits for the send button to enable', async () => {
    page({ inline: true });
    const editor = document.querySelector<HTMLElement>('[data-testid="tweetTextarea_0"]')!;
    draftLike(editor);
    const result = await insertIntoComposer(document, 'Had the same last month');
    expect(result).toEqual({ ok: true, composer: 'inline' });
    expect(editor.textContent).toContain('Had the same last month');
    expect(document.activeElement).toBe(editor);
  });

  it('says to open the reply box when there is none, and never opens it itself', async () => {
    page({});
    let clicks = 0;
    document.addEventListener('click', () => clicks++);
    expect(await insertIntoComposer(document, 'hi')).toMatchObject({ ok: false, reason: 'no-composer' });
    expect(clicks).toBe(0);
  });

  it('reports an editor that does not take the text, instead of pretending', async () => {
    page({ dialog: true });
    const result = await insertIntoComposer(document, 'ignored', { timeoutMs: 100 });
    expect(result).toMatchObject({ ok: false, reason: 'refused' });
    expect(document.querySelector('[data-testid="tweetButton"]')).toBeDisabled();
  });

  it('names the tweet a reply dialog answers from the reply button pressed before it', async () => {
    page({ dialog: true });
    const composer = createXComposer(document);
    draftLike(document.querySelector<HTMLElement>('[role="dialog"] [data-testid="tweetTextarea_0"]')!);
    document.querySelector<HTMLElement>('[data-testid="reply"]')!.click();
    expect(await composer.insert('hello')).toEqual({
      ok: true,
      composer: 'dialog',
      targetId: '1879243385020211521',
    });
    composer.dispose();
  });
});
