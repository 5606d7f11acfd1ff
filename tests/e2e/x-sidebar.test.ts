import type { Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { StoredEvent } from '@/lib/schemas/event';
import { FIXTURE } from '../fixtures/x/routes';
import { type ExtensionBrowser, launchWithExtension, watchPageErrors } from './harness/extension';
import { eventually, readEvents } from './harness/idb';
import { settled } from './harness/settled';
import { article, serveFakeX, type XSite } from './harness/x-site';

let browser: ExtensionBrowser;
let site: XSite;
let page: Page;
let pageErrors: string[];

beforeAll(async () => {
  browser = await launchWithExtension();
  site = await serveFakeX(browser.context);
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

const sidebar = (p: Page) => p.getByTestId('rt-sidebar');

async function events(): Promise<StoredEvent[]> {
  return readEvents(await browser.worker());
}
async function eventsFor(targetId: string, count: number, timeoutMs = 10_000): Promise<StoredEvent[]> {
  const all = await eventually(
    events,
    (es) => es.filter((e) => e.targetId === targetId).length >= count,
    timeoutMs,
  );
  return all.filter((e) => e.targetId === targetId);
}
/**
 * "Exactly once" without sleeping: likes a tweet no test counts (`targetId`), a later action that goes
 * through the same pipeline after everything before it, waits until it is logged and the page has
 * settled (lib/content/settled.ts: no like settling, no DOM signal waiting for the network, no call
 * unjudged, nothing unstored). A late duplicate of anything earlier would have been logged by then.
 */
async function settledAfterLaterLike(p: Page, targetId: string): Promise<void> {
  const before = (await events()).filter((e) => e.targetId === targetId).length;
  await article(p, targetId).locator('[data-testid="like"]').click();
  await eventsFor(targetId, before + 1);
  await settled(p);
}

describe('the sidebar on x.com', () => {
  it('shows the thread on a status page and follows navigation to the timeline, another tweet, back and forward', async () => {
    await page.goto(FIXTURE.status.url);
    await expect.poll(() => page.locator('reply-tracker-sidebar').count()).toBe(1);
    const thread = page.getByTestId('rt-thread');
    await expect.poll(() => thread.innerText()).toContain(`@${FIXTURE.status.handle}`);
    expect(await page.getByTestId('rt-tracked-status').getAttribute('data-tracked')).toBe('false');

    // Client-side navigation to the home timeline (X's own nav link).
    await page.locator('a[href="/home"]').first().click();
    await page.waitForURL('**/home');
    await expect.poll(() => thread.innerText()).toMatch(/Open a post or video/i);

    // Into another tweet from the timeline, by its permalink.
    await article(page, FIXTURE.status2.focusedStatusId).locator('time').click();
    await page.waitForURL(`**/status/${FIXTURE.status2.focusedStatusId}`);
    await expect.poll(() => thread.innerText()).toContain(`@${FIXTURE.status2.handle}`);

    await page.goBack();
    await page.waitForURL('**/home');
    await expect.poll(() => thread.innerText()).toMatch(/Open a post or video/i);
    await page.goForward();
    await page.waitForURL(`**/status/${FIXTURE.status2.focusedStatusId}`);
    await expect.poll(() => thread.innerText()).toContain(`@${FIXTURE.status2.handle}`);
  });

  it('docks at the right edge without covering the tweet column, collapses, and remembers it', async () => {
    await page.goto(FIXTURE.status.url);
    await expect.poll(() => sidebar(page).getAttribute('data-state')).toBe('open');
    const panel = await page.locator('.rt-panel').boundingBox();
    const column = await page.locator('[data-testid="primaryColumn"]').boundingBox();
    expect(panel && column).toBeTruthy();
    expect(panel!.x + panel!.width).toBeCloseTo(1400, -1);
    expect(column!.x + column!.width).toBeLessThanOrEqual(panel!.x);

    await page.getByTestId('rt-collapse').click();
    await expect.poll(() => sidebar(page).getAttribute('data-state')).toBe('collapsed');
    await page.reload();
    await expect.poll(() => sidebar(page).getAttribute('data-state')).toBe('collapsed');

    // The keyboard shortcut, pressed on the page.
    await page.mouse.click(5, 5);
    await page.keyboard.press('Alt+Shift+KeyR');
    await expect.poll(() => sidebar(page).getAttribute('data-state')).toBe('open');
  });

  it("follows X's dim and lights-out themes", async () => {
    await page.goto(`${FIXTURE.status.url}?theme=dim`);
    await expect.poll(() => sidebar(page).getAttribute('data-theme')).toBe('dim');
    await page.goto(`${FIXTURE.status.url}?theme=dark`);
    await expect.poll(() => sidebar(page).getAttribute('data-theme')).toBe('dark');
  });

  it('tracks a thread, badges it in the timeline, and the badge opens the sidebar on it', async () => {
    await page.goto(FIXTURE.status2.url);
    await expect
      .poll(() => page.getByTestId('rt-thread').innerText())
      .toContain(`@${FIXTURE.status2.handle}`);
    await page.getByTestId('rt-track').click();
    await page.getByTestId('rt-track-form').locator('select').first().selectOption('trust_doubt');
    await page.getByTestId('rt-track-submit').click();
    await expect.poll(() => page.getByTestId('rt-tracked-status').getAttribute('data-tracked')).toBe('true');
    await expect.poll(() => page.getByTestId('rt-sla').innerText()).toMatch(/Due in (1 d|2[34] h)/);

    await page.goto(FIXTURE.home.url);
    const badge = article(page, FIXTURE.status2.focusedStatusId).locator('.reply-tracker-badge');
    await expect.poll(() => badge.count()).toBe(1);
    expect(await badge.innerText()).toMatch(/Doubt in reliability/);
    // Only the tracked tweet is badged.
    expect(await page.locator('.reply-tracker-badge').count()).toBe(1);

    await badge.click();
    // The badge opens the sidebar on that thread and does not navigate into the tweet.
    await expect
      .poll(() => page.getByTestId('rt-thread').innerText())
      .toContain(`@${FIXTURE.status2.handle}`);
    expect(page.url()).toBe(FIXTURE.home.url);
    expect(await page.getByTestId('rt-tracked-status').getAttribute('data-tracked')).toBe('true');
  });
});

describe('logging what I do on x.com', () => {
  it('logs a like and the unlike after it, once each, and my counts update', async () => {
    await page.goto(FIXTURE.status.url);
    const target = FIXTURE.status.replyIds[0];
    const tweet = article(page, target);
    const likesToday = page.getByTestId('rt-count-today-likes');
    await expect.poll(() => likesToday.innerText()).toMatch(/\d/);
    const before = Number((await likesToday.innerText()).match(/\d+/)![0]);

    await tweet.locator('[data-testid="like"]').click();
    await expect.poll(() => tweet.locator('[data-testid="unlike"]').count()).toBe(1);
    const [like] = await eventsFor(target, 1);
    expect(like).toMatchObject({
      platform: 'x',
      action: 'like',
      targetId: target,
      conversationId: FIXTURE.status.rootId,
      source: 'network',
      syncState: 'pending',
      pageUrl: FIXTURE.status.url,
    });
    await expect.poll(() => likesToday.innerText()).toContain(String(before + 1));

    await tweet.locator('[data-testid="unlike"]').click();
    await expect.poll(() => tweet.locator('[data-testid="like"]').count()).toBe(1);
    await eventsFor(target, 2);
    // What I did here lists both…
    await expect.poll(() => page.getByTestId('rt-event').count()).toBe(2);
    await settledAfterLaterLike(page, FIXTURE.status.replyIds[4]);
    const logged = (await events()).filter((e) => e.targetId === target);
    expect(logged.map((e) => e.action).sort()).toEqual(['like', 'unlike']);
    // …and, after the later like in the same thread, those two and that one only.
    await expect.poll(() => page.getByTestId('rt-event').count()).toBe(3);
  });

  it('logs a reply sent from the reply dialog exactly once, with the new reply id and text', async () => {
    await page.goto(FIXTURE.home.url);
    const target = FIXTURE.home.mediaTweetId;
    await article(page, target).locator('[data-testid="reply"]').click();
    const editor = page.locator('[role="dialog"] [data-testid="tweetTextarea_0"]');
    await editor.click();
    await page.keyboard.type('Had the same delay last week, support sorted it within a day');
    await page.locator('[role="dialog"] [data-testid="tweetButton"]').click();
    await expect.poll(() => page.locator('[role="dialog"]').count()).toBe(0);

    const [reply] = await eventsFor(target, 1);
    const call = site.calls.filter((c) => c.operation === 'CreateTweet').at(-1)!;
    expect(call.status).toBe(200);
    expect(reply).toMatchObject({
      action: 'reply',
      targetId: target,
      targetAuthor: FIXTURE.home.mediaTweetHandle,
      replyText: 'Had the same delay last week, support sorted it within a day',
      source: 'network',
    });
    expect(reply!.replyId).toMatch(/^\d{15,}$/);
    await settledAfterLaterLike(page, FIXTURE.home.firstId);
    expect((await events()).filter((e) => e.targetId === target)).toHaveLength(1);
  });

  it('logs a reply sent from the inline composer on a status page, in its conversation', async () => {
    await page.goto(FIXTURE.status2.url);
    const target = FIXTURE.status2.focusedStatusId;
    const editor = page.locator('[data-testid="inline_reply_offscreen"] [data-testid="tweetTextarea_0"]');
    await editor.click();
    await page.keyboard.type('Withdrawals took 20 min for me today 🙂');
    await page.locator('[data-testid="tweetButtonInline"]').click();
    const [reply] = await eventsFor(target, 1);
    expect(reply).toMatchObject({
      action: 'reply',
      targetId: target,
      conversationId: target,
      replyText: 'Withdrawals took 20 min for me today 🙂',
      category: 'trust_doubt',
    });
    // My reply is listed in the sidebar with a link to it.
    const link = page.getByTestId('rt-my-activity').locator(`a[href$="/status/${reply!.replyId}"]`);
    await expect.poll(() => link.count()).toBe(1);
    await settledAfterLaterLike(page, FIXTURE.status2.replyIds[2]);
    expect((await events()).filter((e) => e.targetId === target)).toHaveLength(1);
  });

  it.each([['errors'], ['http']] as const)('stores nothing for a reply X rejects (%s)', async (how) => {
    await page.goto(FIXTURE.status.url);
    const target = FIXTURE.status.replyIds[1];
    site.failNext('CreateTweet', how);
    const creates = () => site.calls.filter((c) => c.operation === 'CreateTweet').length;
    const before = creates();
    await article(page, target).locator('[data-testid="reply"]').click();
    await page.locator('[role="dialog"] [data-testid="tweetTextarea_0"]').click();
    await page.keyboard.type('This will not go through');
    await page.locator('[role="dialog"] [data-testid="tweetButton"]').click();
    // X has answered (refused) the call; once settled, the extension has judged it.
    await expect.poll(creates).toBe(before + 1);
    // The dialog stays open (X keeps the draft), so no later action can go through the page here: the
    // refusal judged and nothing left pending is the proof.
    await settled(page);
    // X keeps the dialog open and says why.
    expect(await page.locator('[role="dialog"]').count()).toBe(1);
    expect((await events()).filter((e) => e.targetId === target)).toEqual([]);
    // The X page shows its own error toast; that one is the page's, not ours.
    pageErrors.splice(0);
  });
});

describe('when X renames its operations and the network signal goes silent', () => {
  it('logs likes, unlikes and replies from the page itself, still exactly once', async () => {
    await page.goto(`${FIXTURE.status.url}?fixture-api=renamed`);
    const target = FIXTURE.status.replyIds[3];
    const tweet = article(page, target);
    await tweet.locator('[data-testid="like"]').click();
    const [like] = await eventsFor(target, 1);
    expect(like).toMatchObject({ action: 'like', targetId: target, source: 'dom' });
    expect(site.calls.at(-1)).toMatchObject({ operation: 'FavoriteTweet', status: 200 });

    await tweet.locator('[data-testid="unlike"]').click();
    await eventsFor(target, 2);

    const editor = page.locator('[data-testid="inline_reply_offscreen"] [data-testid="tweetTextarea_0"]');
    await editor.click();
    await page.keyboard.type('Same here, verification took me two days');
    await page.locator('[data-testid="tweetButtonInline"]').click();
    const focused = FIXTURE.status.focusedStatusId;
    const [reply] = await eventsFor(focused, 1);
    expect(reply).toMatchObject({
      action: 'reply',
      source: 'dom',
      conversationId: FIXTURE.status.rootId,
      replyText: 'Same here, verification took me two days',
    });

    // The page is the only signal left here, so a later like would wait out the DOM's own windows too:
    // the like was followed by the unlike and the reply, and nothing is left pending once settled.
    await settled(page);
    const mine = (await events()).filter((e) => e.targetId === target || e.targetId === focused);
    expect(mine.map((e) => `${e.action}:${e.source}`).sort()).toEqual([
      'like:dom',
      'reply:dom',
      'unlike:dom',
    ]);
  });
});
