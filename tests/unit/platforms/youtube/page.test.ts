import { describe, expect, it } from 'vitest';
import {
  commentboxTarget,
  commentId,
  currentVideoId,
  findComments,
  isReply,
  readComment,
  readVideo,
  threadContext,
  threadRoot,
  threadRootId,
} from '../../../../lib/platforms/youtube/page';
import { FIXTURE, fixtureFile } from '../../../fixtures/youtube/routes';

const load = (name: string) => new DOMParser().parseFromString(fixtureFile(name), 'text/html');
const byId = (doc: Document, id: string) => findComments(doc).find((c) => commentId(c) === id)!;

describe.each([
  ['watch.html (view models)', 'watch.html', FIXTURE.watch],
  ['watch-legacy.html (old renderers)', 'watch-legacy.html', FIXTURE.legacy],
])('reading comments on %s', (_, file, fx) => {
  const doc = load(file);

  it('reads every comment with an id, an @handle author, text and a permalink', () => {
    const infos = findComments(doc).map((c) => readComment(c, fx.videoId));
    expect(infos).toHaveLength(fx.commentCount);
    for (const info of infos) {
      expect(info).not.toBeNull();
      expect(info!.platform).toBe('youtube');
      expect(info!.author).toMatch(/^@[\w.-]+$/);
      expect(info!.text.length).toBeGreaterThan(0);
      expect(info!.url).toBe(`https://www.youtube.com/watch?v=${fx.videoId}&lc=${info!.id}`);
      expect(info!.focused).toBe(false);
    }
    expect(new Set(infos.map((i) => i!.id)).size).toBe(fx.commentCount);
  });

  it('tells replies from top-level comments and finds their thread', () => {
    const top = byId(doc, fx.threadId);
    expect(isReply(top)).toBe(false);
    expect(threadRoot(top)).toBe(top);
    for (const id of fx.replyIds) {
      const reply = byId(doc, id);
      expect(isReply(reply)).toBe(true);
      expect(threadRoot(reply)).toBe(top);
    }
  });

  it("names a reply's thread by its top-level comment, and nothing for a comment that heads one", () => {
    for (const id of fx.replyIds) expect(threadRootId(doc, id)).toBe(fx.threadId);
    expect(threadRootId(doc, fx.threadId)).toBeUndefined();
    expect(threadRootId(doc, fx.videoId)).toBeUndefined();
  });

  it('reads the video: id from the page, title and channel from the metadata', () => {
    const url = new URL(fx.url);
    expect(currentVideoId(doc, url)).toBe(fx.videoId);
    const video = readVideo(doc, url)!;
    expect(video.element.tagName).toBe('YTD-WATCH-METADATA');
    expect(video.post).toEqual({
      platform: 'youtube',
      id: fx.videoId,
      author: fx.channel,
      text: fx.title,
      url: fx.url,
      focused: true,
    });
    expect(threadContext(doc, url)).toEqual({
      platform: 'youtube',
      targetId: fx.videoId,
      conversationId: fx.videoId,
      url: fx.url,
      author: fx.channel,
      text: fx.title,
    });
  });
});

describe('threadRootId for a reply the page does not show', () => {
  it.each([
    ['a reply id', 'UgxKq3R7v0m1Yp2dN4B4AaABAg.Zz9Yy8Xx7Ww6Vv5Uu4Tt3', 'UgxKq3R7v0m1Yp2dN4B4AaABAg'],
    ['a top-level comment id', 'UgxKq3R7v0m1Yp2dN4B4AaABAg', undefined],
    ['something else with a dot', 'not.a-comment id', undefined],
  ])('%s', (_, id, root) => {
    expect(threadRootId(new DOMParser().parseFromString('<p></p>', 'text/html'), id)).toBe(root);
  });
});

describe('comment text', () => {
  const doc = load('watch.html');
  it('reads emoji images as their characters and keeps line breaks', () => {
    expect(readComment(byId(doc, FIXTURE.watch.emojiCommentId), FIXTURE.watch.videoId)!.text).toBe(
      'Withdrawals were fine for me 🔥 took 20 minutes',
    );
    expect(readComment(byId(doc, FIXTURE.watch.multilineCommentId), FIXTURE.watch.videoId)!.text).toBe(
      'How do I change my payout card?\nThe app only shows the old one.',
    );
  });
});

describe('threadContext', () => {
  it('is the video on a Short', () => {
    const doc = load('shorts.html');
    expect(threadContext(doc, new URL(FIXTURE.shorts.url))).toEqual({
      platform: 'youtube',
      targetId: FIXTURE.shorts.videoId,
      conversationId: FIXTURE.shorts.videoId,
      url: FIXTURE.shorts.url,
      author: FIXTURE.shorts.channel,
      text: FIXTURE.shorts.title,
    });
  });

  it('never shows the previous video while the page still renders it after navigation', () => {
    // The URL already says watch-2; the DOM (video-id) is still watch.html's.
    const doc = load('watch.html');
    const url = new URL(FIXTURE.watch2.url);
    expect(readVideo(doc, url)).toBeNull();
    expect(threadContext(doc, url)).toEqual({
      platform: 'youtube',
      targetId: FIXTURE.watch2.videoId,
      conversationId: FIXTURE.watch2.videoId,
      url: FIXTURE.watch2.url,
    });
  });

  it.each(['https://www.youtube.com/', 'https://www.youtube.com/@CryptoWithDan', 'https://x.com/a/status/1'])(
    'is undefined on %s',
    (href) => {
      expect(threadContext(load('watch.html'), new URL(href))).toBeUndefined();
    },
  );
});

describe('commentboxTarget', () => {
  const doc = load('watch.html');
  // querySelectorAll: jsdom's querySelector('#id') misses elements whose id repeats in the document.
  const box = () => {
    const t = doc.querySelector<HTMLTemplateElement>('#fake-yt-commentbox')!;
    return t.content.firstElementChild!.cloneNode(true) as Element;
  };

  it('is a top-level comment in the simplebox', () => {
    const b = box();
    doc.querySelector('ytd-comment-simplebox-renderer')!.appendChild(b);
    expect(commentboxTarget(b)).toEqual({ kind: 'comment' });
  });

  it("is a reply to the thread's top comment, also when replying to a reply", () => {
    const top = byId(doc, FIXTURE.watch.threadId);
    for (const id of [FIXTURE.watch.threadId, FIXTURE.watch.replyIds[1]]) {
      const b = box();
      byId(doc, id).querySelectorAll('#reply-dialog')[0]!.appendChild(b);
      expect(commentboxTarget(b)).toEqual({ kind: 'reply', comment: top });
    }
  });
});
