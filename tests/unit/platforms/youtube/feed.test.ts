import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  parseRelativeTime,
  parseYoutubeCount,
  parseYoutubeFeed,
} from '../../../../lib/platforms/youtube/feed';
import { fixtureReader } from '../../../fixtures/files';

const read = fixtureReader(join(__dirname, '../../../fixtures/youtube/feed'));
const NOW = new Date('2026-11-26T12:00:00.000Z');
const VIDEO = 'dQw4w9WgXcQ';
const parse = (file: string, videoId: string | undefined = VIDEO) =>
  parseYoutubeFeed(read(file), { now: NOW, ...(videoId && { videoId }) });

describe('parseYoutubeFeed: which comments and videos an answer holds', () => {
  it.each([
    [
      'next, view-model layout: the entity mutations; one without an id counted',
      'next-comments.json',
      [
        'UgxKovra1AbCdEfGhIjKlMnOp4AaABAg',
        'UgzNope2AbCdEfGhIjKlMnOpQ4AaABAg',
        'UgyRuss3AbCdEfGhIjKlMnOpQ4AaABAg',
        'UgwNear4AbCdEfGhIjKlMnOpQ4AaABAg',
      ],
      1,
    ],
    [
      'next, older commentRenderer layout, replies included',
      'next-comments-legacy.json',
      [
        'UgxLegacy1bCdEfGhIjKlMnOp4AaABAg',
        'UgxLegacy1bCdEfGhIjKlMnOp4AaABAg.9zQqRstUvWx9zQqRstUvWy',
        'UgxLegacy2bCdEfGhIjKlMnOp4AaABAg',
      ],
      0,
    ],
    [
      'search: videoRenderers, also in shelves; the ad left out, a broken one counted',
      'search.json',
      ['KovRaReview', 'CatsCatsCat', 'KovRaNews01'],
      1,
    ],
    [
      'browse: lockupViewModels and videoRenderers; playlists left out',
      'browse.json',
      ['KovLockup01', 'NotKovra001', 'KovRaOld001'],
      0,
    ],
  ])('%s', (_, file, expected, skipped) => {
    const parsed = parse(file);
    expect([...parsed.posts.map((p) => p.postId)].sort()).toEqual([...expected].sort());
    expect(parsed.skipped).toBe(skipped);
  });

  it('keeps exactly the fields of a mention for a view-model comment', () => {
    const post = parse('next-comments.json').posts.find((p) => p.postId.startsWith('UgxKovra1'));
    expect(post).toEqual({
      platform: 'youtube',
      postId: 'UgxKovra1AbCdEfGhIjKlMnOp4AaABAg',
      conversationId: VIDEO,
      url: `https://www.youtube.com/watch?v=${VIDEO}&lc=UgxKovra1AbCdEfGhIjKlMnOp4AaABAg`,
      authorHandle: 'angry_ann',
      authorId: 'UCaaaaaaaaaaaaaaaaaaaaaa',
      text: 'Kovra blocked my card after a top-up, support is silent for 2 days',
      postedAt: '2026-11-24T12:00:00.000Z',
      likes: 1200,
      replies: 34,
    });
  });

  it('takes an older comment’s video from its own permalink, not the page', () => {
    const posts = parse('next-comments-legacy.json', 'otherVideo1').posts;
    expect(posts.every((p) => p.conversationId === VIDEO)).toBe(true);
    expect(posts[0]).toMatchObject({
      text: 'Is Kovra legit? my withdrawal is pending',
      likes: 15,
      replies: 3,
    });
  });

  it('cannot place a view-model comment without the page’s video: skipped and counted', () => {
    const parsed = parseYoutubeFeed(read('next-comments.json'), { now: NOW });
    expect(parsed.posts).toEqual([]);
    expect(parsed.skipped).toBe(5);
  });

  it('reads a video’s title, description, channel and views', () => {
    const post = parse('search.json').posts.find((p) => p.postId === 'KovRaReview');
    expect(post).toEqual({
      platform: 'youtube',
      postId: 'KovRaReview',
      conversationId: 'KovRaReview',
      url: 'https://www.youtube.com/watch?v=KovRaReview',
      authorHandle: 'moneymike',
      authorId: 'UChhhhhhhhhhhhhhhhhhhhhh',
      text: 'Kovra review after 6 months: is it a scam?\nI tested Kovra withdrawals for half a year…',
      postedAt: '2026-11-05T12:00:00.000Z',
      views: 12345,
    });
    const lockup = parse('browse.json').posts.find((p) => p.postId === 'KovLockup01');
    expect(lockup).toMatchObject({
      authorHandle: 'financefiona',
      views: 8100,
      text: 'Why I left Kovra (honest story)',
    });
  });

  it.each([
    ['not JSON', 'oops'],
    ['empty', ''],
    ['an array', '[]'],
  ])('an answer that is %s is skipped and counted, never thrown', (_, body) => {
    expect(parseYoutubeFeed(body, { now: NOW })).toEqual({ posts: [], skipped: 1 });
  });
});

describe('parseYoutubeCount', () => {
  it.each([
    ['1.2K', 1200],
    ['12,345 views', 12345],
    ['1.5M views', 1_500_000],
    ['3,4 тыс. просмотров', 3400],
    ['1 234 просмотра', 1234],
    ['No views', 0],
    ['', 0],
    ['34', 34],
    ['many', undefined],
  ])('%s → %s', (input, expected) => {
    expect(parseYoutubeCount(input)).toBe(expected);
  });
});

describe('parseRelativeTime', () => {
  it.each([
    ['2 days ago', '2026-11-24T12:00:00.000Z'],
    ['3 hours ago (edited)', '2026-11-26T09:00:00.000Z'],
    ['Streamed 2 years ago', '2024-11-26T12:00:00.000Z'],
    ['5 минут назад', '2026-11-26T11:55:00.000Z'],
    ['час назад', '2026-11-26T11:00:00.000Z'],
    ['Premieres tomorrow', undefined],
    ['Nov 3, 2026', undefined],
  ])('%s → %s', (input, expected) => {
    expect(parseRelativeTime(input, NOW)).toBe(expected);
  });
});
