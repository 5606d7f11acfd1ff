import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { StoredEvent } from '@/lib/schemas/event';
import type { TeamHealthResponse } from '@/lib/schemas/health';
import { FIXTURE as X, FIXTURE_DIR as X_DIR } from '../fixtures/x/routes';
import { FIXTURE as YT, FIXTURE_DIR as YT_DIR } from '../fixtures/youtube/routes';
import {
  type ExtensionBrowser,
  grantSiteAccess,
  launchWithExtension,
  watchPageErrors,
} from './harness/extension';
import { eventually, readEvents } from './harness/idb';
import { startTeamServer, type TeamServer } from './harness/server';
import { settled } from './harness/settled';
import { article, serveFakeX, type XSite } from './harness/x-site';
import { comment, serveFakeYoutube, type YoutubeSite } from './harness/youtube-site';

/*
 * Issue 14 in a real browser: each test is one ambassador's own fresh browser (own profile, own
 * IndexedDB, own member on the team server), so no test depends on what another left behind. The
 * manager reads the team view in her own browser, connected to the same real server.
 */
let server: TeamServer;
let manager: ExtensionBrowser;
let browser: ExtensionBrowser;
let x: XSite;
let youtube: YoutubeSite;
let page: Page;
let pageErrors: string[];
/** This test's ambassador, as the team view names them. */
let me: string;
let seq = 0;
let managerToken: string;

async function connect(b: ExtensionBrowser, token: string): Promise<void> {
  await grantSiteAccess(b, new URL(server.url).origin);
  const options = await b.context.newPage();
  await options.goto(`chrome-extension://${b.extensionId}/options.html`);
  await options.getByTestId('options-server-url').fill(server.url);
  await options.getByTestId('options-token').fill(token);
  await options.getByTestId('options-connect').click();
  // Also called from beforeAll, where expect.poll is not available.
  const connected = await eventually(
    () => options.getByTestId('options-status').getAttribute('data-connected'),
    (v) => v === 'true',
    15_000,
  );
  if (connected !== 'true')
    throw new Error(`could not connect: ${await options.locator('body').innerText()}`);
  await options.close();
}

beforeAll(async () => {
  server = await startTeamServer();
  manager = await launchWithExtension();
  managerToken = await server.addMember('maria', 'manager');
  await connect(manager, managerToken);
});
afterAll(async () => {
  await manager?.close();
  await server?.dispose();
});

beforeEach(async () => {
  me = `amb${Date.now().toString(36)}${++seq}`;
  browser = await launchWithExtension();
  x = await serveFakeX(browser.context);
  youtube = await serveFakeYoutube(browser.context);
  await connect(browser, await server.addMember(me, 'ambassador'));
  page = await browser.context.newPage();
  pageErrors = watchPageErrors(page);
  return async () => {
    expect(pageErrors).toEqual([]);
    await browser.close();
  };
});

/**
 * Opens a page and waits for Reply Tracker's sidebar, as the ambassador sees it before acting: its app
 * loads after the page (lib/content/loader.ts), and where the DOM is the only signal left, an action
 * taken before the app watches the page is one the page shows but nothing observed.
 */
async function openPage(url: string): Promise<void> {
  await page.goto(url);
  await page.locator('reply-tracker-sidebar').waitFor({ state: 'attached', timeout: 20_000 });
}

async function events(): Promise<StoredEvent[]> {
  return readEvents(await browser.worker());
}
const on = (es: StoredEvent[], action: string, targetId: string) =>
  es.filter((e) => e.action === action && e.targetId === targetId);
/**
 * "Exactly once" without sleeping: `like` is a later action through the same pipeline (a like no test
 * counts, on `targetId`); once it is logged and the page has settled (lib/content/settled.ts: no like settling, no DOM
 * signal waiting for the network, no call unjudged, nothing unstored), a late duplicate of anything
 * earlier would have been logged too.
 */
async function settledAfterLaterLike(like: Locator, targetId: string): Promise<void> {
  await like.click();
  await eventually(events, (es) => on(es, 'like', targetId).length > 0);
  await settled(page);
}

async function writeComment(p: Page, box: Locator, text: string): Promise<void> {
  await box.locator('#contenteditable-root').click();
  await p.keyboard.type(text);
  await box.locator('#submit-button button').click();
}

const warnings = (p: Page) => p.getByTestId('rt-health-warning');
/** A page load, its settling and both health passes (lib/health/monitor: 2 × 2 s), reported. */
const checked = (p: Page) => settled(p, { health: true });

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

/** What the manager's popup says about this test's ambassador, opened afresh (as she would). */
async function teamView(): Promise<{ rows: number; warnings: { level: string; text: string }[] }> {
  const popup = await manager.context.newPage();
  try {
    await popup.goto(`chrome-extension://${manager.extensionId}/popup.html`);
    await expect.poll(() => popup.getByTestId('team-row').count(), { timeout: 10_000 }).toBeGreaterThan(0);
    await popup.waitForTimeout(300);
    const found = popup.locator(`[data-testid="team-health-warning"][data-member="${me}"]`);
    const list = [];
    for (const w of await found.all()) {
      list.push({ level: (await w.getAttribute('data-level')) ?? '', text: await w.innerText() });
    }
    return {
      rows: await popup.locator(`[data-testid="team-row"][data-member="${me}"]`).count(),
      warnings: list,
    };
  } finally {
    await popup.close();
  }
}

/**
 * The manager's team view says `expected` about this test's ambassador once their syncs are in: the
 * first news goes a couple of seconds after it is seen, and later news (the page's own checks settle
 * after 4 s) with the next one, so the view is read again until it matches.
 */
async function expectTeamView(expected: { level: string; text: unknown }[]): Promise<void> {
  await expect
    .poll(async () => (await teamView()).warnings, { timeout: 30_000, interval: 1_000 })
    .toEqual(expected);
}

/** The ambassador presses Sync now in their popup: whatever their browser knows is on the server after. */
async function syncNow(): Promise<void> {
  const popup = await browser.context.newPage();
  try {
    await popup.goto(`chrome-extension://${browser.extensionId}/popup.html`);
    await popup.getByTestId('sync-now').click();
    await expect
      .poll(() => popup.getByTestId('sync-connected').getAttribute('data-state'), { timeout: 15_000 })
      .toBe('up-to-date');
  } finally {
    await popup.close();
  }
}

/** A fixture page with a script run just before the site's own (fake-x.js, fake-youtube.js). */
function withScriptBefore(file: string, site: string, script: string): string {
  const tag = `<script src="/fixture/${site}"></script>`;
  const html = readFileSync(file, 'utf8');
  if (!html.includes(tag)) throw new Error(`${file} does not load ${site}`);
  return html.replace(tag, `<script>${script}</script>${tag}`);
}

describe('healthy pages, empty timelines, loading comments and login walls', () => {
  it('raise no warning in the sidebar, the popup or the manager’s team view', async () => {
    // An empty home timeline, and the wall a signed-out visitor gets: nothing to check, nothing to fear.
    // A video whose comments never arrive: the spinner stays, as while YouTube is still loading them.
    const noComments = `${YT.watch.url}&fixture=no-comments`;
    const route = async (tab: Page) => {
      await tab.route(X.home.url, (r) =>
        r.fulfill({
          contentType: 'text/html; charset=utf-8',
          body: withScriptBefore(
            join(X_DIR, 'home.html'),
            'fake-x.js',
            "document.querySelectorAll('[data-testid=cellInnerDiv]').forEach((c) => c.remove());",
          ),
        }),
      );
      await tab.route('https://x.com/i/flow/login', (r) =>
        r.fulfill({
          contentType: 'text/html; charset=utf-8',
          body: '<!doctype html><html><body><div data-testid="login"><h1>Happening now</h1><a href="/i/flow/signup">Create account</a></div></body></html>',
        }),
      );
      await tab.route(noComments, (r) =>
        r.fulfill({
          contentType: 'text/html; charset=utf-8',
          body: withScriptBefore(
            join(YT_DIR, 'watch.html'),
            'fake-youtube.js',
            "document.querySelectorAll('ytd-comment-thread-renderer').forEach((c) => c.remove());",
          ),
        }),
      );
    };

    // Each page in a tab of its own, all at once: their checks (2 × 2 s after each load) run side by side.
    const urls = [X.status.url, X.home.url, 'https://x.com/i/flow/login', YT.watch.url, noComments];
    const tabs = await Promise.all(
      urls.map(async (url, i) => {
        const tab = i === urls.length - 1 ? page : await browser.context.newPage();
        const errors = tab === page ? pageErrors : watchPageErrors(tab);
        await route(tab);
        await tab.goto(url);
        await checked(tab);
        return { url, tab, errors };
      }),
    );
    for (const { url, tab, errors } of tabs) {
      expect(await warnings(tab).count(), url).toBe(0);
      expect(errors, url).toEqual([]);
    }
    expect(await page.locator('ytd-comment-thread-renderer').count()).toBe(0);
    expect(await popupWarnings()).toEqual([]);
    await syncNow();
    const team = await teamView();
    expect(team.rows).toBe(1);
    expect(team.warnings).toEqual([]);
  });
});

describe('X renamed its like button', () => {
  it('still counts a like once, from X’s answer, and says so in the sidebar, the popup and the team view', async () => {
    await openPage(`${X.status2.url}?fixture-dom=like-renamed`);
    // Within this one page load, before anything is liked.
    await expect.poll(() => warnings(page).getAttribute('data-level'), { timeout: 15_000 }).toBe('degraded');
    expect(await warnings(page).innerText()).toBe(
      "X changed its page: Reply Tracker still counts your likes from X's own answers until it is updated.",
    );
    const target = X.status2.replyIds[1];
    await article(page, target).locator('[data-testid="heart"]').click();
    const logged = await eventually(events, (es) => on(es, 'like', target).length > 0);
    expect(on(logged, 'like', target)).toEqual([expect.objectContaining({ source: 'network' })]);
    const other = X.status2.replyIds[0];
    await settledAfterLaterLike(article(page, other).locator('[data-testid="heart"]'), other);
    expect(on(await events(), 'like', target)).toHaveLength(1);
    expect(await popupWarnings()).toEqual([
      "X changed its page: Reply Tracker still counts your likes from X's own answers until it is updated.",
    ]);
    await expectTeamView([
      {
        level: 'degraded',
        text: expect.stringContaining(
          `${me} · X changed its page: likes are still counted, from one signal instead of two.`,
        ),
      },
    ]);

    // The dashboard's Site changes panel says the same.
    const dashboard = await manager.context.newPage();
    try {
      await dashboard.goto(`chrome-extension://${manager.extensionId}/dashboard.html`);
      const row = dashboard.locator(`[data-testid="site-health-row"][data-member="${me}"]`);
      await expect.poll(() => row.count(), { timeout: 15_000 }).toBe(1);
      expect(await row.getAttribute('data-level')).toBe('degraded');
      expect(await row.innerText()).toContain('likes are still counted, from one signal instead of two');
      expect(await row.innerText()).toContain('like-button');
    } finally {
      await dashboard.close();
    }
  });

  it('and reshaped its answer: everyone is told likes may not be counted, replies still are', async () => {
    x.reshape(true);
    await openPage(`${X.status2.url}?fixture-dom=like-renamed`);
    const target = X.status2.replyIds[2];
    await article(page, target).locator('[data-testid="heart"]').click();
    const atRisk =
      'X changed its page: likes may not be counted until Reply Tracker is updated; your replies are still counted.';
    await expect.poll(() => warnings(page).innerText(), { timeout: 15_000 }).toBe(atRisk);
    expect(await warnings(page).getAttribute('role')).toBe('alert');
    expect(await popupWarnings()).toEqual([atRisk]);
    // Neither signal survived: nothing was logged, and nothing was made up.
    expect(on(await events(), 'like', target)).toEqual([]);
    await expectTeamView([
      {
        level: 'at-risk',
        text: expect.stringContaining(`${me} · X changed its page: likes may not be counted.`),
      },
    ]);
  });
});

describe('YouTube renamed its comment like button', () => {
  it('still counts a comment like once, from YouTube’s answer, and says so everywhere', async () => {
    await openPage(`${YT.watch2.url}&fixture-dom=like-renamed`);
    const degraded =
      "YouTube changed its page: Reply Tracker still counts your likes from YouTube's own answers until it is updated.";
    // Within this one page load, before anything is liked.
    await expect.poll(() => warnings(page).innerText(), { timeout: 20_000 }).toBe(degraded);
    const id = YT.watch2.commentIds[1];
    const like = comment(page, id).locator('#like-button-v2 button').first();
    await like.click();
    await expect.poll(() => like.getAttribute('aria-pressed')).toBe('true');
    const logged = await eventually(events, (es) => on(es, 'like', id).length > 0);
    expect(on(logged, 'like', id)).toEqual([expect.objectContaining({ source: 'network' })]);
    const other = YT.watch2.commentIds[2];
    await settledAfterLaterLike(comment(page, other).locator('#like-button-v2 button').first(), other);
    expect(on(await events(), 'like', id)).toHaveLength(1);
    expect(await popupWarnings()).toEqual([degraded]);
    await expectTeamView([
      {
        level: 'degraded',
        text: expect.stringContaining(
          `${me} · YouTube changed its page: likes are still counted, from one signal instead of two.`,
        ),
      },
    ]);
  });
});

describe('YouTube changed its params layout: the endpoints are ours, their params unreadable', () => {
  it('logs a comment YouTube accepted and a comment like the page shows, once each, and says so everywhere', async () => {
    await openPage(`${YT.watch2.url}&fixture-api=undecodable`);
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
    await settled(page);
    const after = await events();
    expect(on(after, 'comment', YT.watch2.videoId)).toHaveLength(1);
    expect(on(after, 'like', id)).toHaveLength(1);

    // Same page load: the unreadable calls are reported, and what still counts them is said plainly.
    const degraded =
      'YouTube changed its page: Reply Tracker still counts your replies and likes from what the page shows until it is updated.';
    await expect.poll(() => warnings(page).innerText(), { timeout: 10_000 }).toBe(degraded);
    expect(await popupWarnings()).toEqual([degraded]);
    await expectTeamView([
      {
        level: 'degraded',
        text: expect.stringContaining(
          `${me} · YouTube changed its page: replies and likes are still counted, from one signal instead of two.`,
        ),
      },
    ]);
  });
});

describe('X renamed its like operation (FavoriteTweet → FavoriteTweetV2)', () => {
  it('counts the like once from the page, and reports the unknown call with its shape, never its values', async () => {
    await openPage(`${X.status2.url}?fixture-api=renamed`);
    const target = X.status2.replyIds[0];
    await article(page, target).locator('[data-testid="like"]').click();
    const logged = await eventually(events, (es) => on(es, 'like', target).length > 0);
    expect(on(logged, 'like', target)).toEqual([expect.objectContaining({ source: 'dom' })]);
    expect(x.calls.at(-1)?.operation).toBe('FavoriteTweet');
    const degraded =
      'X changed its page: Reply Tracker still counts your likes from what the page shows until it is updated.';
    await expect.poll(() => warnings(page).innerText(), { timeout: 10_000 }).toBe(degraded);
    await settled(page);
    expect(on(await events(), 'like', target)).toHaveLength(1);
    await expectTeamView([
      {
        level: 'degraded',
        text: expect.stringContaining('unknown-operation:FavoriteTweetV2'),
      },
    ]);
    // What the server keeps for the report: the call's key paths, not the tweet it was about.
    const res = await server.api(managerToken, 'GET', '/team/health');
    const mine = (JSON.parse(res.text) as TeamHealthResponse).members.find((m) => m.name === me);
    const unknown = mine?.records.find((r) => r.check === 'unknown-operation:FavoriteTweetV2');
    expect(unknown?.shape).toEqual(expect.arrayContaining(['queryId', 'variables', 'variables.tweet_id']));
    expect(JSON.stringify(unknown)).not.toContain(target);
  });
});

// Issue 14's defect: an answer in a new shape read as "the site said no", and voided what the page showed.
describe('the sites reshaped their answers: the calls are ours, the answers unreadable', () => {
  it('logs a YouTube comment and reply the page shows, once each, from the page, and says so everywhere', async () => {
    youtube.reshape(true);
    try {
      await openPage(YT.watch.url);
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
      await settled(page);
      expect(mine(await events())).toHaveLength(2);
      // Same page load: the unreadable answers are reported, and what still counts them is said plainly.
      const degraded =
        'YouTube changed its page: Reply Tracker still counts your replies from what the page shows until it is updated.';
      await expect.poll(() => warnings(page).innerText(), { timeout: 10_000 }).toBe(degraded);
      expect(await popupWarnings()).toEqual([degraded]);
      await expectTeamView([
        {
          level: 'degraded',
          text: expect.stringContaining(
            `${me} · YouTube changed its page: replies are still counted, from one signal instead of two.`,
          ),
        },
      ]);
    } finally {
      youtube.reshape(false);
    }
  });

  it('logs an X like and a reply the page shows, once each, from the page, and says so everywhere', async () => {
    x.reshape(true);
    try {
      await openPage(X.status2.url);
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
      await settled(page);
      expect(mine(await events())).toHaveLength(2);
      // Same page load: the unreadable answers are reported, and what still counts them is said plainly.
      const degraded =
        'X changed its page: Reply Tracker still counts your replies and likes from what the page shows until it is updated.';
      await expect.poll(() => warnings(page).innerText(), { timeout: 10_000 }).toBe(degraded);
      expect(await popupWarnings()).toEqual([degraded]);
      await expectTeamView([
        {
          level: 'degraded',
          text: expect.stringContaining(
            `${me} · X changed its page: replies and likes are still counted, from one signal instead of two.`,
          ),
        },
      ]);
    } finally {
      x.reshape(false);
    }
  });
});
