import { beforeEach, describe, expect, it, vi } from 'vitest';
import { BADGE_CLASS, hasBadge, placeBadge, removeBadge } from '../../../../lib/platforms/x/badge';
import { actionBar, findTweets } from '../../../../lib/platforms/x/page';
import { fixtureFile } from '../../../fixtures/x/routes';

function mountHome() {
  const parsed = new DOMParser().parseFromString(fixtureFile('home.html'), 'text/html');
  document.body.replaceWith(document.importNode(parsed.body, true));
  return findTweets(document);
}

describe('placeBadge', () => {
  let tweets: HTMLElement[];
  beforeEach(() => {
    tweets = mountHome();
  });

  it('puts one labelled button right after the action bar, and only one however often it is called', () => {
    const article = tweets[1]!; // the quote tweet
    const first = placeBadge(article, {
      label: 'Needs support',
      title: 'High · 20 h left',
      onOpen: () => {},
    })!;
    const again = placeBadge(article, { label: 'Doubt in reliability', onOpen: () => {} })!;
    expect(again).toBe(first);
    expect(article.querySelectorAll(`.${BADGE_CLASS}`)).toHaveLength(1);
    expect(document.querySelectorAll(`.${BADGE_CLASS}`)).toHaveLength(1);
    expect(actionBar(article)!.nextElementSibling).toBe(first);
    expect(first.tagName).toBe('BUTTON');
    expect(first.type).toBe('button');
    expect(first.getAttribute('aria-label')).toBe('Tracked by your team: Doubt in reliability');
    expect(first.textContent).toContain('Doubt in reliability');
    expect(first.hasAttribute('title')).toBe(false);
    expect(first.getAttribute('style')).toContain('border-radius');
    expect(hasBadge(article)).toBe(true);
    expect(hasBadge(tweets[0]!)).toBe(false);
  });

  it('clicking calls the latest onOpen and does not reach X (no navigation into the tweet)', () => {
    const article = tweets[0]!;
    const stale = vi.fn();
    const onOpen = vi.fn();
    placeBadge(article, { label: 'Trolling', onOpen: stale });
    const badge = placeBadge(article, { label: 'Trolling', onOpen })!;
    const xRoot = vi.fn();
    document.addEventListener('click', xRoot);
    article.addEventListener('click', xRoot);
    badge.click();
    document.removeEventListener('click', xRoot);
    expect(onOpen).toHaveBeenCalledTimes(1);
    expect(stale).not.toHaveBeenCalled();
    expect(xRoot).not.toHaveBeenCalled();
  });

  it('removeBadge removes it; a tweet without an action bar gets none', () => {
    const article = tweets[2]!;
    placeBadge(article, { label: 'Positive / neutral', onOpen: () => {} });
    removeBadge(article);
    expect(hasBadge(article)).toBe(false);
    removeBadge(article);
    const bare = document.createElement('article');
    expect(placeBadge(bare, { label: 'x', onOpen: () => {} })).toBeNull();
  });

  it('a badge on a quote tweet is the quote tweet’s own (not confused with other tweets)', () => {
    for (const t of tweets) placeBadge(t, { label: 'Rumour / narrative', onOpen: () => {} });
    for (const t of tweets) placeBadge(t, { label: 'Rumour / narrative', onOpen: () => {} });
    expect(document.querySelectorAll(`.${BADGE_CLASS}`)).toHaveLength(tweets.length);
  });
});
