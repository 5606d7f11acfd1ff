import { describe, expect, it } from 'vitest';
import { findTweets, focusedTweet, readTweet } from '../../../../lib/platforms/x/page';
import { FIXTURE, resolveXFixture } from '../../../fixtures/x/routes';

const doc = (href: string) => {
  const res = resolveXFixture(new URL(href));
  expect(res?.contentType).toBe('text/html; charset=utf-8');
  return new DOMParser().parseFromString(res!.body, 'text/html');
};

describe('resolveXFixture', () => {
  it.each([
    ['https://x.com/', FIXTURE.home.tweetCount],
    ['https://x.com/home', FIXTURE.home.tweetCount],
    ['https://twitter.com/home', FIXTURE.home.tweetCount],
    [FIXTURE.longTimeline.url, FIXTURE.longTimeline.tweetCount],
    [FIXTURE.status.url, FIXTURE.status.tweetCount],
    [`${FIXTURE.status.url}/photo/1`, FIXTURE.status.tweetCount],
    [FIXTURE.status2.url, FIXTURE.status2.tweetCount],
    [FIXTURE.profile.url, FIXTURE.profile.tweetCount],
    ['https://x.com/laura_chen_btc/with_replies', FIXTURE.profile.tweetCount],
    [FIXTURE.search.url, FIXTURE.search.tweetCount],
    ['https://x.com/explore', FIXTURE.search.tweetCount],
    ['https://x.com/hashtag/kovra?src=hashtag_click', FIXTURE.search.tweetCount],
    [FIXTURE.notifications.url, FIXTURE.notifications.tweetCount],
  ])('%s serves a page with %i tweets', (href, count) => {
    expect(findTweets(doc(href))).toHaveLength(count);
  });

  it('the status pages focus the tweet their URL names', () => {
    expect(readTweet(focusedTweet(doc(FIXTURE.status.url))!)?.id).toBe(FIXTURE.status.focusedStatusId);
    expect(readTweet(focusedTweet(doc(FIXTURE.status2.url))!)?.id).toBe(FIXTURE.status2.focusedStatusId);
  });

  it('an unknown status id gets the template page, with that id and handle', () => {
    const page = doc(FIXTURE.genericStatusUrl('priya_fin', '1879245011284807777'));
    expect(readTweet(focusedTweet(page)!)).toMatchObject({ id: '1879245011284807777', author: 'priya_fin' });
    expect(page.querySelector('#fake-x-tweet')!.innerHTML).toContain('{{ID}}');
  });

  it('serves fake-x.js, and every page includes it', () => {
    const js = resolveXFixture(new URL('https://x.com/fixture/fake-x.js'))!;
    expect(js.contentType).toMatch(/^application\/javascript/);
    expect(js.body).toContain('FavoriteTweet');
    expect(doc(FIXTURE.home.url).querySelector('script[src="/fixture/fake-x.js"]')).not.toBeNull();
  });

  it.each([
    'https://x.com/i/api/graphql/lI07N6Otwv1PhnEgXILM7A/FavoriteTweet',
    'https://x.com/i/api/1.1/jot/client_event.json',
    'https://x.com/settings/account',
    'https://x.com/messages',
    'https://www.youtube.com/watch?v=abcdefghijk',
    'https://abs.twimg.com/responsive-web/client-web/main.js',
  ])('%s is not a fixture page', (href) => {
    expect(resolveXFixture(new URL(href))).toBeNull();
  });
});
