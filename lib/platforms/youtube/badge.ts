import { OWN_ATTRIBUTE } from '../dom';
import { actionButtons, first, isReply } from './page';
import { COMMENT, VIDEO_TITLE } from './selectors';

export const BADGE_CLASS = 'reply-tracker-badge';
export const PICKER_CLASS = 'reply-tracker-pick';

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
  const ours = `button.${BADGE_CLASS}, button.${PICKER_CLASS}`;
  for (const b of Array.from(element.querySelectorAll<HTMLButtonElement>(ours))) {
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

/** A quieter button on untracked top-level comments: opens the comment in the sidebar (to track it, or
 * to read its playbook) without competing with YouTube's own controls. */
const PICKER_STYLE = STYLE.replace(
  'border: 1px solid rgba(62, 166, 255, 0.6)',
  'border: 1px solid transparent',
)
  .replace('background: rgba(62, 166, 255, 0.12)', 'background: transparent')
  .replace('color: rgb(33, 140, 230)', 'color: rgb(96, 96, 96); opacity: 0.75');

interface Look {
  className: string;
  text: string;
  ariaLabel: string;
  title?: string;
  style: string;
  onOpen: () => void;
}

function upsert(element: Element, look: Look): HTMLButtonElement | null {
  let badge = ownBadge(element);
  if (!badge) {
    const place = anchor(element);
    if (!place) return null;
    badge = element.ownerDocument.createElement('button');
    badge.type = 'button';
    badge.setAttribute(OWN_ATTRIBUTE, '');
    badge.addEventListener('click', (event) => {
      // Our own button: YouTube must not treat it as a click on the comment.
      event.stopPropagation();
      event.preventDefault();
      openers.get(event.currentTarget as HTMLButtonElement)?.();
    });
    if (place.where === 'after') place.el.after(badge);
    else place.el.append(badge);
  }
  if (badge.className !== look.className) badge.className = look.className;
  if (badge.getAttribute('style') !== look.style) badge.setAttribute('style', look.style);
  if (badge.textContent !== look.text) badge.textContent = look.text;
  badge.setAttribute('aria-label', look.ariaLabel);
  if (look.title) badge.title = look.title;
  else badge.removeAttribute('title');
  openers.set(badge, look.onOpen);
  return badge;
}

/** Puts (or updates) the badge of a comment or of the video. Null when there is nothing to anchor to. */
export function placeBadge(element: Element, options: BadgeOptions): HTMLButtonElement | null {
  cancelPicker(element);
  return upsert(element, {
    className: BADGE_CLASS,
    text: `● ${options.label}`,
    ariaLabel: `Tracked by your team: ${options.label}`,
    ...(options.title ? { title: options.title } : {}),
    style: STYLE,
    onOpen: options.onOpen,
  });
}

function insertPicker(element: Element, onOpen: () => void): boolean {
  return (
    upsert(element, {
      className: PICKER_CLASS,
      // Says what it does; the name starts with the visible words (WCAG 2.5.3, label in name).
      text: 'Track / open',
      ariaLabel: 'Track / open in Reply Tracker',
      title: 'Track / open this comment in Reply Tracker: see how to answer it, or track it for the team',
      style: PICKER_STYLE,
      onOpen,
    }) !== null
  );
}

/**
 * Pickers wait until their comment is near the screen, hovered or focused (issue 10): a watch page
 * appends comments by the thousand, and a button on each was thousands of DOM nodes nobody looked at.
 * One IntersectionObserver per document, with a screen's height of margin above and below, so a
 * picker is there before its comment scrolls in; focus (Tab through the comments) and hover place it
 * too, so it stays reachable by keyboard.
 */
interface Deferral {
  waiting: WeakMap<Element, () => void>;
  observer: IntersectionObserver;
  show(element: Element): void;
}
const deferrals = new WeakMap<Document, Deferral>();

function deferral(doc: Document): Deferral | null {
  const known = deferrals.get(doc);
  if (known) return known;
  const Observer = doc.defaultView?.IntersectionObserver;
  // No IntersectionObserver (older engines, jsdom): every picker goes in at once, as before.
  if (typeof Observer !== 'function') return null;
  const waiting = new WeakMap<Element, () => void>();
  const show = (element: Element) => {
    const onOpen = waiting.get(element);
    if (!onOpen) return;
    waiting.delete(element);
    observer.unobserve(element);
    if (element.isConnected) insertPicker(element, onOpen);
  };
  const observer = new Observer(
    (entries) => {
      for (const entry of entries) if (entry.isIntersecting) show(entry.target);
    },
    { rootMargin: '100% 0px' },
  );
  const reached = (event: Event) => {
    const target = event.target as Element | null;
    const comment = typeof target?.closest === 'function' ? target.closest(COMMENT) : null;
    if (comment) show(comment);
  };
  doc.addEventListener('focusin', reached, true);
  doc.addEventListener('pointerover', reached, true);
  const made: Deferral = { waiting, observer, show };
  deferrals.set(doc, made);
  return made;
}

/** Forgets a picker still waiting for its comment to be seen (the comment got a badge, or none). */
function cancelPicker(element: Element): void {
  const d = deferrals.get(element.ownerDocument);
  if (d?.waiting.delete(element)) d.observer.unobserve(element);
}

/**
 * Only top-level comments can be tracked on their own; replies belong to their comment's thread. The
 * button itself goes in once the comment is near the screen, hovered or focused.
 */
export function placePicker(element: Element, onOpen: () => void): boolean {
  if (!ownerComment(element) || isReply(element)) return false;
  const existing = ownBadge(element);
  const d = existing ? null : deferral(element.ownerDocument);
  if (!d) {
    cancelPicker(element);
    return insertPicker(element, onOpen);
  }
  if (!d.waiting.has(element)) d.observer.observe(element);
  d.waiting.set(element, onOpen);
  return true;
}

export function removeBadge(element: Element): void {
  cancelPicker(element);
  ownBadge(element)?.remove();
}

export function hasBadge(element: Element): boolean {
  return ownBadge(element)?.classList.contains(BADGE_CLASS) ?? false;
}
