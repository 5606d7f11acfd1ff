import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { createFirstPaint } from '@/lib/content/first-paint';
import type { PageAdapter, ThreadContext } from '@/lib/platforms/types';
import { nextTurn } from '../event-loop';

/*
 * The sidebar's first paint (issue 10): before the app is up, the core shows the thread the page is
 * about in the sidebar's frame, without React; the app's sidebar replaces it.
 */
const thread: ThreadContext = {
  platform: 'x',
  targetId: '101',
  conversationId: '100',
  url: 'https://x.com/critic/status/101',
  author: 'critic',
  text: 'Withdrawals take a week <b>again</b>',
};
let context: ThreadContext | undefined = thread;
const column = document.createElement('main');

const adapter: PageAdapter = {
  platform: 'x',
  parseUrl: () => null,
  threadContext: () => context,
  watch: () => ({ rescan: () => {}, disconnect: () => {} }),
  detectTheme: () => 'dim',
  mainColumn: () => column,
  inThread: () => false,
};

const host = () => document.querySelector('reply-tracker-sidebar');
// The root is closed (issue 9): page scripts get null from host.shadowRoot; the test keeps the one
// attachShadow returned, as the content script does.
const roots = new WeakMap<Element, ShadowRoot>();
const attach = Element.prototype.attachShadow;
const spy = vi.spyOn(Element.prototype, 'attachShadow').mockImplementation(function (
  this: Element,
  init: ShadowRootInit,
) {
  const root = attach.call(this, init);
  roots.set(this, root);
  return root;
});
afterAll(() => spy.mockRestore());
const rootOf = () => {
  const el = host();
  return el ? roots.get(el) : undefined;
};
const flush = nextTurn;

afterEach(() => {
  host()?.remove();
  context = thread;
});

describe('the sidebar’s first paint', () => {
  it('shows the page’s post as the sidebar will, as text, and goes when the app’s sidebar is up', async () => {
    const paint = createFirstPaint(document, adapter, { css: '.rt-root{}', isOpen: Promise.resolve(true) });
    paint.show(); // before the saved state is read: painted once it is
    await flush();
    // What a page script sees: nothing.
    expect(host()?.shadowRoot).toBeNull();
    const root = rootOf();
    const post = root?.querySelector('[data-testid="rt-post"]');
    expect(post?.getAttribute('aria-label')).toBe('Post by @critic');
    expect(post?.querySelector('.rt-post-author')?.textContent).toBe('@critic');
    // The page's text stays text.
    expect(post?.querySelector('.rt-post-text')?.textContent).toBe('Withdrawals take a week <b>again</b>');
    expect(root?.querySelector('.rt-root')?.getAttribute('data-theme')).toBe('dim');
    expect(root?.querySelector('[role="status"]')?.textContent).toMatch(/Checking whether your team tracks/);
    paint.remove();
    expect(host()).toBeNull();
    paint.show();
    expect(host()).toBeNull();
  });

  it('paints nothing when the sidebar was left folded, or before the page shows its thread', async () => {
    const folded = createFirstPaint(document, adapter, { css: '', isOpen: Promise.resolve(false) });
    folded.show();
    await flush();
    expect(host()).toBeNull();
    context = undefined;
    const open = createFirstPaint(document, adapter, { css: '', isOpen: Promise.resolve(true) });
    await flush();
    open.show();
    expect(host()).toBeNull();
    context = thread;
    open.show();
    expect(rootOf()?.querySelector('[data-testid="rt-post"]')).not.toBeNull();
  });
});
