import type { PageAdapter, ThreadContext } from '../platforms/types';
import { E2E_BUILD } from './build-flavour';
import { reserveSpace } from './dock';

/**
 * The sidebar's first paint (issue 10: the sidebar shows the thread ≤ 150 ms after the page's post is in
 * the DOM). The React sidebar comes with the app, hundreds of milliseconds after the page on a busy
 * machine; until then the core paints, without React, what the page already shows: the sidebar's frame,
 * docked as the app will dock it, with the post it is about and a line saying the rest is on its way.
 * The app's first render replaces it in the same task (lib/content/app.tsx), so nothing moves or blinks.
 * It is only painted when the sidebar was left open and the window has room beside the page (where the
 * app would fold it to its tab, there is nothing to paint early).
 */
export interface FirstPaint {
  /** The page's thread may be readable now (its post was rendered): paint or update. */
  show(): void;
  /** The app's sidebar is up (or will not come): take the first paint away. */
  remove(): void;
}

export interface FirstPaintOptions {
  /** The sidebar's stylesheet, for the shadow root (the app's, so both look the same). */
  css: string;
  /** Whether the person left the sidebar open (it stays a tab otherwise). */
  isOpen: Promise<boolean>;
}

/** Long enough to recognise the post; the app shows the rest. */
const MAX_TEXT = 280;

export function createFirstPaint(
  doc: Document,
  adapter: PageAdapter,
  options: FirstPaintOptions,
): FirstPaint {
  let open: boolean | undefined;
  let wanted = false;
  let over = false;
  let host: { el: HTMLElement; root: ShadowRoot } | undefined;
  let shown = '';

  const paint = () => {
    wanted = false;
    if (over || !open || !doc.body) return;
    const ctx = adapter.threadContext(doc, new URL(location.href));
    if (!ctx) return;
    const key = `${ctx.targetId}\n${ctx.author ?? ''}\n${ctx.text ?? ''}`;
    if (host && key === shown) return;
    const fit = reserveSpace(doc, adapter.mainColumn(doc), true);
    if (fit.mode === 'overlay') {
      // Too narrow to share: the app folds the sidebar to its tab; nothing to show before it.
      reserveSpace(doc, null, false);
      over = true;
      return;
    }
    host ??= mountHost(doc, options.css);
    host.el.style.setProperty('--reply-tracker-width', `${fit.width}px`);
    host.el.setAttribute('data-fit', fit.mode);
    render(host.root, ctx, adapter.detectTheme(doc));
    shown = key;
  };

  options.isOpen.then(
    (value) => {
      open = value;
      if (wanted) paint();
    },
    () => {
      open = true;
      if (wanted) paint();
    },
  );

  return {
    show() {
      if (over) return;
      if (open === undefined) wanted = true;
      else paint();
    },
    remove() {
      over = true;
      if (!host) return;
      host.el.remove();
      host = undefined;
    },
  };
}

function mountHost(doc: Document, css: string): { el: HTMLElement; root: ShadowRoot } {
  // The same element name as the app's (its host replaces this one), so page styles treat both alike.
  const el = doc.createElement('reply-tracker-sidebar');
  el.setAttribute('data-first-paint', '');
  // Closed like the app's (issue 9): only this script keeps the root; the e2e build keeps it open.
  const root = el.attachShadow({ mode: E2E_BUILD ? 'open' : 'closed' });
  const style = doc.createElement('style');
  // As WXT's shadow-root UI does: nothing of the page's styles reaches in.
  style.textContent = `:host{all:initial !important;}\n${css.replaceAll(':root', ':host')}`;
  root.append(style);
  doc.body.append(el);
  return { el, root };
}

function element<K extends keyof HTMLElementTagNameMap>(
  doc: Document,
  tag: K,
  className: string,
  text?: string,
): HTMLElementTagNameMap[K] {
  const el = doc.createElement(tag);
  el.className = className;
  if (text !== undefined) el.textContent = text;
  return el;
}

const at = (author: string) => (author.startsWith('@') ? author : `@${author}`);

/** The app's markup for the same state (components/sidebar/Sidebar.tsx, ThreadSection.tsx), in short. */
function render(root: ShadowRoot, ctx: ThreadContext, theme: string): void {
  const doc = root.ownerDocument;
  const frame = element(doc, 'div', 'rt-root');
  frame.dataset.theme = theme;
  frame.dataset.state = 'open';
  const panel = element(doc, 'aside', 'rt-panel');
  panel.setAttribute('aria-label', 'Reply Tracker');
  panel.setAttribute('aria-busy', 'true');
  const header = element(doc, 'header', 'rt-header');
  const row = element(doc, 'div', 'rt-header-row');
  row.append(element(doc, 'h2', 'rt-title', 'Reply Tracker'));
  header.append(row);

  const section = element(doc, 'section', 'rt-section');
  section.setAttribute('aria-label', 'This thread');
  const head = element(doc, 'div', 'rt-section-head');
  head.append(element(doc, 'h3', 'rt-section-title', 'This thread'));
  const post = element(doc, 'article', 'rt-post');
  post.dataset.testid = 'rt-post';
  const video = ctx.platform === 'youtube' && ctx.targetId === (ctx.conversationId ?? ctx.targetId);
  post.dataset.kind = video ? 'video' : 'post';
  const by = ctx.author ? at(ctx.author) : undefined;
  post.setAttribute('aria-label', video ? `Video${by ? ` by ${by}` : ''}` : by ? `Post by ${by}` : 'Post');
  if (video) post.append(element(doc, 'p', 'rt-eyebrow', `Video${by ? ` by ${by}` : ''}`));
  else if (by) post.append(element(doc, 'p', 'rt-post-author', by));
  if (ctx.text) {
    const text = ctx.text.length > MAX_TEXT ? `${ctx.text.slice(0, MAX_TEXT - 1)}…` : ctx.text;
    post.append(element(doc, 'p', 'rt-post-text', text));
  }
  const status = element(doc, 'p', 'rt-empty', 'Checking whether your team tracks this thread…');
  status.setAttribute('role', 'status');
  section.append(head, post, status);

  const scroll = element(doc, 'div', 'rt-scroll');
  scroll.append(section);
  panel.append(header, scroll);
  frame.append(panel);
  const style = root.querySelector('style');
  root.replaceChildren(...(style ? [style] : []), frame);
}
