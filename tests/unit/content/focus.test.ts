import { afterEach, describe, expect, it } from 'vitest';
import { createFocusSwitch } from '../../../lib/content/focus';

afterEach(() => {
  document.body.replaceChildren();
});

function page() {
  const composer = document.createElement('div');
  composer.contentEditable = 'true';
  composer.tabIndex = 0;
  composer.textContent = 'Had the same thing last month';
  const host = document.createElement('div');
  host.tabIndex = -1;
  // Closed, as in the installed build: host.shadowRoot is null, only this reference reaches inside.
  const shadow = host.attachShadow({ mode: 'closed' });
  const panel = document.createElement('aside');
  panel.tabIndex = -1;
  shadow.append(panel);
  document.body.append(composer, host);
  let entered = 0;
  const sw = createFocusSwitch({
    doc: document,
    host,
    shadow,
    enter: () => {
      entered++;
      panel.focus();
    },
  });
  return { composer, host, shadow, panel, sw, entered: () => entered };
}

describe('the shortcut moves focus into the sidebar and back', () => {
  it('goes in from the reply box and back to it, caret where it was', () => {
    const { composer, host, shadow, panel, sw, entered } = page();
    composer.focus();
    const text = composer.firstChild!;
    document.getSelection()!.collapse(text, 8);

    expect(sw.toggle()).toBe('sidebar');
    expect(entered()).toBe(1);
    expect(document.activeElement).toBe(host);
    expect(host.shadowRoot).toBeNull();
    expect(shadow.activeElement).toBe(panel);

    expect(sw.toggle()).toBe('page');
    expect(document.activeElement).toBe(composer);
    const sel = document.getSelection()!;
    expect(sel.anchorNode).toBe(text);
    expect(sel.anchorOffset).toBe(8);
  });

  it('from nowhere in particular it goes in, and back out leaves the sidebar', () => {
    const { host, shadow, sw } = page();
    expect(sw.toggle()).toBe('sidebar');
    expect(document.activeElement).toBe(host);
    expect(sw.toggle()).toBe('page');
    expect(document.activeElement).not.toBe(host);
    // Nothing inside the closed root keeps focus either.
    expect(shadow.activeElement).toBeNull();
  });

  it('does not go back to a reply box the page has since removed', () => {
    const { composer, host, sw } = page();
    composer.focus();
    sw.toggle();
    composer.remove();
    expect(sw.toggle()).toBe('page');
    expect(document.activeElement).not.toBe(host);
  });
});
