import { createPageBadges } from '../page-badge';
import { actionBar } from './page';
import { ARTICLE } from './selectors';

export const BADGE_CLASS = 'reply-tracker-badge';

export interface BadgeOptions {
  /** The thread's category label, e.g. "Needs support". */
  label: string;
  /** Tooltip: priority, SLA… */
  title?: string;
  onOpen: () => void;
}

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

/** x.com's part of the shared badge skeleton (lib/platforms/page-badge.ts): one badge per tweet. */
const badges = createPageBadges({
  classes: [BADGE_CLASS],
  // A badge of this tweet, not of a tweet nested in it.
  belongs: (button, article) => button.closest(ARTICLE) === article,
  // Right after the action bar.
  anchor: (article) => {
    const bar = actionBar(article);
    return bar ? { el: bar, where: 'after' } : null;
  },
  // X opens the tweet on a press anywhere in it: our presses stay ours.
  swallow: ['mousedown', 'pointerdown', 'mouseup', 'pointerup'],
});

/**
 * Puts (or updates) the one badge of a tweet right after its action bar. Returns null when the tweet
 * has no action bar to anchor to (markup changed): the caller may report it.
 */
export function placeBadge(article: Element, options: BadgeOptions): HTMLButtonElement | null {
  return badges.upsert(article, {
    className: BADGE_CLASS,
    text: `● ${options.label}`,
    ariaLabel: `Tracked by your team: ${options.label}`,
    ...(options.title ? { title: options.title } : {}),
    style: STYLE,
    onOpen: options.onOpen,
  });
}

export function removeBadge(article: Element): void {
  badges.find(article)?.remove();
}

export function hasBadge(article: Element): boolean {
  return badges.find(article) !== null;
}
