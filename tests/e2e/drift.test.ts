import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { StoredEvent } from '@/lib/schemas/event';
import { FIXTURE as X } from '../fixtures/x/routes';
import { FIXTURE as YT } from '../fixtures/youtube/routes';
import { type ExtensionBrowser, launchWithExtension, watchPageErrors } from './harness/extension';
import { eventually, readEvents } from './harness/idb';
import { article, serveFakeX, type XSite } from './harness/x-site';
import { comment, serveFakeYoutube, type YoutubeSite } from './harness/youtube-site';

let browser: ExtensionBrowser;
let x: XSite;
let youtube: YoutubeSite;
let page: Page;
let pageErrors: string[];

beforeAll(async () => {
  browser = await launchWithExtension();
  x = await serveFakeX(browser.context);
  youtube = await serveFakeYoutube(browser.context);
});
afterAll(async () => browser?.close());

beforeEach(async () => {
  page = await browser.context.newPage();
  pageErrors = watchPageErrors(page);
  return async () => {
    expect(pageErrors).toEqual([]);
    await page.close();
  };
});

async function events(): Promise<StoredEvent[]> {
  return readEvents(await browser.worker());
}
const on = (es: StoredEvent[], action: string, targetId: string) =>
  es.filter((e) => e.action === action && e.targetId === targetId);
/** Long enough for every fallback window the extension has to have closed. */
const settle = (p: Page) => p.waitForTimeout(4_000);

async function writeComment(p: Page, box: Locator, text: string): Promise<void> {
  await box.locator('#contenteditable-root').click();
  await p.keyboard.type(text);
  await box.locator('#submit-button button').click();
}

const warnings = (p: Page) => p.getByTestId('rt-health-warning');
/** A page load, its settling and both health passes (lib/health/monitor: 2 × 2 s). */
const checked = (p: Page) => p.waitForTimeout(5_000);

async function popupWarnings(): Promise<string[]> {
  const popup = await browser.context.newPage();
  try {
    await popup.goto(`chrome-extension://${browser.extensionId}/popup.html`);
    await expect.poll(() => popup.getByRole('heading', { name: 'Reply Tracker' }).count()).toBe(1);
    await popup.waitForTimeout(500);
    return await popup.getByTestId('rt-health-warning').allInnerTexts();
  } finally {
    await popup.close();
  }
}

// Order matters in this file: each test leaves the health records a real browser would keep.
describe('healthy pages', () => {
  it('raise no warning on x.com or youtube.com, in the sidebar or the popup', async () => {
    await page.goto(X.status.url);
    await expect.poll(() => page.getByTestId('rt-sidebar').count()).toBe(1);
    await checked(page);
    expect(await warnings(page).count()).toBe(0);
    await page.goto(YT.watch.url);
    await expect.poll(() => page.getByTestId('rt-sidebar').count()).toBe(1);
    await checked(page);
    expect(await warnings(page).count()).toBe(0);
    expect(await popupWarnings()).toEqual([]);
  });
});

describe('X renamed its like button', () => {
  it('still counts a like once, from X’s answer, and says so in the sidebar and the popup', async () => {
    await page.goto(`${X.status2.url}?fixture-dom=like-renamed`);
    // Within this one page load, before anything is liked.
    await expect.poll(() => warnings(page).getAttribute('data-level'), { timeout: 15_000 }).toBe('degraded');
    expect(await warnings(page).innerText()).toBe(
      "X changed its page: Reply Tracker still counts your likes from X's own answers until it is updated.",
    );
    const target = X.status2.replyIds[1];
    await article(page, target).locator('[data-testid="heart"]').click();
    const logged = await eventually(events, (es) => on(es, 'like', target).length > 0);
    expect(on(logged, 'like', target)).toEqual([expect.objectContaining({ source: 'network' })]);
    await settle(page);
    expect(on(await events(), 'like', target)).toHaveLength(1);
    expect(await popupWarnings()).toEqual([
      "X changed its page: Reply Tracker still counts your likes from X's own answers until it is updated.",
    ]);
  });

  it('and reshaped its answer: the sidebar and the popup say likes may not be counted, replies still are', async () => {
    x.reshape(true);
    try {
      await page.goto(`${X.status2.url}?fixture-dom=like-renamed`);
      const target = X.status2.replyIds[2];
      await article(page, target).locator('[data-testid="heart"]').click();
      const atRisk =
        'X changed its page: likes may not be counted until Reply Tracker is updated; your replies are still counted.';
      await expect.poll(() => warnings(page).innerText(), { timeout: 15_000 }).toBe(atRisk);
      expect(await warnings(page).getAttribute('role')).toBe('alert');
      expect(await popupWarnings()).toEqual([atRisk]);
      // Neither signal survived: nothing was logged, and nothing was made up.
      expect(on(await events(), 'like', target)).toEqual([]);
    } finally {
      x.reshape(false);
    }
  });
});

describe('YouTube changed its params layout: the endpoints are ours, their params unreadable', () => {
  it('logs a comment YouTube accepted and a comment like the page shows, once each', async () => {
    await page.goto(`${YT.watch2.url}&fixture-api=undecodable`);
    await page.locator('ytd-comment-simplebox-renderer #placeholder-area').click();
    const box = page.locator('ytd-comment-simplebox-renderer ytd-commentbox');
    const text = 'Fees went down for me after the spring update';
    await writeComment(page, box, text);
    await expect.poll(() => box.count()).toBe(0);
    const created = youtube.calls.filter((c) => c.endpoint === 'comment/create_comment').at(-1)!;
    expect(created.status).toBe(200);

    const id = YT.watch2.commentIds[1];
    const like = comment(page, id).locator('#like-button button').first();
    await like.click();
    await expect.poll(() => like.getAttribute('aria-pressed')).toBe('true');

    const logged = await eventually(
      events,
      (es) => on(es, 'comment', YT.watch2.videoId).length > 0 && on(es, 'like', id).length > 0,
    );
    expect(on(logged, 'comment', YT.watch2.videoId)).toEqual([
      expect.objectContaining({ replyText: text, conversationId: YT.watch2.videoId }),
    ]);
    expect(on(logged, 'like', id)).toHaveLength(1);
    await settle(page);
    const after = await events();
    expect(on(after, 'comment', YT.watch2.videoId)).toHaveLength(1);
    expect(on(after, 'like', id)).toHaveLength(1);
  });
});

// Issue 14's defect: an answer in a new shape read as "the site said no", and voided what the page showed.
describe('the sites reshaped their answers: the calls are ours, the answers unreadable', () => {
  it('logs a YouTube comment and reply the page shows, once each, from the page', async () => {
    youtube.reshape(true);
    try {
      await page.goto(YT.watch.url);
      await page.locator('ytd-comment-simplebox-renderer #placeholder-area').click();
      const box = page.locator('ytd-comment-simplebox-renderer ytd-commentbox');
      const text = 'Withdrawals took a day for me this month';
      await writeComment(page, box, text);
      await expect.poll(() => box.count()).toBe(0);
      const thread = comment(page, YT.watch.threadId);
      await thread.locator('#reply-button-end button').first().click();
      const replyBox = thread.locator('#reply-dialog ytd-commentbox');
      await writeComment(page, replyBox, 'Support answered me in chat');
      await expect.poll(() => replyBox.count()).toBe(0);
      expect(youtube.calls.slice(-2).map((c) => c.status)).toEqual([200, 200]);

      const mine = (es: StoredEvent[]) =>
        es.filter((e) => e.replyText === text || e.replyText === 'Support answered me in chat');
      const logged = await eventually(
        async () => mine(await events()),
        (es) => es.length >= 2,
      );
      expect(logged.map((e) => `${e.action}:${e.targetId}:${e.source}`).sort()).toEqual(
        [`comment:${YT.watch.videoId}:dom`, `reply:${YT.watch.threadId}:dom`].sort(),
      );
      await settle(page);
      expect(mine(await events())).toHaveLength(2);
    } finally {
      youtube.reshape(false);
    }
  });

  it('logs an X like and a reply the page shows, once each, from the page', async () => {
    x.reshape(true);
    try {
      await page.goto(X.status2.url);
      const target = X.status2.replyIds[0];
      await article(page, target).locator('[data-testid="like"]').click();
      await expect.poll(() => article(page, target).locator('[data-testid="unlike"]').count()).toBe(1);
      const editor = page.locator('[data-testid="inline_reply_offscreen"] [data-testid="tweetTextarea_0"]');
      await editor.click();
      await page.keyboard.type('Mine arrived after two days too');
      await page.locator('[data-testid="tweetButtonInline"]').click();
      const focused = X.status2.focusedStatusId;
      const mine = (es: StoredEvent[]) => es.filter((e) => e.targetId === target || e.targetId === focused);
      const logged = await eventually(
        async () => mine(await events()),
        (es) => es.length >= 2,
      );
      expect(logged.map((e) => `${e.action}:${e.targetId}:${e.source}`).sort()).toEqual(
        [`like:${target}:dom`, `reply:${focused}:dom`].sort(),
      );
      expect(x.calls.slice(-2).map((c) => `${c.operation}:${c.status}`)).toEqual([
        'FavoriteTweet:200',
        'CreateTweet:200',
      ]);
      await settle(page);
      expect(mine(await events())).toHaveLength(2);
    } finally {
      x.reshape(false);
    }
  });
});
