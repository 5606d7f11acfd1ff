import { describe, expect, it } from 'vitest';
import { badgeStyle, createPageBadges } from '../../../lib/platforms/page-badge';

/*
 * The badge skeleton both sites share (issue 11): a site passes in its colours and where a button goes;
 * what a tracked post's badge says, and how it is found, updated and taken off, live here once.
 */
const theme = {
  maxWidth: 200,
  margin: '1px 0',
  border: '1px solid red',
  background: 'white',
  color: 'black',
  font: '12px sans-serif',
};

function post(): Element {
  const el = document.createElement('article');
  el.innerHTML = '<div class="bar"></div>';
  document.body.append(el);
  return el;
}

describe('createPageBadges', () => {
  const badges = createPageBadges({
    badge: { className: 'rt-badge', theme },
    otherClasses: ['rt-pick'],
    belongs: (button, element) => button.closest('article') === element,
    anchor: (element) => {
      const bar = element.querySelector('.bar');
      return bar ? { el: bar, where: 'after' } : null;
    },
  });

  it('says which category tracks the post, to a screen reader too, and opens it on click', () => {
    const el = post();
    let opened = 0;
    const button = badges.placeBadge(el, {
      label: 'Needs support',
      title: 'High priority',
      onOpen: () => opened++,
    })!;
    expect(button.textContent).toBe('● Needs support');
    expect(button.getAttribute('aria-label')).toBe('Tracked by your team: Needs support');
    expect(button.title).toBe('High priority');
    expect(button.getAttribute('style')).toBe(badgeStyle(theme));
    button.click();
    expect(opened).toBe(1);
    expect(badges.hasBadge(el)).toBe(true);
    badges.remove(el);
    expect(badges.hasBadge(el)).toBe(false);
    expect(el.querySelector('button')).toBeNull();
  });

  it('replaces another button of ours (a picker) instead of adding a second one', () => {
    const el = post();
    badges.upsert(el, {
      className: 'rt-pick',
      text: 'Track',
      ariaLabel: 'Track',
      style: '',
      onOpen: () => {},
    });
    expect(badges.hasBadge(el)).toBe(false);
    badges.placeBadge(el, { label: 'Trolling', onOpen: () => {} });
    expect(el.querySelectorAll('button')).toHaveLength(1);
    expect(badges.hasBadge(el)).toBe(true);
    expect(el.querySelector('button')?.hasAttribute('title')).toBe(false);
  });
});

describe('badgeStyle', () => {
  it('is one inline pill whatever the site, with the site’s colours and an optional opacity', () => {
    const style = badgeStyle({ ...theme, opacity: 0.5, layout: ['align-self: flex-start'] });
    expect(style).toContain('all: initial');
    expect(style).toContain('align-items: center; align-self: flex-start; gap: 4px');
    expect(style).toContain('color: black; opacity: 0.5; font: 12px sans-serif');
    expect(badgeStyle(theme)).not.toContain('opacity');
  });
});
