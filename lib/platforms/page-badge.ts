import { OWN_ATTRIBUTE } from './dom';

/*
 * The skeleton both sites' badges share (issue 11): one button of ours per post, marked as ours so the
 * watchers skip it, styled inline (nothing leaks into the page and the page's CSS does not reach it),
 * placed where the site says, updated in place, and a click on it that opens the post in the sidebar
 * and never reaches the page. A site passes in where it goes and what belongs to which post.
 */

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
  /** The classes our buttons carry (a badge, a picker): what finding "ours" looks for. */
  classes: readonly string[];
  /** Whether `button`, found inside `element`, belongs to it rather than to a post nested in it. */
  belongs(button: Element, element: Element): boolean;
  /** Where a new button goes: after an element, or appended to one. Null: nowhere to anchor. */
  anchor(element: Element): { el: Element; where: 'after' | 'append' } | null;
  /** Pointer events that must not reach the page either (X opens a tweet on mousedown). */
  swallow?: readonly string[];
}

export interface PageBadges {
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
  const ours = site.classes.map((c) => `button.${c}`).join(', ');

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

  return { upsert, find, placedIn: (element) => placed.has(element) };
}
