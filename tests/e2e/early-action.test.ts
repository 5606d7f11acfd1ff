import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { StoredEvent } from '@/lib/schemas/event';
import { FIXTURE as X, FIXTURE_DIR as X_DIR } from '../fixtures/x/routes';
import { type ExtensionBrowser, launchWithExtension, watchPageErrors } from './harness/extension';
import { eventually, readEvents } from './harness/idb';
import { settled } from './harness/settled';
import { article, serveFakeX, type XSite } from './harness/x-site';

/*
 * Issue 10's correctness gap: the sidebar app loads after the page, so the part that watches the page
 * must not. An ambassador who likes a post the moment it shows, on a day the site's answer is unreadable
 * (a deploy reshaped it, as in drift-youtube.test.ts), is credited once: from what the page showed.
 */
let browser: ExtensionBrowser;
let x: XSite;
let page: Page;
let pageErrors: string[];

beforeEach(async () => {
  browser = await launchWithExtension();
  x = await serveFakeX(browser.context);
  page = await browser.context.newPage();
  pageErrors = watchPageErrors(page);
});
afterEach(async () => {
  expect(pageErrors).toEqual([]);
  await browser?.close();
});

const likesOf = async (targetId: string): Promise<StoredEvent[]> =>
  (await readEvents(await browser.worker())).filter((e) => e.action === 'like' && e.targetId === targetId);

describe('a like the moment the page shows, with the site’s answer unreadable', () => {
  it('on x.com is logged once, from the page', async () => {
    x.reshape(true);
    const target = X.status2.replyIds[0];
    // X's page is up and answering clicks while the rest of it still loads (here one more script, slow
    // to arrive, holds the document before DOMContentLoaded): the ambassador likes a reply meanwhile.
    const fakeX = '<script src="/fixture/fake-x.js"></script>';
    const html = readFileSync(join(X_DIR, 'status-2.html'), 'utf8');
    if (!html.includes(fakeX)) throw new Error('status-2.html no longer loads fake-x.js');
    await page.route(X.status2.url, (route) =>
      route.fulfill({
        contentType: 'text/html; charset=utf-8',
        body: html.replace(fakeX, `${fakeX}<script src="/fixture/slow-bundle.js"></script>`),
      }),
    );
    let slowLoaded = false;
    // Held until the like has been given and answered: the document cannot finish loading before.
    let releaseSlow = () => {};
    const slowHeld = new Promise<void>((r) => {
      releaseSlow = r;
    });
    await page.route('https://x.com/fixture/slow-bundle.js', async (route) => {
      await slowHeld;
      slowLoaded = true;
      await route.fulfill({ contentType: 'text/javascript', body: '' });
    });
    await page.goto(X.status2.url, { waitUntil: 'commit' });
    const like = article(page, target).locator('[data-testid="like"]');
    await like.click({ timeout: 10_000 });
    await expect.poll(() => article(page, target).locator('[data-testid="unlike"]').count()).toBe(1);
    // Liked while the page was still loading: the point of the test.
    expect(slowLoaded).toBe(false);
    await expect
      .poll(() => x.calls.filter((c) => c.operation === 'FavoriteTweet').map((c) => c.status))
      .toEqual([200]);
    releaseSlow();

    const logged = await eventually(
      () => likesOf(target),
      (es) => es.length > 0,
      15_000,
    );
    expect(logged).toEqual([expect.objectContaining({ source: 'dom', platform: 'x' })]);
    // Past every fallback window (like settling 1.5 s, the DOM's 3 s grace) and the app's arrival (the
    // network's calls wait on the port until then): a second log would have been stored by now.
    await settled(page);
    expect(await likesOf(target)).toHaveLength(1);
  });
});
