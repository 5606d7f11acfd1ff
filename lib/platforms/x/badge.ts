import { type BadgeOptions, createPageBadges } from '../page-badge';
import { actionBar } from './page';
import { ARTICLE } from './selectors';

export const BADGE_CLASS = 'reply-tracker-badge';

/** x.com's part of the shared badge skeleton (lib/platforms/page-badge.ts): one badge per tweet. */
const badges = createPageBadges({
  badge: {
    className: BADGE_CLASS,
    // X's blue on a transparent background reads on light, dim and dark alike.
    theme: {
      layout: ['align-self: flex-start'],
      maxWidth: 220,
      margin: '2px 0 6px',
      border: '1px solid rgba(29, 155, 240, 0.55)',
      background: 'rgba(29, 155, 240, 0.1)',
      color: 'rgb(29, 155, 240)',
      font: '500 12px/18px -apple-system, BlinkMacSystemFont, "Segoe UI", Roboto, Helvetica, Arial, sans-serif',
    },
  },
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
  return badges.placeBadge(article, options);
}

export const removeBadge = (article: Element): void => badges.remove(article);

export const hasBadge = (article: Element): boolean => badges.hasBadge(article);
