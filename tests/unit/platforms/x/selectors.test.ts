import { describe, expect, it } from 'vitest';
import * as S from '../../../../lib/platforms/x/selectors';
import { buildLongTimeline, fixtureFile } from '../../../fixtures/x/routes';

/*
 * Each selector against the saved pages, with the counts the markup should give. When X changes and
 * the fixtures are refreshed from real pages, this table says which selector broke.
 */

const parse = (html: string) => new DOMParser().parseFromString(html, 'text/html');
const pages: Record<string, Document> = {
  home: parse(fixtureFile('home.html')),
  long: parse(buildLongTimeline()),
  status: parse(fixtureFile('status.html')),
  status2: parse(fixtureFile('status-2.html')),
  template: parse(fixtureFile('status-template.html')),
  profile: parse(fixtureFile('profile.html')),
  search: parse(fixtureFile('search.html')),
  notifications: parse(fixtureFile('notifications.html')),
};

type Row = [page: string, selector: string, count: number];

const rows: Row[] = [
  // Layout: every page has exactly one of each.
  ...Object.keys(pages).flatMap((p): Row[] => [
    [p, S.PRIMARY_COLUMN, 1],
    [p, S.SIDEBAR_COLUMN, 1],
    [p, S.LAYERS, 1],
    [p, S.DIALOG, 0],
    [p, S.TWEET_BUTTON, 0],
  ]),
  ['home', S.TWEET, 30],
  ['home', S.CELL, 30],
  ['home', S.FOCUSED_TWEET, 0],
  ['home', `${S.TWEET} ${S.QUOTE_CARD}`, 1],
  ['home', S.USER_NAME, 31],
  ['home', S.TWEET_TEXT, 30], // 29 own (one is media-only) + 1 quoted
  ['home', S.TIME, 30], // the promoted tweet has none; the quote card has one
  ['home', S.PERMALINK_TIME, 29], // every time but the quote card's, which is in no link
  ['home', S.TWEET_PHOTO, 3],
  ['home', S.SOCIAL_CONTEXT, 1],
  ['home', S.ACTION_BAR, 30],
  ['home', S.REPLY_BUTTON, 30],
  ['home', S.RETWEET_BUTTON, 29],
  ['home', S.UNRETWEET_BUTTON, 1],
  ['home', S.LIKE_BUTTON, 29],
  ['home', S.UNLIKE_BUTTON, 1],
  ['home', S.LIKE_OR_UNLIKE_BUTTON, 30],
  ['home', S.COMPOSER_TEXTAREA, 1], // "What is happening?!"
  ['home', S.TWEET_BUTTON_INLINE, 1],
  ['home', S.INLINE_REPLY, 0],
  ['home', `${S.STATUS_LINK}[href$="/analytics"]`, 29],
  ['home', `${S.STATUS_LINK}[href$="/photo/1"]`, 3],
  ['long', S.TWEET, 300],
  ['long', S.UNLIKE_BUTTON, 10],
  ['status', S.TWEET, 8],
  ['status', S.FOCUSED_TWEET, 1],
  ['status', S.CELL, 9],
  ['status', S.TWEET_TEXT, 8],
  ['status', S.LIKE_BUTTON, 7],
  ['status', S.UNLIKE_BUTTON, 1],
  ['status', S.ACTION_BAR, 8],
  ['status', S.INLINE_REPLY, 1],
  ['status', S.COMPOSER_TEXTAREA, 1],
  ['status', `${S.INLINE_REPLY} ${S.COMPOSER_TEXTAREA}[contenteditable="true"][role="textbox"]`, 1],
  ['status', `${S.INLINE_REPLY} ${S.TWEET_BUTTON_INLINE}[disabled]`, 1],
  ['status', S.COMPOSER_BLOCK, 1],
  ['status', S.TWEET_PHOTO, 1],
  ['status2', S.TWEET, 4],
  ['status2', S.FOCUSED_TWEET, 1],
  ['status2', S.UNLIKE_BUTTON, 0],
  ['status2', S.INLINE_REPLY, 1],
  ['template', S.TWEET, 1],
  ['template', S.FOCUSED_TWEET, 1],
  ['profile', S.TWEET, 8],
  ['profile', S.SOCIAL_CONTEXT, 2],
  ['profile', S.UNLIKE_BUTTON, 1],
  ['profile', S.TWEET_PHOTO, 2],
  ['profile', S.COMPOSER_TEXTAREA, 0],
  ['search', S.TWEET, 8],
  ['search', S.TWEET_TEXT, 8],
  ['search', S.COMPOSER_TEXTAREA, 0],
  ['notifications', S.TWEET, 3],
  ['notifications', 'article[data-testid="notification"]', 4],
  ['notifications', S.CELL, 7],
];

describe('x.com selectors on the fixture pages', () => {
  it.each(rows)('%s: %s matches %i', (page, selector, count) => {
    expect(pages[page]!.querySelectorAll(selector)).toHaveLength(count);
  });

  it('every tweet has the markup the adapter relies on', () => {
    for (const doc of Object.values(pages)) {
      for (const article of Array.from(doc.querySelectorAll(S.TWEET))) {
        expect(article.getAttribute('role')).toBe('article');
        expect(['0', '-1']).toContain(article.getAttribute('tabindex'));
        expect(article.querySelector(`${S.USER_NAME} ${S.USER_HANDLE_LINK}`)?.textContent).toMatch(/^@\w+$/);
        expect(article.querySelector(S.ACTION_BAR)?.tagName).toBe('DIV');
        expect(article.querySelector(S.REPLY_BUTTON)?.tagName).toBe('BUTTON');
        expect(article.querySelector(S.LIKE_OR_UNLIKE_BUTTON)?.getAttribute('aria-label')).toMatch(
          /(^|\. )Liked?$/,
        );
      }
    }
  });

  it('a liked tweet says so in its aria-label, like X', () => {
    const liked = pages.home!.querySelector(S.UNLIKE_BUTTON)!;
    expect(liked.getAttribute('aria-label')).toBe('58 Likes. Liked');
    expect(pages.home!.querySelector(S.REPLY_BUTTON)!.getAttribute('aria-label')).toBe('31 Replies. Reply');
  });

  it('the time of a timeline tweet sits inside its permalink; the quote card time does not', () => {
    const times = Array.from(pages.home!.querySelectorAll(S.TIME));
    const unlinked = times.filter((t) => !t.closest(S.STATUS_LINK));
    expect(unlinked).toHaveLength(1);
    expect(unlinked[0]!.closest(S.QUOTE_CARD)).not.toBeNull();
  });
});
