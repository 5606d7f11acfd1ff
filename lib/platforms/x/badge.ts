import { OWN_ATTRIBUTE } from '../dom';
import { actionBar } from './page';

export const BADGE_CLASS = 'reply-tracker-badge';

export interface BadgeOptions {
  /** The thread's category label, e.g. "Needs support". */
  label: string;
  /** Tooltip: priority, SLA… */
  title?: string;
  onOpen: () => void;
}

// Handlers live here so re-placing a badge swaps the callback instead of stacking listeners.
const openers = new WeakMap<HTMLButtonElement, () => void>();

/*
 * Inline styles only: nothing leaks into x.com and X's CSS (atomic classes) does not reach us. X's
 * blue on a transparent background reads on light, dim and dark alike.
 */
const STYLE = [
  'all: initial',
  'box-sizing: border-box',
  'display: inline-flex',
  'align-items: center',
  'align-self: flex-start',
  'gap: 4px',
  'max-width: 220px',
  'margin: 2px 0 6px',
  'padding: 1px 8px',
  'border: 1px solid rgba(29, 155, 240, 0.55)',
  'border-radius: 9999px',
  'background: rgba(29, 155, 240, 0.1)',
  'color: rgb(29, 155, 240)',
  'font: 500 12px/18px -apple-system, BlinkMacSystemFont, "Segoe UI", Roboto, Helvetica, Arial, sans-serif',
  'white-space: nowrap',
  'overflow: hidden',
  'text-overflow: ellipsis',
  'cursor: pointer',
].join('; ');

function ownBadge(article: Element): HTMLButtonElement | null {
  for (const el of Array.from(article.querySelectorAll<HTMLButtonElement>(`button.${BADGE_CLASS}`))) {
    if (el.closest('article') === article) return el;
  }
  return null;
}

function stop(event: Event): void {
  // Our own button: keep X from treating the click as a click on the tweet (which opens it).
  event.stopPropagation();
  event.preventDefault();
}

/**
 * Puts (or updates) the one badge of a tweet right after its action bar. Returns null when the tweet
 * has no action bar to anchor to (markup changed): the caller may report it.
 */
export function placeBadge(article: Element, options: BadgeOptions): HTMLButtonElement | null {
  let badge = ownBadge(article);
  if (!badge) {
    const bar = actionBar(article);
    if (!bar) return null;
    const doc = article.ownerDocument;
    badge = doc.createElement('button');
    badge.type = 'button';
    badge.setAttribute(OWN_ATTRIBUTE, '');
    badge.className = BADGE_CLASS;
    badge.setAttribute('style', STYLE);
    badge.addEventListener('click', (event) => {
      stop(event);
      openers.get(event.currentTarget as HTMLButtonElement)?.();
    });
    for (const type of ['mousedown', 'pointerdown', 'mouseup', 'pointerup'] as const) {
      badge.addEventListener(type, (event) => event.stopPropagation());
    }
    bar.after(badge);
  }
  const text = `● ${options.label}`;
  if (badge.textContent !== text) badge.textContent = text;
  badge.setAttribute('aria-label', `Tracked by your team: ${options.label}`);
  if (options.title) badge.title = options.title;
  else badge.removeAttribute('title');
  openers.set(badge, options.onOpen);
  return badge;
}

export function removeBadge(article: Element): void {
  ownBadge(article)?.remove();
}

export function hasBadge(article: Element): boolean {
  return ownBadge(article) !== null;
}
