import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { TeamHealthResponse } from '@/lib/schemas/health';
import { FIXTURE as X, FIXTURE_DIR as X_DIR } from '../fixtures/x/routes';
import { FIXTURE as YT, FIXTURE_DIR as YT_DIR } from '../fixtures/youtube/routes';
import {
  browser,
  checked,
  driftSuite,
  events,
  expectTeamView,
  manager,
  managerToken,
  me,
  on,
  openPage,
  page,
  pageErrors,
  popupWarnings,
  server,
  settledAfterLaterLike,
  syncNow,
  teamView,
  warnings,
  withScriptBefore,
  x,
} from './harness/drift';
import { watchPageErrors } from './harness/extension';
import { eventually } from './harness/idb';
import { settled } from './harness/settled';
import { article } from './harness/x-site';

/*
 * Site drift (issue 14), healthy pages and x.com's changes: no warning where nothing changed; a renamed
 * like button, a reshaped answer and a renamed like operation, each counted as far as a signal is left
 * and said in the sidebar, the popup and the manager's team view. YouTube's and both sites' reshaped
 * answers: drift-youtube.test.ts. Setup and helpers: tests/e2e/harness/drift.ts.
 */
driftSuite();

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
