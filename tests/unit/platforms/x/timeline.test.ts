import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { xTimelineOperation } from '../../../../lib/platforms/x/graphql-path';
import { parseXCreatedAt, parseXTimeline } from '../../../../lib/platforms/x/timeline';
import { fixtureReader } from '../../../fixtures/files';

const read = fixtureReader(join(__dirname, '../../../fixtures/x/timeline'));

describe('parseXTimeline: which posts an answer holds', () => {
  it.each([
    [
      'SearchTimeline: items, a visibility wrapper, a long post, a conversation module; the ad and the tombstone left out',
      'search-timeline.json',
      [
        '1922334455667788990',
        '1922334455667788991',
        '1922334455667788992',
        '1922334455667788993',
        '1922334455667788994',
        '1922334455667788995',
        '1922334455667788996',
      ],
      0,
    ],
    [
      'HomeTimeline: a retweet stands for its original, PinEntry, ReplaceEntry, a quote and its quoted post; users and ads left out',
      'home-timeline.json',
      [
        '1900000000000000010',
        '1900000000000000012',
        '1900000000000000014',
        '1900000000000000015',
        '1900000000000000016',
      ],
      0,
    ],
    [
      'TweetDetail: modules, TimelineAddToModule; an unavailable reply left out, a broken entry counted',
      'tweet-detail.json',
      ['1922334455667788990', '1922334455667788998', '1922334455667789000'],
      1,
    ],
    [
      'UserTweets: the pinned post and the timeline',
      'user-tweets.json',
      ['1910000000000000001', '1910000000000000002', '1910000000000000003'],
      0,
    ],
    [
      'NotificationsTimeline: the post, not the "liked your post" notice',
      'notifications-timeline.json',
      ['1922334455667789001'],
      0,
    ],
  ])('%s', (_, file, expected, skipped) => {
    const parsed = parseXTimeline(read(file));
    expect(parsed.posts.map((p) => p.postId)).toEqual(expected);
    expect(parsed.skipped).toBe(skipped);
  });

  it('keeps exactly the fields of a mention, from the 2025 layout (screen_name in core)', () => {
    const [first] = parseXTimeline(read('search-timeline.json')).posts;
    expect(first).toEqual({
      platform: 'x',
      postId: '1922334455667788990',
      conversationId: '1922334455667788990',
      url: 'https://x.com/cryptocomplainer/status/1922334455667788990',
      authorHandle: 'cryptocomplainer',
      authorId: '1377880011223344556',
      authorFollowers: 15300,
      text: 'Kovra froze my withdrawal for 3 days and nobody answers. Is this a scam?',
      lang: 'en',
      postedAt: '2025-05-14T08:01:12.000Z',
      replies: 12,
      likes: 48,
      reposts: 5,
      views: 20311,
    });
  });

  it('reads the handle from the user’s legacy in older answers, and the whole text of a long post', () => {
    const posts = parseXTimeline(read('search-timeline.json')).posts;
    const legacy = posts.find((p) => p.postId === '1922334455667788995');
    expect(legacy?.authorHandle).toBe('legacy_larry');
    expect(legacy?.authorFollowers).toBe(2051);
    const long = posts.find((p) => p.postId === '1922334455667788992');
    expect(long?.text.length).toBeGreaterThan(280);
    expect(long?.text.endsWith('cut-off time.')).toBe(true);
  });

  it('drops the pseudo-language X gives a post it could not tell ("qst": short text)', () => {
    const posts = parseXTimeline(read('user-tweets.json')).posts;
    expect(posts.map((p) => p.lang)).toEqual(['ru', 'ru', undefined]);
  });

  it.each([
    ['not JSON', '<html>'],
    ['empty', ''],
    ['no data', '{"errors":[{"message":"Rate limit exceeded","code":88}]}'],
    [
      'instructions of another kind',
      '{"data":{"x":{"instructions":[{"type":"TimelineAddEntries","entries":7}]}}}',
    ],
    [
      'an entry of an unknown type',
      '{"data":{"x":{"instructions":[{"type":"TimelineAddEntries","entries":[{"entryId":"a","content":{"entryType":"TimelineNew"}}]}]}}}',
    ],
    [
      'a tweet of an unknown typename',
      '{"data":{"x":{"instructions":[{"type":"TimelineAddEntries","entries":[{"entryId":"a","content":{"entryType":"TimelineTimelineItem","itemContent":{"itemType":"TimelineTweet","tweet_results":{"result":{"__typename":"TweetV3"}}}}}]}]}}}',
    ],
  ])('an answer that is %s is skipped and counted, never thrown', (_, body) => {
    const parsed = parseXTimeline(body);
    expect(parsed.posts).toEqual([]);
    expect(parsed.skipped).toBe(1);
  });
});

describe('xTimelineOperation', () => {
  it.each([
    ['https://x.com/i/api/graphql/nK1dw4oV3k4w5TdtcAdSww/SearchTimeline?variables=%7B%7D', 'SearchTimeline'],
    ['https://twitter.com/i/api/graphql/abc/HomeLatestTimeline', 'HomeLatestTimeline'],
    [
      'https://x.com/i/api/graphql/abc/TweetDetail?variables=%7B%22focalTweetId%22%3A%221%22%7D',
      'TweetDetail',
    ],
    ['https://x.com/i/api/graphql/abc/CreateTweet', null],
    ['https://x.com/i/api/graphql/abc/UserByScreenName', null],
    ['https://evil.example/i/api/graphql/abc/SearchTimeline', null],
    ['http://x.com/i/api/graphql/abc/SearchTimeline', null],
  ])('%s → %s', (url, expected) => {
    expect(xTimelineOperation(url)).toBe(expected);
  });
});

describe('parseXCreatedAt', () => {
  it.each([
    ['Wed Oct 10 20:19:24 +0000 2018', '2018-10-10T20:19:24.000Z'],
    ['Thu May 01 07:00:00 +0000 2025', '2025-05-01T07:00:00.000Z'],
    ['2025-05-01T07:00:00Z', undefined],
    ['Wed Foo 10 20:19:24 +0000 2018', undefined],
    [undefined, undefined],
  ])('%s → %s', (input, expected) => {
    expect(parseXCreatedAt(input)).toBe(expected);
  });
});
