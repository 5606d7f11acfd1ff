import { actionButtons, first } from './page';
import { COMMENT, VIDEO_TITLE } from './selectors';

export const BADGE_CLASS = 'reply-tracker-badge';

export interface BadgeOptions {
  /** The thread's category label, e.g. "Needs support". */
  label: string;
  title?: string;
  onOpen: () => void;
}

const openers = new WeakMap<HTMLButtonElement, () => void>();

/*
 * Inline styles only: nothing leaks into youtube.com and YouTube's CSS does not reach us. YouTube's
 * link blue at half strength reads on both its light and dark backgrounds.
 */
const STYLE = [
  'all: initial',
  'box-sizing: border-box',
  'display: inline-flex',
  'align-items: center',
  'gap: 4px',
  'max-width: 240px',
  'margin: 4px 0 6px',
  'padding: 1px 8px',
  'border: 1px solid rgba(62, 166, 255, 0.6)',
  'border-radius: 9999px',
  'background: rgba(62, 166, 255, 0.12)',
  'color: rgb(33, 140, 230)',
  'font: 500 12px/18px Roboto, Arial, sans-serif',
  'white-space: nowrap',
  'overflow: hidden',
  'text-overflow: ellipsis',
  'cursor: pointer',
].join('; ');

/** The comment a badge belongs to, or null for the video's own (outside any comment). */
const ownerComment = (el: Element): Element | null => (el.matches(COMMENT) ? el : null);

function ownBadge(element: Element): HTMLButtonElement | null {
  const owner = ownerComment(element);
  for (const b of Array.from(element.querySelectorAll<HTMLButtonElement>(`button.${BADGE_CLASS}`))) {
    if (b.closest(COMMENT) === owner) return b;
  }
  return null;
}

/** Comments: after the like/reply toolbar. The video: under its title. */
function anchor(element: Element): { el: Element; where: 'after' | 'append' } | null {
  if (ownerComment(element)) {
    const bar = actionButtons(element);
    return bar ? { el: bar, where: 'after' } : null;
  }
  const title = first(element, VIDEO_TITLE);
  return title ? { el: title, where: 'after' } : { el: element, where: 'append' };
}

/** Puts (or updates) the badge of a comment or of the video. Null when there is nothing to anchor to. */
export function placeBadge(element: Element, options: BadgeOptions): HTMLButtonElement | null {
  let badge = ownBadge(element);
  if (!badge) {
    const place = anchor(element);
    if (!place) return null;
    badge = element.ownerDocument.createElement('button');
    badge.type = 'button';
    badge.className = BADGE_CLASS;
    badge.setAttribute('style', STYLE);
    badge.addEventListener('click', (event) => {
      // Our own button: YouTube must not treat it as a click on the comment.
      event.stopPropagation();
      event.preventDefault();
      openers.get(event.currentTarget as HTMLButtonElement)?.();
    });
    if (place.where === 'after') place.el.after(badge);
    else place.el.append(badge);
  }
  const text = `● ${options.label}`;
  if (badge.textContent !== text) badge.textContent = text;
  badge.setAttribute('aria-label', `Tracked by your team: ${options.label}`);
  if (options.title) badge.title = options.title;
  else badge.removeAttribute('title');
  openers.set(badge, options.onOpen);
  return badge;
}

export function removeBadge(element: Element): void {
  ownBadge(element)?.remove();
}

export function hasBadge(element: Element): boolean {
  return ownBadge(element) !== null;
}
