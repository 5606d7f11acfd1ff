import { describe, expect, it } from 'vitest';
import {
  COMMENT_ID,
  commentIdFromHref,
  commentUrl,
  isYoutubeHost,
  parseYoutubeUrl,
  shortsUrl,
  videoIdFromUrl,
  watchUrl,
} from '../../../../lib/platforms/youtube/url';

describe('parseYoutubeUrl', () => {
  it.each([
    ['https://www.youtube.com/watch?v=k3Vq9pXz1aE', 'watch', 'k3Vq9pXz1aE'],
    ['https://youtube.com/watch?v=k3Vq9pXz1aE&t=42s', 'watch', 'k3Vq9pXz1aE'],
    ['https://m.youtube.com/watch?v=k3Vq9pXz1aE&feature=share', 'watch', 'k3Vq9pXz1aE'],
    ['https://www.youtube.com/watch?v=k3Vq9pXz1aE&lc=UgxKq3R7v0m1Yp2dN4B4AaABAg', 'watch', 'k3Vq9pXz1aE'],
    ['https://www.youtube.com/watch?list=PL123&v=Xw7Lr2Nc9Tq&index=2', 'watch', 'Xw7Lr2Nc9Tq'],
    ['https://youtu.be/k3Vq9pXz1aE?si=abc', 'watch', 'k3Vq9pXz1aE'],
    ['https://www.youtube.com/shorts/Sh0rt5Kovra', 'shorts', 'Sh0rt5Kovra'],
    ['https://m.youtube.com/shorts/Sh0rt5Kovra?feature=share', 'shorts', 'Sh0rt5Kovra'],
    ['https://www.youtube.com/shorts/a-b_c-d_e-f/', 'shorts', 'a-b_c-d_e-f'],
  ])('%s is a %s page for %s', (href, kind, id) => {
    expect(parseYoutubeUrl(new URL(href))).toEqual({ platform: 'youtube', kind, focusedId: id });
    expect(videoIdFromUrl(new URL(href))).toBe(id);
  });

  it.each([
    'https://www.youtube.com/',
    'https://www.youtube.com/feed/subscriptions',
    'https://www.youtube.com/@CryptoWithDan',
    'https://www.youtube.com/results?search_query=kovra',
    'https://www.youtube.com/watch',
    'https://www.youtube.com/watch?v=tooShort',
    'https://www.youtube.com/watch?v=k3Vq9pXz1aE1', // 12 characters
    'https://www.youtube.com/watch?v=k3Vq9pXz1a%21',
    'https://www.youtube.com/shorts/',
    'https://www.youtube.com/shorts/abc',
    'https://youtu.be/',
  ])('%s is another YouTube page', (href) => {
    expect(parseYoutubeUrl(new URL(href))).toEqual({ platform: 'youtube', kind: 'other' });
  });

  it.each([
    'https://x.com/watch?v=k3Vq9pXz1aE',
    'https://www.youtube-nocookie.com/embed/k3Vq9pXz1aE',
    'https://music.youtube.com/watch?v=k3Vq9pXz1aE',
    'https://evil.com/youtube.com/watch?v=k3Vq9pXz1aE',
  ])('%s is not YouTube', (href) => {
    expect(parseYoutubeUrl(new URL(href))).toBeNull();
  });

  it('knows its hosts regardless of case', () => {
    expect(isYoutubeHost('WWW.YouTube.com')).toBe(true);
    expect(isYoutubeHost('youtu.be')).toBe(false);
  });
});

describe('comment ids and links', () => {
  it.each([
    ['/watch?v=k3Vq9pXz1aE&lc=UgxKq3R7v0m1Yp2dN4B4AaABAg', 'UgxKq3R7v0m1Yp2dN4B4AaABAg'],
    [
      '/watch?v=k3Vq9pXz1aE&lc=UgxKq3R7v0m1Yp2dN4B4AaABAg.A1b2C3d4E5fA1b2C3d4E5f',
      'UgxKq3R7v0m1Yp2dN4B4AaABAg.A1b2C3d4E5fA1b2C3d4E5f',
    ],
    [
      'https://www.youtube.com/watch?lc=Ugz8fT2kLm9QwErTyUiO4AaABAg&v=k3Vq9pXz1aE',
      'Ugz8fT2kLm9QwErTyUiO4AaABAg',
    ],
    ['/watch?v=k3Vq9pXz1aE', undefined],
    ['/watch?v=k3Vq9pXz1aE&lc=<script>', undefined],
    ['/watch?v=k3Vq9pXz1aE&lc=short', undefined],
    [null, undefined],
  ])('%s has comment id %s', (href, id) => {
    expect(commentIdFromHref(href)).toBe(id);
  });

  it('builds the links YouTube uses', () => {
    expect(watchUrl('k3Vq9pXz1aE')).toBe('https://www.youtube.com/watch?v=k3Vq9pXz1aE');
    expect(commentUrl('k3Vq9pXz1aE', 'UgxKq3R7v0m1Yp2dN4B4AaABAg')).toBe(
      'https://www.youtube.com/watch?v=k3Vq9pXz1aE&lc=UgxKq3R7v0m1Yp2dN4B4AaABAg',
    );
    expect(shortsUrl('Sh0rt5Kovra')).toBe('https://www.youtube.com/shorts/Sh0rt5Kovra');
  });
});

describe('commentIdFromHref reads plain links as text, with the answer of the URL parser (issue 10)', () => {
  const parsed = (href: string) => {
    try {
      const lc = new URL(href, 'https://www.youtube.com').searchParams.get('lc');
      return lc && COMMENT_ID.test(lc) ? lc : undefined;
    } catch {
      return undefined;
    }
  };
  it.each([
    '/watch?v=k3Vq9pXz1aE&lc=UgxKq3R7v0m1Yp2dN4B4AaABAg',
    '/watch?lc=UgxKq3R7v0m1Yp2dN4B4AaABAg',
    '/watch?lc=UgxKq3R7v0m1Yp2dN4B4AaABAg&lc=Ugz8fT2kLm9QwErTyUiO4AaABAg',
    '/watch?v=k3Vq9pXz1aE&lc=UgxKq3R7v0m1Yp2dN4B4AaABAg#lc=Ugz8fT2kLm9QwErTyUiO4AaABAg',
    '/watch#?lc=UgxKq3R7v0m1Yp2dN4B4AaABAg',
    '/watch?v=k3Vq9pXz1aE&xlc=UgxKq3R7v0m1Yp2dN4B4AaABAg',
    '/watch?v=k3Vq9pXz1aE&lc',
    '/watch?v=k3Vq9pXz1aE&lc=',
    '/watch?v=a?lc=UgxKq3R7v0m1Yp2dN4B4AaABAg',
    '/watch?v=k3Vq9pXz1aE&l%63=UgxKq3R7v0m1Yp2dN4B4AaABAg',
    '/watch?v=k3Vq9pXz1aE&lc=UgxKq3R7v0m1Yp2dN4B4AaABA%67',
    '/watch?v=k3Vq9pXz1aE&lc=UgxKq3R7v0m1Yp2dN4B4AaABAg+',
    '/watch?v=k3Vq9pXz1aE&l\tc=UgxKq3R7v0m1Yp2dN4B4AaABAg',
    '/watch?v=k3Vq9pXz1aE&lc=UgxKq3R7v0m1Yp2dN4B4AaABAg ',
    '/\\example.com/watch?lc=UgxKq3R7v0m1Yp2dN4B4AaABAg',
    '//example.com/watch?lc=UgxKq3R7v0m1Yp2dN4B4AaABAg',
    'watch?lc=UgxKq3R7v0m1Yp2dN4B4AaABAg',
    ' /watch?lc=UgxKq3R7v0m1Yp2dN4B4AaABAg',
    '/watch',
    '/',
  ])('%j', (href) => {
    expect(commentIdFromHref(href)).toBe(parsed(href));
  });
});
