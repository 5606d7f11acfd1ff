import { afterEach, describe, expect, it, vi } from 'vitest';
import type { DomSignal } from '../../../../lib/capture/signals';
import { OWN_ATTRIBUTE } from '../../../../lib/platforms/dom';
import type { PostInfo } from '../../../../lib/platforms/types';
import { commentId, findComments } from '../../../../lib/platforms/youtube/page';
import { createYoutubeWatcher, type YoutubeWatcher } from '../../../../lib/platforms/youtube/watcher';
import { FIXTURE, fixtureFile } from '../../../fixtures/youtube/routes';
import { nextTurn } from '../../event-loop';
import { manualClock } from '../manual-clock';

/** Lets the MutationObserver deliver. */
const flush = nextTurn;

/** The watcher's clock and timers (like settling, the submit poll), moved by hand. */
let time = manualClock();
/** Lets the page's mutations reach the watcher, then moves its clock. */
const elapse = async (ms: number) => {
  await flush();
  time.advance(ms);
};

function mount(name: string) {
  const parsed = new DOMParser().parseFromString(fixtureFile(name), 'text/html');
  document.body.replaceWith(document.importNode(parsed.body, true));
}
// querySelectorAll: jsdom's querySelector('#id') misses repeated ids, which YouTube is full of.
const first = (root: ParentNode, sel: string) => root.querySelectorAll<HTMLElement>(sel)[0]!;
const byId = (id: string) => findComments(document).find((c) => commentId(c) === id)!;

function openBox(container: Element): HTMLElement {
  const template = first(document, '#fake-yt-commentbox') as unknown as HTMLTemplateElement;
  const box = template.content.firstElementChild!.cloneNode(true) as HTMLElement;
  container.appendChild(box);
  return box;
}
function type(box: Element, text: string) {
  const editor = first(box, '#contenteditable-root');
  editor.textContent = text;
  editor.dispatchEvent(new Event('input', { bubbles: true }));
  for (const el of [first(box, '#submit-button'), first(box, '#submit-button button')])
    el.removeAttribute('disabled');
}

describe('createYoutubeWatcher', () => {
  let watcher: YoutubeWatcher | undefined;
  let posts: Array<[HTMLElement, PostInfo]>;
  let signals: DomSignal[];
  let errors: unknown[];

  /** `url` is the page's URL, or where it is now for a test that moves it. */
  const start = (name: string, url: string | (() => string)) => {
    mount(name);
    time = manualClock();
    posts = [];
    signals = [];
    errors = [];
    watcher = createYoutubeWatcher(
      document,
      {
        onPost: (el, info) => posts.push([el, info]),
        onDomSignal: (s) => signals.push(s),
        onError: (e) => errors.push(e),
      },
      {
        likeSettleMs: 0,
        submitWindowMs: 400,
        url: () => new URL(typeof url === 'string' ? url : url()),
        now: time.now,
        timers: time.timers,
      },
    );
  };
  afterEach(() => {
    watcher?.disconnect();
    watcher = undefined;
    expect(errors).toEqual([]);
  });

  it.each([
    ['watch.html', FIXTURE.watch],
    ['watch-legacy.html', FIXTURE.legacy],
  ])('%s: reports the video and every comment once, and comments rendered later too', async (file, fx) => {
    start(file, fx.url);
    const video = posts.filter(([, p]) => p.focused);
    expect(video.map(([, p]) => p.id)).toEqual([fx.videoId]);
    expect(posts.filter(([, p]) => !p.focused)).toHaveLength(fx.commentCount);

    // YouTube renders the next batch as the user scrolls; re-adding a rendered one is not news.
    const contents = first(document, 'ytd-comments #sections > #contents');
    const threads = Array.from(contents.children);
    for (const t of threads) t.remove();
    await flush();
    for (const t of threads) contents.appendChild(t);
    await flush();
    watcher!.rescan();
    expect(posts.filter(([, p]) => !p.focused)).toHaveLength(fx.commentCount);

    const fresh = threads[0]!.cloneNode(true) as Element;
    const link = first(fresh, '#published-time-text a, .published-time-text a');
    link.setAttribute('href', `/watch?v=${fx.videoId}&lc=UgxFreshC0mmentAbCdEfGh4AaABAg`);
    contents.appendChild(fresh);
    await flush();
    // A new element is new, even with ids seen before (its replies); the fresh comment among them.
    const added = posts.slice(fx.commentCount + 1).map(([, p]) => p.id);
    expect(added).toHaveLength(findComments(fresh).length);
    expect(added[0]).toBe('UgxFreshC0mmentAbCdEfGh4AaABAg');
  });

  it('costs no whole-document lookup per comment, and its own picker does not wake it again (issue 10)', async () => {
    start('watch.html', FIXTURE.watch.url);
    const contents = first(document, 'ytd-comments #sections > #contents');
    const template = contents.children[1]!.outerHTML;
    const before = posts.length;
    const wholeDocument = vi.spyOn(document, 'querySelectorAll');
    const holder = document.createElement('template');
    holder.innerHTML = Array.from({ length: 50 }, (_, k) =>
      template.replace(/\bUg[A-Za-z0-9_-]{20,}/g, (id) => `Ug${String(k).padStart(4, '0')}${id.slice(6)}`),
    ).join('');
    contents.append(holder.content);
    await flush();
    expect(posts.length - before).toBe(50);
    // One lookup of the video id for the whole batch, however many comments it held (it was 2 per comment).
    expect(wholeDocument.mock.calls.length).toBeLessThanOrEqual(1);

    // What the content app does with a comment it was told about: a picker after its toolbar.
    const comment = posts.at(-1)![0];
    const picker = document.createElement('button');
    picker.setAttribute(OWN_ATTRIBUTE, '');
    const toolbar = first(comment, '#action-buttons');
    const inComment = vi.spyOn(comment, 'querySelectorAll');
    toolbar.after(picker);
    await flush();
    picker.remove();
    await flush();
    expect(inComment).not.toHaveBeenCalled();
    expect(wholeDocument.mock.calls.length).toBeLessThanOrEqual(1);
    expect(posts.length - before).toBe(50);
    wholeDocument.mockRestore();
  });

  it('logs comment likes and unlikes, not dislikes, by the comment id', async () => {
    start('watch.html', FIXTURE.watch.url);
    const reply = byId(FIXTURE.watch.replyIds[0]);
    const like = first(reply, '#like-button button');
    like.setAttribute('aria-pressed', 'true');
    await flush();
    like.setAttribute('aria-pressed', 'false');
    await flush();
    first(reply, '#dislike-button button').setAttribute('aria-pressed', 'true');
    await flush();
    expect(signals).toEqual([
      { op: 'like', targetId: FIXTURE.watch.replyIds[0] },
      { op: 'unlike', targetId: FIXTURE.watch.replyIds[0] },
    ]);
  });

  it('logs the video like and unlike by the video id', async () => {
    start('watch.html', FIXTURE.watch.url);
    const like = first(document, 'like-button-view-model button');
    like.setAttribute('aria-pressed', 'true');
    await flush();
    like.setAttribute('aria-pressed', 'false');
    await flush();
    expect(signals).toEqual([
      { op: 'like', targetId: FIXTURE.watch.videoId },
      { op: 'unlike', targetId: FIXTURE.watch.videoId },
    ]);
  });

  it('waits for a like to settle: a flip YouTube reverts is nothing', async () => {
    mount('watch.html');
    signals = [];
    errors = [];
    watcher = createYoutubeWatcher(
      document,
      { onDomSignal: (s) => signals.push(s), onError: (e) => errors.push(e) },
      { likeSettleMs: 50, url: () => new URL(FIXTURE.watch.url), now: time.now, timers: time.timers },
    );
    const like = first(byId(FIXTURE.watch.scamCommentId), '#like-button button');
    like.setAttribute('aria-pressed', 'true');
    await flush();
    like.setAttribute('aria-pressed', 'false');
    await elapse(80);
    expect(signals).toEqual([]);
    like.setAttribute('aria-pressed', 'true');
    await elapse(80);
    expect(signals).toEqual([{ op: 'like', targetId: FIXTURE.watch.scamCommentId }]);
  });

  it('logs a top-level comment when YouTube clears the box after submit', async () => {
    start('watch.html', FIXTURE.watch.url);
    const box = openBox(first(document, 'ytd-comment-simplebox-renderer'));
    type(box, 'Had the same, support fixed it in a day');
    first(box, '#submit-button button').click();
    await elapse(20);
    expect(signals).toEqual([]);
    first(box, '#contenteditable-root').textContent = '';
    await elapse(300);
    expect(signals).toEqual([
      { op: 'comment', targetId: FIXTURE.watch.videoId, text: 'Had the same, support fixed it in a day' },
    ]);
  });

  it.each([
    ['a top-level comment', FIXTURE.watch.threadId],
    ['a reply', FIXTURE.watch.replyIds[2]],
  ])('logs a reply to %s as a reply to its thread when the reply box goes away', async (_, id) => {
    start('watch.html', FIXTURE.watch.url);
    const box = openBox(first(byId(id), '#reply-dialog'));
    type(box, '@laura_chen_btc open a ticket in the app');
    first(box, '#submit-button button').click();
    box.remove();
    await flush();
    expect(signals).toEqual([
      { op: 'reply', targetId: FIXTURE.watch.threadId, text: '@laura_chen_btc open a ticket in the app' },
    ]);
  });

  it('logs nothing when the post fails and the box stays open, nor for a disabled submit', async () => {
    start('watch-legacy.html', FIXTURE.legacy.url);
    const box = openBox(first(byId(FIXTURE.legacy.frozenCommentId), '#reply-dialog'));
    first(box, '#submit-button button').click(); // still disabled, empty
    type(box, 'This will not go through');
    first(box, '#submit-button button').click();
    await elapse(700);
    box.remove();
    await elapse(300);
    expect(signals).toEqual([]);
  });

  it('forgets a submit once the user types again (YouTube kept the draft)', async () => {
    start('watch.html', FIXTURE.watch.url);
    const box = openBox(first(document, 'ytd-comment-simplebox-renderer'));
    type(box, 'first try');
    first(box, '#submit-button button').click();
    type(box, '');
    await elapse(300);
    expect(signals).toEqual([]);
  });

  it('follows the Shorts like button by the video in the URL', async () => {
    start('shorts.html', FIXTURE.shorts.url);
    expect(posts.map(([, p]) => p.id)).toEqual([FIXTURE.shorts.videoId]);
    first(document, 'like-button-view-model button').setAttribute('aria-pressed', 'true');
    await flush();
    expect(signals).toEqual([{ op: 'like', targetId: FIXTURE.shorts.videoId }]);
  });

  it('reels appended below the active Short do not re-read the video; a new title inside it does (issue 10)', async () => {
    start('shorts.html', FIXTURE.shorts.url);
    const active = first(document, 'ytd-reel-video-renderer[is-active]');
    const holder = document.createElement('template');
    holder.innerHTML = active.outerHTML.replace(/\sis-active=""/, '').repeat(10);
    const wholeDocument = vi.spyOn(document, 'querySelectorAll');
    const wholeDocumentFirst = vi.spyOn(document, 'querySelector');
    active.parentElement!.append(holder.content);
    await flush();
    // It read the video (a document-wide query over every reel) for each batch the feed appended.
    expect(wholeDocument).not.toHaveBeenCalled();
    expect(wholeDocumentFirst).not.toHaveBeenCalled();
    // The Short's title rendered again in place: read again, with the new text.
    const title = first(active, 'yt-shorts-video-title-view-model h2');
    title.replaceChildren(document.createTextNode('A new title'));
    await flush();
    expect(posts.at(-1)?.[1].text).toBe('A new title');
    wholeDocument.mockRestore();
    wholeDocumentFirst.mockRestore();
  });

  it('a swipe to a Short the feed just appended is left to the rescan on its way, and read by it (issue 10)', async () => {
    let url: string = FIXTURE.shorts.url;
    start('shorts.html', () => url);
    const watching = watcher as YoutubeWatcher;
    let waiting = true;
    watching.rescanWaiting(() => waiting);
    const active = first(document, 'ytd-reel-video-renderer[is-active]');
    // The bench's swipe: the feed appends the next reels, the next one becomes active, the URL moves.
    const swipe = (id: string) => {
      const holder = document.createElement('template');
      holder.innerHTML = active.outerHTML.replace(/\sis-active=""/, '').repeat(3);
      const next = holder.content.firstElementChild!;
      active.parentElement!.append(holder.content);
      for (const reel of document.querySelectorAll('ytd-reel-video-renderer[is-active]'))
        reel.removeAttribute('is-active');
      next.setAttribute('is-active', '');
      url = `https://www.youtube.com/shorts/${id}`;
    };
    const wholeDocumentFirst = vi.spyOn(document, 'querySelector');
    swipe('ShAAAAAAAAA');
    await flush();
    // Before, read at once: a document-wide query and a report (a context render in the app) per append.
    expect(wholeDocumentFirst).not.toHaveBeenCalled();
    expect(posts.map(([, p]) => p.id)).toEqual([FIXTURE.shorts.videoId]);
    wholeDocumentFirst.mockRestore();
    // The viewer stayed: the app's read rescans and reports the Short they are on.
    waiting = false;
    watching.rescan();
    expect(posts.map(([, p]) => p.id)).toEqual([FIXTURE.shorts.videoId, 'ShAAAAAAAAA']);
    // No read waiting (a Short reached otherwise): the appended active Short is read at once, as before.
    swipe('ShBBBBBBBBB');
    await flush();
    expect(posts.map(([, p]) => p.id)).toEqual([FIXTURE.shorts.videoId, 'ShAAAAAAAAA', 'ShBBBBBBBBB']);
  });
});
