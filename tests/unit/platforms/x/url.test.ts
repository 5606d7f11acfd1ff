import { describe, expect, it } from 'vitest';
import { parseXUrl, statusIdFromHref, statusIdFromPath, statusUrl } from '../../../../lib/platforms/x/url';

describe('parseXUrl', () => {
  it.each([
    ['https://x.com/jakeonchain/status/1879243385020211521', 'status', 'jakeonchain', '1879243385020211521'],
    [
      'https://twitter.com/jakeonchain/status/1879243385020211521',
      'status',
      'jakeonchain',
      '1879243385020211521',
    ],
    ['https://mobile.x.com/a_b/status/42?s=20', 'status', 'a_b', '42'],
    ['https://mobile.twitter.com/a/status/42/', 'status', 'a', '42'],
    ['https://x.com/sol_sam/status/1879301777012064256/photo/1', 'status', 'sol_sam', '1879301777012064256'],
    [
      'https://x.com/sol_sam/status/1879301777012064256/analytics',
      'status',
      'sol_sam',
      '1879301777012064256',
    ],
    ['https://x.com/sol_sam/status/1879301777012064256/quotes#x', 'status', 'sol_sam', '1879301777012064256'],
  ])('%s is a status page', (href, kind, handle, id) => {
    expect(parseXUrl(new URL(href))).toEqual({ platform: 'x', kind, handle, focusedId: id });
  });

  it.each([
    ['https://x.com/', 'home'],
    ['https://x.com/home', 'home'],
    ['https://x.com/home?fixture=long', 'home'],
    ['https://X.COM/home', 'home'],
    ['https://x.com/notifications', 'notifications'],
    ['https://x.com/notifications/mentions', 'notifications'],
    ['https://x.com/search?q=kovra&src=typed_query', 'search'],
    ['https://x.com/explore', 'search'],
    ['https://x.com/explore/tabs/for-you', 'search'],
    ['https://x.com/i/bookmarks', 'other'],
    ['https://x.com/settings/account', 'other'],
    ['https://x.com/messages/123-456', 'other'],
    ['https://x.com/compose/post', 'other'],
    ['https://x.com/login', 'other'],
    ['https://x.com/logout', 'other'],
    ['https://x.com/tos', 'other'],
    ['https://x.com/privacy', 'other'],
    ['https://x.com/hashtag/kovra', 'other'],
    ['https://x.com/i/lists/1790000000000000000', 'other'],
    ['https://x.com/this-is-not-a-handle', 'other'],
    ['https://x.com/waytoolonghandle_over20chars', 'other'],
    ['https://x.com/someone/status/abc', 'profile'],
  ])('%s is %s', (href, kind) => {
    expect(parseXUrl(new URL(href))?.kind).toBe(kind);
  });

  it.each([
    ['https://x.com/laura_chen_btc', 'laura_chen_btc'],
    ['https://x.com/laura_chen_btc/with_replies', 'laura_chen_btc'],
    ['https://x.com/laura_chen_btc/media', 'laura_chen_btc'],
    ['https://twitter.com/KovraSupport/likes', 'KovraSupport'],
  ])('%s is the profile of %s', (href, handle) => {
    expect(parseXUrl(new URL(href))).toEqual({ platform: 'x', kind: 'profile', handle });
  });

  it.each([
    'https://www.youtube.com/watch?v=abcdefghijk',
    'https://example.com/jake/status/1',
    'https://x.com.evil.example/jake/status/1',
    'https://notx.com/home',
  ])('%s is not X', (href) => {
    expect(parseXUrl(new URL(href))).toBeNull();
  });
});

describe('statusIdFromPath', () => {
  it.each([
    ['/a/status/1', { handle: 'a', id: '1' }],
    ['/a/status/1/photo/1', { handle: 'a', id: '1' }],
    ['/a/status/1/analytics', { handle: 'a', id: '1' }],
    ['/a/status/12x', null],
    ['/a/statuses/1', null],
    ['/home', null],
  ])('%s', (path, expected) => {
    expect(statusIdFromPath(path)).toEqual(expected);
  });
});

describe('statusUrl', () => {
  it('builds the canonical x.com permalink', () => {
    expect(statusUrl('jakeonchain', '1879243385020211521')).toBe(
      'https://x.com/jakeonchain/status/1879243385020211521',
    );
  });
});

describe('statusIdFromHref reads plain links as text, with the answer of the URL parser (issue 10)', () => {
  const parsed = (href: string) => {
    try {
      return statusIdFromPath(new URL(href, 'https://x.com').pathname);
    } catch {
      return null;
    }
  };
  it.each([
    '/jakeonchain/status/1879243385020211521',
    '/jakeonchain/status/1879243385020211521/analytics',
    '/jakeonchain/status/1879243385020211521/photo/1',
    '/jakeonchain/status/1879243385020211521?s=20',
    '/jakeonchain/status/1879243385020211521#top',
    '/jakeonchain/status/12x',
    '/jakeonchain/status/1879243385020211521 ',
    '/jakeonchain/status/1879243385020211521\t',
    '/a/status/1/../../b/status/2',
    '/a/status/1/%2e%2e/%2e%2e/b/status/2',
    '/a/status/1\\..\\..\\b\\status\\2',
    '/a/sta\ttus/1',
    '/a/status/1\n',
    '//evil.example/a/status/1',
    '/\\evil.example/a/status/1',
    'https://x.com/a/status/1',
    'https://twitter.com/a/status/1',
    'a/status/1',
    '/home',
    '/',
  ])('%j', (href) => {
    expect(statusIdFromHref(href)).toEqual(parsed(href));
  });
});
