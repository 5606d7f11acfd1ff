import { readFileSync } from 'node:fs';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, expect } from 'vitest';
import type { StoredEvent } from '@/lib/schemas/event';
import { type ExtensionBrowser, launchWithExtension, watchPageErrors } from './extension';
import { eventually, readEvents } from './idb';
import { popupLoaded } from './popup';
import { startTeamServer, type TeamServer } from './server';
import { connectTo } from './session';
import { settled } from './settled';
import { serveFakeX, type XSite } from './x-site';
import { serveFakeYoutube, type YoutubeSite } from './youtube-site';

/*
 * Issue 14 in a real browser (tests/e2e/drift-*.test.ts): each test is one ambassador's own fresh
 * browser (own profile, own IndexedDB, own member on the team server), so no test depends on what
 * another left behind. The manager reads the team view in her own browser, connected to the same real
 * server. A drift test file calls `driftSuite()` once at its top; the bindings below are this test's
 * (ES module bindings are live: a test file that imports `page` reads the page of the test running).
 */
export let server: TeamServer;
export let manager: ExtensionBrowser;
export let browser: ExtensionBrowser;
export let x: XSite;
export let youtube: YoutubeSite;
export let page: Page;
export let pageErrors: string[];
/** This test's ambassador, as the team view names them. */
export let me: string;
let seq = 0;
export let managerToken: string;

/**
 * The team server and the manager's browser for the file; before each test a fresh ambassador with
 * their own browser, fake x.com and YouTube and an open page, whose page errors are checked after it.
 */
export function driftSuite(): void {
  beforeAll(async () => {
    server = await startTeamServer();
    manager = await launchWithExtension();
    managerToken = await server.addMember('maria', 'manager');
    await connectTo(manager, server.url, managerToken);
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
    await connectTo(browser, server.url, await server.addMember(me, 'ambassador'));
    page = await browser.context.newPage();
    pageErrors = watchPageErrors(page);
    return async () => {
      expect(pageErrors).toEqual([]);
      await browser.close();
    };
  });
}

/**
 * Opens a page and waits for Reply Tracker's sidebar, as the ambassador sees it before acting: its app
 * loads after the page (lib/content/loader.ts), and where the DOM is the only signal left, an action
 * taken before the app watches the page is one the page shows but nothing observed.
 */
export async function openPage(url: string): Promise<void> {
  await page.goto(url);
  await page.locator('reply-tracker-sidebar').waitFor({ state: 'attached', timeout: 20_000 });
}

export async function events(): Promise<StoredEvent[]> {
  return readEvents(await browser.worker());
}
export const on = (es: StoredEvent[], action: string, targetId: string) =>
  es.filter((e) => e.action === action && e.targetId === targetId);
/**
 * "Exactly once" without sleeping: `like` is a later action through the same pipeline (a like no test
 * counts, on `targetId`); once it is logged and the page has settled (lib/content/settled.ts: no like settling, no DOM
 * signal waiting for the network, no call unjudged, nothing unstored), a late duplicate of anything
 * earlier would have been logged too.
 */
export async function settledAfterLaterLike(like: Locator, targetId: string): Promise<void> {
  await like.click();
  await eventually(events, (es) => on(es, 'like', targetId).length > 0);
  await settled(page);
}

export async function writeComment(p: Page, box: Locator, text: string): Promise<void> {
  await box.locator('#contenteditable-root').click();
  await p.keyboard.type(text);
  await box.locator('#submit-button button').click();
}

export const warnings = (p: Page) => p.getByTestId('rt-health-warning');
/** A page load, its settling and both health passes (lib/health/monitor: 2 × 2 s), reported. */
export const checked = (p: Page) => settled(p, { health: true });

export async function popupWarnings(): Promise<string[]> {
  const popup = await browser.context.newPage();
  try {
    await popup.goto(`chrome-extension://${browser.extensionId}/popup.html`);
    await expect.poll(() => popup.getByRole('heading', { name: 'Reply Tracker' }).count()).toBe(1);
    await popupLoaded(popup);
    return await popup.getByTestId('rt-health-warning').allInnerTexts();
  } finally {
    await popup.close();
  }
}

/** What the manager's popup says about this test's ambassador, opened afresh (as she would). */
export async function teamView(): Promise<{ rows: number; warnings: { level: string; text: string }[] }> {
  const popup = await manager.context.newPage();
  try {
    await popup.goto(`chrome-extension://${manager.extensionId}/popup.html`);
    // The team's rows and its site health arrive in one update (lib/pages/store.ts, loadTeam), the
    // health first: once the rows are there, so are the site changes.
    await expect.poll(() => popup.getByTestId('team-row').count(), { timeout: 10_000 }).toBeGreaterThan(0);
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
export async function expectTeamView(expected: { level: string; text: unknown }[]): Promise<void> {
  await expect
    .poll(async () => (await teamView()).warnings, { timeout: 30_000, interval: 1_000 })
    .toEqual(expected);
}

/** The ambassador presses Sync now in their popup: whatever their browser knows is on the server after. */
export async function syncNow(): Promise<void> {
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
export function withScriptBefore(file: string, site: string, script: string): string {
  const tag = `<script src="/fixture/${site}"></script>`;
  const html = readFileSync(file, 'utf8');
  if (!html.includes(tag)) throw new Error(`${file} does not load ${site}`);
  return html.replace(tag, `<script>${script}</script>${tag}`);
}
