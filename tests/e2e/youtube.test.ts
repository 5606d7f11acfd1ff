import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { StoredEvent } from '@/lib/schemas/event';
import { FIXTURE } from '../fixtures/youtube/routes';
import {
  type ExtensionBrowser,
  grantSiteAccess,
  launchWithExtension,
  watchPageErrors,
} from './harness/extension';
import { eventually, readEvents } from './harness/idb';
import { startTeamServer } from './harness/server';
import { settled } from './harness/settled';
import { comment, serveFakeYoutube, type YoutubeSite } from './harness/youtube-site';

let browser: ExtensionBrowser;
let site: YoutubeSite;
let page: Page;
let pageErrors: string[];

beforeAll(async () => {
  browser = await launchWithExtension();
  site = await serveFakeYoutube(browser.context);
});
afterAll(async () => browser?.close());

beforeEach(async () => {
  page = await browser.context.newPage();
  pageErrors = watchPageErrors(page);
  return async () => {
    // Nothing the extension does may show up as breakage in the page.
    expect(pageErrors).toEqual([]);
    await page.close();
  };
});

const thread = (p: Page) => p.getByTestId('rt-thread');
const trackedHere = (p: Page) => p.getByTestId('rt-tracked-status').getAttribute('data-tracked');
/**
 * A related video's title in the right-hand column (YouTube navigates client-side from it). The open
 * sidebar sits over most of that column, as it sits over X's: click its visible start.
 */
const related = (p: Page, videoId: string) =>
  p.locator(`ytd-compact-video-renderer a[href="/watch?v=${videoId}"] #video-title`);
const commentLike = (c: Locator) => c.locator('#like-button button').first();

async function events(): Promise<StoredEvent[]> {
  return readEvents(await browser.worker());
}
const mine = (es: StoredEvent[], action: string, targetId: string) =>
  es.filter((e) => e.action === action && e.targetId === targetId);
async function eventsFor(action: string, targetId: string, count = 1): Promise<StoredEvent[]> {
  return mine(await eventually(events, (es) => mine(es, action, targetId).length >= count), action, targetId);
}
/**
 * "Exactly once" without sleeping: likes a comment no test counts (`commentId`), a later action that
 * goes through the same pipeline after everything before it, waits until it is logged and the page has
 * settled (lib/content/settled.ts: no like settling, no DOM signal waiting for the network, no call
 * unjudged, nothing unstored). A late duplicate of anything earlier would have been logged by then.
 */
async function settledAfterLaterLike(p: Page, commentId: string): Promise<void> {
  const before = mine(await events(), 'like', commentId).length;
  await commentLike(comment(p, commentId)).click();
  await eventsFor('like', commentId, before + 1);
  await settled(p);
}

async function writeComment(p: Page, box: Locator, text: string): Promise<void> {
  await box.locator('#contenteditable-root').click();
  await p.keyboard.type(text);
  await box.locator('#submit-button button').click();
}

describe('the sidebar on youtube.com', () => {
  it('shows the video on a watch page and follows client-side navigation without stale state', async () => {
    await page.goto(FIXTURE.watch.url);
    await expect.poll(() => page.locator('reply-tracker-sidebar').count()).toBe(1);
    await expect.poll(() => thread(page).innerText()).toContain(FIXTURE.watch.channel);
    expect(await thread(page).innerText()).toContain(FIXTURE.watch.title);
    expect(await trackedHere(page)).toBe('false');

    // A related video: YouTube changes the URL first, renders, then fires yt-navigate-finish.
    const seen: string[] = [];
    const record = setInterval(() => {
      thread(page)
        .innerText()
        .then((t) => seen.push(t))
        .catch(() => {});
    }, 40);
    await related(page, FIXTURE.watch2.videoId).click({ position: { x: 8, y: 8 } });
    await page.waitForURL(`**/watch?v=${FIXTURE.watch2.videoId}`);
    await expect.poll(() => thread(page).innerText()).toContain(FIXTURE.watch2.channel);
    clearInterval(record);
    const text = await thread(page).innerText();
    expect(text).toContain(FIXTURE.watch2.title);
    expect(text).not.toContain(FIXTURE.watch.title);
    // Not even for a moment did the new URL come with the old video's title and channel.
    const afterNavigation = seen.slice(seen.findIndex((t) => !t.includes(FIXTURE.watch.title)));
    expect(afterNavigation.filter((t) => t.includes(FIXTURE.watch.channel))).toEqual([]);
    // The open-post link is the new video.
    expect(await thread(page).locator('a').last().getAttribute('href')).toBe(FIXTURE.watch2.url);

    await page.goBack();
    await page.waitForURL(`**/watch?v=${FIXTURE.watch.videoId}`);
    await expect.poll(() => thread(page).innerText()).toContain(FIXTURE.watch.channel);
    expect(await thread(page).innerText()).not.toContain(FIXTURE.watch2.title);
  });

  it('shows the Short on a Shorts page and follows YouTube dark theme', async () => {
    await page.goto(`${FIXTURE.shorts.url}?theme=dark`);
    await expect.poll(() => thread(page).innerText()).toContain(FIXTURE.shorts.channel);
    expect(await thread(page).innerText()).toContain(FIXTURE.shorts.title);
    await expect.poll(() => page.getByTestId('rt-sidebar').getAttribute('data-theme')).toBe('dark');
    await page.goto(`${FIXTURE.watch.url}&theme=light`);
    await expect.poll(() => page.getByTestId('rt-sidebar').getAttribute('data-theme')).toBe('light');
  });

  it('follows the Short the viewer stops on after a burst of swipes, and the one swiped back to', async () => {
    await page.goto(FIXTURE.shorts.url);
    await expect.poll(() => thread(page).innerText()).toContain(FIXTURE.shorts.title);
    // YouTube's swipe: the feed grows a reel, is-active moves to it, the URL changes and the page says so.
    const swipe = (n: number, title: string, channel: string) =>
      page.evaluate(
        ({ n, title, channel, from }) => {
          const feed = document.querySelector('ytd-reel-video-renderer[is-active]')?.parentElement;
          const active = feed?.querySelector('ytd-reel-video-renderer[is-active]');
          if (!feed || !active) throw new Error('no active Short');
          let reel = feed.querySelector(`ytd-reel-video-renderer[data-swipe="${n}"]`);
          if (!reel) {
            const holder = document.createElement('template');
            holder.innerHTML = (feed.querySelector('ytd-reel-video-renderer') as Element).outerHTML
              .replace(/\sis-active=""/, '')
              .replaceAll(from.title, title)
              .replaceAll(from.channel, channel);
            reel = holder.content.firstElementChild as Element;
            reel.setAttribute('data-swipe', String(n));
            feed.append(reel);
          }
          active.removeAttribute('is-active');
          reel.setAttribute('is-active', '');
          history.pushState({}, '', `/shorts/Sh0rtSwipe${n}`);
          document.dispatchEvent(new CustomEvent('yt-navigate-finish', { bubbles: true }));
        },
        { n, title, channel, from: { title: FIXTURE.shorts.title, channel: FIXTURE.shorts.channel } },
      );
    // Three swipes in a burst: the sidebar shows where the viewer stopped, not the Shorts passed over.
    await swipe(1, 'Passed over one', '@PassedOne');
    await swipe(2, 'Passed over two', '@PassedTwo');
    await swipe(3, 'Card blocked at the airport', '@TravelNotes');
    await expect.poll(() => thread(page).innerText()).toContain('Card blocked at the airport');
    expect(await thread(page).innerText()).toContain('@TravelNotes');
    // A swipe back to one passed over shows it.
    await swipe(1, 'Passed over one', '@PassedOne');
    await expect.poll(() => thread(page).innerText()).toContain('Passed over one');
    expect(await thread(page).innerText()).not.toContain('Card blocked at the airport');
  });

  it('tracks a video from the sidebar and flags it, with a badge under its title', async () => {
    await page.goto(FIXTURE.watch2.url);
    await expect.poll(() => thread(page).innerText()).toContain(FIXTURE.watch2.channel);
    await page.getByTestId('rt-track').click();
    await page.getByTestId('rt-track-form').locator('select').first().selectOption('technical_question');
    await page.getByTestId('rt-track-submit').click();
    await expect.poll(() => trackedHere(page)).toBe('true');
    await expect.poll(() => page.locator('ytd-watch-metadata .reply-tracker-badge').count()).toBe(1);
    expect(await page.locator('ytd-watch-metadata .reply-tracker-badge').innerText()).toMatch(
      /Technical question/,
    );

    // Another video is not tracked, and the sidebar says so after navigating there.
    await related(page, FIXTURE.watch.videoId).click({ position: { x: 8, y: 8 } });
    await expect.poll(() => thread(page).innerText()).toContain(FIXTURE.watch.channel);
    await expect.poll(() => trackedHere(page)).toBe('false');
    expect(await page.locator('ytd-watch-metadata .reply-tracker-badge').count()).toBe(0);
  });

  it.each([
    ['the new layout', FIXTURE.watch.url, FIXTURE.watch.likedCommentId, '@anya_k_crypto'],
    ['the old layout', FIXTURE.legacy.url, FIXTURE.legacy.frozenCommentId, '@skeptic_sid'],
  ])(
    'tracks a comment picked in %s on its own and badges it; the badge opens it in the sidebar',
    async (_, url, id, author) => {
      await page.goto(url);
      const target = comment(page, id);
      const picker = target.locator('.reply-tracker-pick');
      await expect.poll(() => picker.count()).toBe(1);
      await picker.click();
      await expect
        .poll(() => page.getByTestId('rt-post-kind').innerText())
        .toBe(`Comment by ${author} under this video`);
      await page.getByTestId('rt-track').click();
      await page.getByTestId('rt-track-form').locator('select').first().selectOption('support_needed');
      await page.getByTestId('rt-track-submit').click();
      await expect.poll(() => trackedHere(page)).toBe('true');

      const badge = target.locator('.reply-tracker-badge');
      await expect.poll(() => badge.count()).toBe(1);
      expect(await badge.innerText()).toMatch(/Needs support/);
      expect(await page.locator('.reply-tracker-badge').count()).toBe(1);
      expect(await picker.count()).toBe(0);

      // The video itself is not tracked: the comment is a thread of its own.
      await page.getByRole('button', { name: 'Back to this page' }).click();
      await expect.poll(() => trackedHere(page)).toBe('false');
      await badge.click();
      await expect.poll(() => trackedHere(page)).toBe('true');
      expect(await page.getByTestId('rt-post-kind').innerText()).toContain(author);
      expect(page.url()).toBe(url);
    },
  );
});

describe('logging what I do on youtube.com', () => {
  it('logs a top-level comment once, with my new comment id and text', async () => {
    await page.goto(FIXTURE.watch.url);
    await page.locator('ytd-comment-simplebox-renderer #placeholder-area').click();
    const box = page.locator('ytd-comment-simplebox-renderer ytd-commentbox');
    const text = 'Had the same delay last week, support sorted it within a day';
    await writeComment(page, box, text);
    await expect.poll(() => box.count()).toBe(0);

    const [event] = await eventsFor('comment', FIXTURE.watch.videoId);
    const call = site.calls.filter((c) => c.endpoint === 'comment/create_comment').at(-1)!;
    expect(call.status).toBe(200);
    expect(event).toMatchObject({
      platform: 'youtube',
      action: 'comment',
      targetId: FIXTURE.watch.videoId,
      conversationId: FIXTURE.watch.videoId,
      targetAuthor: FIXTURE.watch.channel,
      replyText: text,
      source: 'network',
      pageUrl: FIXTURE.watch.url,
    });
    // The id YouTube gave my comment, which the page now shows.
    expect(event!.replyId).toMatch(/^Ugx[\w-]{19}4AaABAg$/);
    await expect.poll(() => comment(page, event!.replyId!).count()).toBe(1);
    await settledAfterLaterLike(page, FIXTURE.watch.multilineCommentId);
    expect(mine(await events(), 'comment', FIXTURE.watch.videoId)).toHaveLength(1);
  });

  it('logs a reply once, against the thread, in the video', async () => {
    await page.goto(FIXTURE.watch.url);
    const target = comment(page, FIXTURE.watch.threadId);
    await target.locator('#reply-button-end button').first().click();
    const box = target.locator('#reply-dialog ytd-commentbox');
    await writeComment(page, box, 'Open a ticket from the app, it is faster than email');
    await expect.poll(() => box.count()).toBe(0);

    const [event] = await eventsFor('reply', FIXTURE.watch.threadId);
    expect(event).toMatchObject({
      action: 'reply',
      targetId: FIXTURE.watch.threadId,
      targetAuthor: FIXTURE.watch.threadAuthor,
      conversationId: FIXTURE.watch.videoId,
      replyText: 'Open a ticket from the app, it is faster than email',
      source: 'network',
    });
    expect(event!.replyId!.startsWith(`${FIXTURE.watch.threadId}.`)).toBe(true);
    await settledAfterLaterLike(page, FIXTURE.watch.multilineCommentId);
    expect(mine(await events(), 'reply', FIXTURE.watch.threadId)).toHaveLength(1);
  });

  it('logs a comment like and the unlike after it, once each', async () => {
    await page.goto(FIXTURE.watch.url);
    const id = FIXTURE.watch.statusCommentId;
    const like = commentLike(comment(page, id));
    await like.click();
    await expect.poll(() => like.getAttribute('aria-pressed')).toBe('true');
    const [liked] = await eventsFor('like', id);
    expect(liked).toMatchObject({
      targetId: id,
      conversationId: FIXTURE.watch.videoId,
      targetAuthor: '@sol_sam',
      source: 'network',
    });

    await like.click();
    await expect.poll(() => like.getAttribute('aria-pressed')).toBe('false');
    await eventsFor('unlike', id);
    await settledAfterLaterLike(page, FIXTURE.watch.multilineCommentId);
    const logged = (await events()).filter((e) => e.targetId === id);
    expect(logged.map((e) => e.action).sort()).toEqual(['like', 'unlike']);
    const calls = site.calls.filter((c) => c.endpoint === 'comment/perform_comment_action');
    expect(calls.slice(-2).map((c) => c.status)).toEqual([200, 200]);
  });

  it('logs the video like and unlike, once each', async () => {
    await page.goto(FIXTURE.watch.url);
    const like = page.locator('ytd-watch-metadata like-button-view-model button');
    await like.click();
    await expect.poll(() => like.getAttribute('aria-pressed')).toBe('true');
    const [liked] = await eventsFor('like', FIXTURE.watch.videoId);
    expect(liked).toMatchObject({
      targetId: FIXTURE.watch.videoId,
      conversationId: FIXTURE.watch.videoId,
      targetAuthor: FIXTURE.watch.channel,
      source: 'network',
    });
    await like.click();
    await eventsFor('unlike', FIXTURE.watch.videoId);
    await settledAfterLaterLike(page, FIXTURE.watch.multilineCommentId);
    const logged = (await events()).filter(
      (e) => e.targetId === FIXTURE.watch.videoId && (e.action === 'like' || e.action === 'unlike'),
    );
    expect(logged.map((e) => e.action).sort()).toEqual(['like', 'unlike']);
    expect(
      site.calls
        .filter((c) => c.endpoint.startsWith('like/'))
        .map((c) => c.endpoint)
        .slice(-2),
    ).toEqual(['like/like', 'like/removelike']);
  });

  it.each([['http'], ['rejected']] as const)(
    'stores nothing for a comment YouTube rejects (%s)',
    async (how) => {
      await page.goto(FIXTURE.watch2.url);
      site.failNext('comment/create_comment', how);
      await page.locator('ytd-comment-simplebox-renderer #placeholder-area').click();
      const box = page.locator('ytd-comment-simplebox-renderer ytd-commentbox');
      await writeComment(page, box, `This will not go through (${how})`);
      // YouTube keeps the box open with the draft and says why.
      await expect.poll(() => box.locator('#error-message').isVisible()).toBe(true);
      await settledAfterLaterLike(page, FIXTURE.watch2.commentIds[2]);
      expect(await box.count()).toBe(1);
      expect((await events()).filter((e) => e.replyText?.includes('will not go through'))).toEqual([]);
      // The failed request's own console line is the page's, not ours.
      pageErrors.splice(0, pageErrors.length, ...pageErrors.filter((e) => !/status of 400/.test(e)));
    },
  );

  it('logs a reply and a like in the old comment layout with the right ids', async () => {
    await page.goto(FIXTURE.legacy.url);
    const target = comment(page, FIXTURE.legacy.replyIds[1]);
    // Replying to a reply goes to its thread, as on YouTube.
    await target.locator('#reply-button-end button').first().click();
    const box = target.locator('#reply-dialog ytd-commentbox');
    await expect.poll(() => box.locator('#contenteditable-root').innerText()).toContain('@retro_rita');
    await box.locator('#contenteditable-root').click();
    await page.keyboard.press('End');
    await page.keyboard.type('chat worked for me too');
    await box.locator('#submit-button button').click();
    const [reply] = await eventsFor('reply', FIXTURE.legacy.threadId);
    expect(reply).toMatchObject({
      targetId: FIXTURE.legacy.threadId,
      conversationId: FIXTURE.legacy.videoId,
      source: 'network',
    });
    // contenteditable may keep the prefill's trailing space as a no-break space.
    expect(reply!.replyText!.replace(/\u00a0/g, ' ')).toBe('@retro_rita chat worked for me too');
    expect(reply!.replyId!.startsWith(`${FIXTURE.legacy.threadId}.`)).toBe(true);

    const like = commentLike(comment(page, FIXTURE.legacy.frozenCommentId));
    await like.click();
    const [liked] = await eventsFor('like', FIXTURE.legacy.frozenCommentId);
    expect(liked).toMatchObject({ conversationId: FIXTURE.legacy.videoId, targetAuthor: '@skeptic_sid' });
    await settledAfterLaterLike(page, FIXTURE.legacy.replyIds[0]);
    const logged = (await events()).filter((e) =>
      ([FIXTURE.legacy.threadId, FIXTURE.legacy.frozenCommentId] as string[]).includes(e.targetId),
    );
    expect(logged.map((e) => `${e.action}:${e.targetId}`).sort()).toEqual(
      [`like:${FIXTURE.legacy.frozenCommentId}`, `reply:${FIXTURE.legacy.threadId}`].sort(),
    );
  });
});

describe('when YouTube renames its endpoints and the network signal goes silent', () => {
  it('logs a comment like and a video like from the page itself, exactly once each', async () => {
    // Earlier tests liked this video too; only what happens from here on counts.
    const since = new Date().toISOString();
    const fresh = async () => (await events()).filter((e) => e.occurredAt >= since && e.action === 'like');
    await page.goto(`${FIXTURE.watch.url}&fixture-api=renamed`);
    const id = FIXTURE.watch.emojiCommentId;
    const like = commentLike(comment(page, id));
    await like.click();
    await expect.poll(() => like.getAttribute('aria-pressed')).toBe('true');
    const videoLike = page.locator('ytd-watch-metadata like-button-view-model button');
    await videoLike.click();
    await expect.poll(() => videoLike.getAttribute('aria-pressed')).toBe('true');

    const likes = await eventually(fresh, (es) => es.length >= 2);
    expect(likes.find((e) => e.targetId === id)).toMatchObject({
      conversationId: FIXTURE.watch.videoId,
      source: 'dom',
    });
    expect(likes.find((e) => e.targetId === FIXTURE.watch.videoId)).toMatchObject({
      conversationId: FIXTURE.watch.videoId,
      targetAuthor: FIXTURE.watch.channel,
      source: 'dom',
    });
    // YouTube did answer both (under the new names); only the observer missed them.
    expect(site.calls.slice(-2).map((c) => `${c.endpoint}:${c.status}`)).toEqual([
      'comment/perform_comment_action:200',
      'like/like:200',
    ]);

    // The page is the only signal left here, so a later like would wait out the DOM's own windows too:
    // the comment like was followed by the video like, and nothing is left pending once settled.
    await settled(page);
    expect((await fresh()).map((e) => `${e.targetId}:${e.source}`).sort()).toEqual(
      [`${FIXTURE.watch.videoId}:dom`, `${id}:dom`].sort(),
    );
  });
});

describe('syncing YouTube activity to the team server', () => {
  it('delivers a YouTube comment like to the real server', async () => {
    const server = await startTeamServer();
    try {
      const token = await server.addMember('yuri', 'ambassador');
      await grantSiteAccess(browser, new URL(server.url).origin);
      const options = await browser.context.newPage();
      await options.goto(`chrome-extension://${browser.extensionId}/options.html`);
      await options.getByTestId('options-server-url').fill(server.url);
      await options.getByTestId('options-token').fill(token);
      await options.getByTestId('options-connect').click();
      await expect
        .poll(() => options.getByTestId('options-status').getAttribute('data-connected'))
        .toBe('true');
      await options.close();

      await page.goto(FIXTURE.watch.url);
      const id = FIXTURE.watch.scamCommentId;
      await commentLike(comment(page, id)).click();
      const [liked] = await eventsFor('like', id);
      const rows = await eventually(
        () => server.exported(),
        (rs) => rs.some((r) => r.id === liked!.id),
        15_000,
      );
      expect(rows.filter((r) => r.id === liked!.id)).toEqual([
        expect.objectContaining({ member: 'yuri', action: 'like', targetId: id }),
      ]);
    } finally {
      await server.dispose();
    }
  });
});
