import { cancelNearScreen, whenNearScreen } from '../near-screen';
import { type BadgeOptions, type BadgeTheme, badgeStyle, createPageBadges } from '../page-badge';
import { actionButtons, first, isReply } from './page';
import { COMMENT, VIDEO_TITLE } from './selectors';

export const BADGE_CLASS = 'reply-tracker-badge';
export const PICKER_CLASS = 'reply-tracker-pick';

/** YouTube's link blue at half strength reads on both its light and dark backgrounds. */
const THEME: BadgeTheme = {
  maxWidth: 240,
  margin: '4px 0 6px',
  border: '1px solid rgba(62, 166, 255, 0.6)',
  background: 'rgba(62, 166, 255, 0.12)',
  color: 'rgb(33, 140, 230)',
  font: '500 12px/18px Roboto, Arial, sans-serif',
};

/** The comment a badge belongs to, or null for the video's own (outside any comment). */
const ownerComment = (el: Element): Element | null => (el.matches(COMMENT) ? el : null);

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
const PICKER_STYLE = badgeStyle({
  ...THEME,
  border: '1px solid transparent',
  background: 'transparent',
  color: 'rgb(96, 96, 96)',
  opacity: 0.75,
});

/**
 * youtube.com's part of the shared badge skeleton (lib/platforms/page-badge.ts): one button per comment
 * or video, a badge or a picker. `placedIn` says where one of ours went: a comment never given one
 * needs no search before its picker waits to be seen (issue 10: a query per comment); the search still
 * runs when the button goes in, so a copy of ours the page made is reused, not doubled.
 */
const badges = createPageBadges({
  badge: { className: BADGE_CLASS, theme: THEME },
  otherClasses: [PICKER_CLASS],
  // A button of this comment (or of the video: outside any comment), not of a reply nested in it.
  belongs: (button, element) => button.closest(COMMENT) === ownerComment(element),
  anchor,
});
const upsert = badges.upsert;
const ownBadge = badges.find;

/** Puts (or updates) the badge of a comment or of the video. Null when there is nothing to anchor to. */
export function placeBadge(element: Element, options: BadgeOptions): HTMLButtonElement | null {
  cancelPicker(element);
  return badges.placeBadge(element, options);
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
 * The wait is the document's one IntersectionObserver (lib/platforms/near-screen.ts), with a screen's
 * height of margin above and below, so a picker is there before its comment scrolls in; focus (Tab
 * through the comments) and hover place it too, so it stays reachable by keyboard.
 */
const waitingPickers = new WeakMap<Element, () => void>();

function showPicker(element: Element): void {
  const onOpen = waitingPickers.get(element);
  if (!onOpen) return;
  waitingPickers.delete(element);
  cancelNearScreen(element, showPicker);
  if (element.isConnected) insertPicker(element, onOpen);
}

const reachable = new WeakSet<Document>();

/** Hover and keyboard focus reach a comment before any observer says it is near. Once per document. */
function listenForReach(doc: Document): void {
  if (reachable.has(doc)) return;
  reachable.add(doc);
  const reached = (event: Event) => {
    const target = event.target as Element | null;
    const comment = typeof target?.closest === 'function' ? target.closest(COMMENT) : null;
    if (comment) showPicker(comment);
  };
  doc.addEventListener('focusin', reached, true);
  doc.addEventListener('pointerover', reached, true);
}

/** Forgets a picker still waiting for its comment to be seen (the comment got a badge, or none). */
function cancelPicker(element: Element): void {
  if (waitingPickers.delete(element)) cancelNearScreen(element, showPicker);
}

/**
 * Only top-level comments can be tracked on their own; replies belong to their comment's thread. The
 * button itself goes in once the comment is near the screen, hovered or focused.
 */
export function placePicker(element: Element, onOpen: () => void): boolean {
  if (!ownerComment(element) || isReply(element)) return false;
  const existing = badges.placedIn(element) ? ownBadge(element) : null;
  // No IntersectionObserver (older engines, jsdom): every picker goes in at once.
  if (!existing && whenNearScreen(element, showPicker)) {
    waitingPickers.set(element, onOpen);
    listenForReach(element.ownerDocument);
    return true;
  }
  cancelPicker(element);
  return insertPicker(element, onOpen);
}

export function removeBadge(element: Element): void {
  cancelPicker(element);
  badges.remove(element);
}

export const hasBadge = (element: Element): boolean => badges.hasBadge(element);
