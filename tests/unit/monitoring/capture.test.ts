import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { createMentionCapture, mentionsIn, parseAnswer } from '../../../lib/monitoring/capture';
import { compileTerms } from '../../../lib/monitoring/match';
import { fixtureReader } from '../../fixtures/files';

const readX = fixtureReader(join(__dirname, '../../fixtures/x/timeline'));
const readYt = fixtureReader(join(__dirname, '../../fixtures/youtube/feed'));
const NOW = new Date('2026-11-26T12:00:00.000Z');
const TERMS = { include: ['Kovra', 'Ковра', 'finvo'], exclude: ['hiring'] };
const compiled = compileTerms(TERMS);

describe('mentionsIn: the posts of an answer that match the team’s terms', () => {
  it('X search: exactly the matching posts (long post, module, wrapper), not the ad nor "finvoice"', () => {
    const { posts } = parseAnswer(
      'x',
      { source: 'SearchTimeline', text: readX('search-timeline.json') },
      { now: NOW },
    );
    const found = mentionsIn(posts, compiled, NOW.toISOString());
    expect(found.map((m) => m.postId)).toEqual([
      '1922334455667788990',
      '1922334455667788991',
      '1922334455667788992',
      '1922334455667788993',
      '1922334455667788996',
    ]);
    expect(found[0]).toMatchObject({
      platform: 'x',
      kind: 'post',
      authorHandle: '@cryptocomplainer',
      authorFollowers: 15300,
      postedAt: '2025-05-14T08:01:12.000Z',
      counts: { replies: 12, likes: 48, reposts: 5, views: 20311 },
      seenAt: NOW.toISOString(),
      source: 'capture',
    });
  });

  it('YouTube comments from a next continuation: Latin and Cyrillic names, not "finvoice"', () => {
    const { posts } = parseAnswer(
      'youtube',
      { source: 'next', text: readYt('next-comments.json') },
      { now: NOW, videoId: 'dQw4w9WgXcQ' },
    );
    const found = mentionsIn(posts, compiled, NOW.toISOString());
    expect(found.map((m) => [m.kind, m.postId, m.conversationId])).toEqual([
      ['comment', 'UgxKovra1AbCdEfGhIjKlMnOp4AaABAg', 'dQw4w9WgXcQ'],
      ['comment', 'UgyRuss3AbCdEfGhIjKlMnOpQ4AaABAg', 'dQw4w9WgXcQ'],
    ]);
  });

  it('a video keeps its channel, so channel-id terms match it', () => {
    const { posts } = parseAnswer('youtube', { source: 'search', text: readYt('search.json') }, { now: NOW });
    const byChannel = compileTerms({ include: ['UChhhhhhhhhhhhhhhhhhhhhh'], exclude: [] });
    expect(
      mentionsIn(posts, byChannel, NOW.toISOString()).map((m) => [m.kind, m.postId, m.channelId]),
    ).toEqual([['video', 'KovRaReview', 'UChhhhhhhhhhhhhhhhhhhhhh']]);
  });
});

/** A TweetDetail answer holding the given tweets' `legacy` (and note_tweet) under one author. */
function tweetDetail(tweets: { id: string; legacy: Record<string, unknown>; note?: string }[]): string {
  const entries = tweets.map((t) => ({
    entryId: `tweet-${t.id}`,
    content: {
      entryType: 'TimelineTimelineItem',
      itemContent: {
        itemType: 'TimelineTweet',
        tweet_results: {
          result: {
            __typename: 'Tweet',
            rest_id: t.id,
            core: {
              user_results: {
                result: {
                  rest_id: '1377880011223344556',
                  core: { screen_name: 'angry_customer' },
                  legacy: { followers_count: 40 },
                },
              },
            },
            ...(t.note && { note_tweet: { note_tweet_results: { result: { text: t.note } } } }),
            legacy: {
              created_at: 'Wed May 14 08:01:12 +0000 2025',
              conversation_id_str: '1922334455667700000',
              lang: 'en',
              ...t.legacy,
            },
          },
        },
      },
    },
  }));
  return JSON.stringify({
    data: {
      threaded_conversation_with_injections_v2: { instructions: [{ type: 'TimelineAddEntries', entries }] },
    },
  });
}

describe("mentionsIn: replies to the product's account", () => {
  it('a reply to @KovraApp matches the @handle term though its text never names it; a reply elsewhere does not', () => {
    const text = tweetDetail([
      {
        // A long reply: note_tweet's text has no leading "@KovraApp".
        id: '1922334455667700001',
        legacy: {
          full_text: '@KovraApp I waited three days for my money and…',
          in_reply_to_screen_name: 'KovraApp',
          entities: { user_mentions: [{ screen_name: 'KovraApp', id_str: '99' }] },
        },
        note: `I waited three days for my money and ${'nobody answered. '.repeat(20)}`,
      },
      {
        // A reply whose text does not carry the handle it answers.
        id: '1922334455667700002',
        legacy: { full_text: 'still waiting for my money', in_reply_to_screen_name: 'KovraApp' },
      },
      {
        id: '1922334455667700003',
        legacy: { full_text: 'still waiting for my money', in_reply_to_screen_name: 'someone_else' },
      },
    ]);
    const { posts } = parseAnswer('x', { source: 'TweetDetail', text }, { now: NOW });
    expect(posts.map((p) => p.replyTo)).toEqual([['KovraApp'], ['KovraApp'], ['someone_else']]);
    const byHandle = compileTerms({ include: ['@KovraApp'], exclude: [] });
    const found = mentionsIn(posts, byHandle, NOW.toISOString());
    expect(found.map((m) => m.postId)).toEqual(['1922334455667700001', '1922334455667700002']);
    // The server matches again, so the handles travel with the upload (and are not stored there).
    expect(found[1]).toMatchObject({ replyTo: ['@KovraApp'], authorHandle: '@angry_customer' });
  });
});

describe('createMentionCapture', () => {
  const answer = { source: 'SearchTimeline', text: readX('search-timeline.json') };

  it('sends each matching post once per tab, however often the answer comes', async () => {
    const send = vi.fn(async () => ({ queued: 1 }));
    const capture = createMentionCapture({
      platform: 'x',
      settings: async () => ({ active: true, terms: TERMS, version: 3 }),
      send,
      videoId: () => undefined,
      now: () => NOW,
    });
    expect(await capture.onAnswer(answer)).toHaveLength(5);
    expect(await capture.onAnswer(answer)).toHaveLength(0);
    expect(send).toHaveBeenCalledTimes(1);
    expect(capture.stats()).toEqual({ answers: 2, posts: 14, mentions: 5, skipped: 0 });
  });

  it('entries the background refuses are counted as skipped, not as mentions', async () => {
    const send = vi.fn(async () => ({ queued: 3, refused: 2 }));
    const capture = createMentionCapture({
      platform: 'x',
      settings: async () => ({ active: true, terms: TERMS, version: 3 }),
      send,
      videoId: () => undefined,
      now: () => NOW,
    });
    expect(await capture.onAnswer(answer)).toHaveLength(5);
    expect(capture.stats()).toEqual({ answers: 1, posts: 7, mentions: 3, skipped: 2 });
  });

  it('paused or switched off: the answer is not even parsed, nothing is sent', async () => {
    const send = vi.fn(async () => ({ queued: 0 }));
    const capture = createMentionCapture({
      platform: 'x',
      settings: async () => ({ active: false, terms: null, version: 3 }),
      send,
      videoId: () => undefined,
      now: () => NOW,
    });
    expect(await capture.onAnswer(answer)).toEqual([]);
    expect(send).not.toHaveBeenCalled();
    expect(capture.stats().answers).toBe(0);
  });

  it('asks for the settings again once they are stale or invalidated', async () => {
    let t = NOW.getTime();
    const settings = vi.fn(async () => ({ active: true, terms: TERMS, version: 1 }));
    const capture = createMentionCapture({
      platform: 'x',
      settings,
      send: async () => ({}),
      videoId: () => undefined,
      now: () => new Date(t),
      refreshMs: 60_000,
    });
    await capture.onAnswer({ source: 'HomeTimeline', text: '{}' });
    t += 30_000;
    await capture.onAnswer({ source: 'HomeTimeline', text: '{}' });
    expect(settings).toHaveBeenCalledTimes(1);
    capture.invalidate();
    await capture.onAnswer({ source: 'HomeTimeline', text: '{}' });
    expect(settings).toHaveBeenCalledTimes(2);
    expect(capture.stats().skipped).toBe(3);
  });

  it("after a switch to another server whose team is at the same version, matches that team's terms", async () => {
    let t = NOW.getTime();
    // Server A's team monitors "Kovra"; server B's, also at version 3, monitors only "finvo".
    let settings = { active: true, terms: TERMS, version: 3 };
    const capture = createMentionCapture({
      platform: 'x',
      settings: async () => settings,
      send: async () => ({}),
      videoId: () => undefined,
      now: () => new Date(t),
      refreshMs: 60_000,
    });
    await capture.onAnswer({ source: 'HomeTimeline', text: '{}' });
    const serverB = { include: ['finvo'], exclude: [] };
    settings = { active: true, terms: serverB, version: 3 };
    t += 60_000;
    const { posts } = parseAnswer('x', answer, { now: NOW });
    const expected = mentionsIn(posts, compileTerms(serverB), NOW.toISOString()).map((m) => m.postId);
    expect(expected.length).toBeLessThan(5);
    expect((await capture.onAnswer(answer)).map((m) => m.postId)).toEqual(expected);
  });
});
