import { OWN_ATTRIBUTE } from './dom';

/*
 * The skeleton both sites' badges share (issue 11): one button of ours per post, marked as ours so the
 * watchers skip it, styled inline (nothing leaks into the page and the page's CSS does not reach it),
 * placed where the site says, updated in place, and a click on it that opens the post in the sidebar
 * and never reaches the page. A site passes in where it goes and what belongs to which post.
 */

/** What a tracked post's badge says (the thread's category) and does; the same on every site. */
export interface BadgeOptions {
  /** The thread's category label, e.g. "Needs support". */
  label: string;
  /** Tooltip: priority, SLA, the team's note… */
  title?: string;
  onOpen: () => void;
}

/** A site's colours and spacing; the rest of a button's look (a pill, one line, inline styles) is shared. */
export interface BadgeTheme {
  maxWidth: number;
  margin: string;
  border: string;
  background: string;
  color: string;
  opacity?: number;
  font: string;
  /** Declarations the site's layout needs (X's action bar is a flex row: `align-self: flex-start`). */
  layout?: readonly string[];
}

/**
 * Inline styles only: nothing leaks into the page and the page's CSS (X's atomic classes, YouTube's
 * Polymer styles) does not reach us (`all: initial`).
 */
export function badgeStyle(theme: BadgeTheme): string {
  return [
    'all: initial',
    'box-sizing: border-box',
    'display: inline-flex',
    'align-items: center',
    ...(theme.layout ?? []),
    'gap: 4px',
    `max-width: ${theme.maxWidth}px`,
    `margin: ${theme.margin}`,
    'padding: 1px 8px',
    `border: ${theme.border}`,
    'border-radius: 9999px',
    `background: ${theme.background}`,
    `color: ${theme.color}`,
    ...(theme.opacity === undefined ? [] : [`opacity: ${theme.opacity}`]),
    `font: ${theme.font}`,
    'white-space: nowrap',
    'overflow: hidden',
    'text-overflow: ellipsis',
    'cursor: pointer',
  ].join('; ');
}

/** How one button of ours looks and what it does. */
export interface BadgeLook {
  className: string;
  text: string;
  ariaLabel: string;
  title?: string;
  style: string;
  onOpen: () => void;
}

/** A site's part of its badges. */
export interface BadgeSite {
  /** The tracked post's badge: its class and the site's look for it. */
  badge: { className: string; theme: BadgeTheme };
  /** Classes of the site's other buttons of ours (YouTube's pickers): finding "ours" looks for them too. */
  otherClasses?: readonly string[];
  /** Whether `button`, found inside `element`, belongs to it rather than to a post nested in it. */
  belongs(button: Element, element: Element): boolean;
  /** Where a new button goes: after an element, or appended to one. Null: nowhere to anchor. */
  anchor(element: Element): { el: Element; where: 'after' | 'append' } | null;
  /** Pointer events that must not reach the page either (X opens a tweet on mousedown). */
  swallow?: readonly string[];
}

export interface PageBadges {
  /** Puts (or updates) the badge of a tracked post, in place of any other button of ours. Null: nowhere to anchor it. */
  placeBadge(element: Element, options: BadgeOptions): HTMLButtonElement | null;
  /** Takes the element's button of ours (badge or other) off. */
  remove(element: Element): void;
  /** Whether the element carries the tracked badge (not another button of ours). */
  hasBadge(element: Element): boolean;
  /** Puts (or updates) the element's one button of ours. Null when there is nowhere to anchor it. */
  upsert(element: Element, look: BadgeLook): HTMLButtonElement | null;
  /** The element's button of ours, if any. */
  find(element: Element): HTMLButtonElement | null;
  /** Whether we ever put a button into this element (a search for one is only needed then). */
  placedIn(element: Element): boolean;
}

export function createPageBadges(site: BadgeSite): PageBadges {
  // Handlers live here so re-placing a badge swaps the callback instead of stacking listeners.
  const openers = new WeakMap<HTMLButtonElement, () => void>();
  const placed = new WeakSet<Element>();
  const badgeClass = site.badge.className;
  const badgeLook = badgeStyle(site.badge.theme);
  const ours = [badgeClass, ...(site.otherClasses ?? [])].map((c) => `button.${c}`).join(', ');

  const find = (element: Element): HTMLButtonElement | null => {
    const found = element.querySelectorAll<HTMLButtonElement>(ours);
    for (let i = 0; i < found.length; i++) {
      const b = found[i] as HTMLButtonElement;
      if (site.belongs(b, element)) return b;
    }
    return null;
  };

  const create = (doc: Document): HTMLButtonElement => {
    const button = doc.createElement('button');
    button.type = 'button';
    button.setAttribute(OWN_ATTRIBUTE, '');
    button.addEventListener('click', (event) => {
      // Our own button: the page must not treat the click as a click on its post.
      event.stopPropagation();
      event.preventDefault();
      openers.get(event.currentTarget as HTMLButtonElement)?.();
    });
    for (const type of site.swallow ?? []) button.addEventListener(type, (event) => event.stopPropagation());
    return button;
  };

  const upsert = (element: Element, look: BadgeLook): HTMLButtonElement | null => {
    let button = find(element);
    if (!button) {
      const place = site.anchor(element);
      if (!place) return null;
      button = create(element.ownerDocument);
      button.className = look.className;
      button.setAttribute('style', look.style);
      if (place.where === 'after') place.el.after(button);
      else place.el.append(button);
    }
    placed.add(element);
    if (button.className !== look.className) button.className = look.className;
    if (button.getAttribute('style') !== look.style) button.setAttribute('style', look.style);
    if (button.textContent !== look.text) button.textContent = look.text;
    button.setAttribute('aria-label', look.ariaLabel);
    if (look.title) button.title = look.title;
    else button.removeAttribute('title');
    openers.set(button, look.onOpen);
    return button;
  };

  return {
    placeBadge: (element, options) =>
      upsert(element, {
        className: badgeClass,
        text: `● ${options.label}`,
        ariaLabel: `Tracked by your team: ${options.label}`,
        ...(options.title ? { title: options.title } : {}),
        style: badgeLook,
        onOpen: options.onOpen,
      }),
    remove: (element) => find(element)?.remove(),
    hasBadge: (element) => find(element)?.classList.contains(badgeClass) ?? false,
    upsert,
    find,
    placedIn: (element) => placed.has(element),
  };
}
