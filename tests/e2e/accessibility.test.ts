import type { Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FIXTURE as X } from '../fixtures/x/routes';
import { FIXTURE as YT } from '../fixtures/youtube/routes';
import { seriousViolations } from './harness/axe';
import { type ExtensionBrowser, launchWithExtension } from './harness/extension';
import { serveFakeX } from './harness/x-site';
import { serveFakeYoutube } from './harness/youtube-site';

let browser: ExtensionBrowser;
let page: Page;

beforeAll(async () => {
  browser = await launchWithExtension();
  await serveFakeX(browser.context);
  await serveFakeYoutube(browser.context);
});
afterAll(async () => browser?.close());
beforeEach(async () => {
  page = await browser.context.newPage();
  return () => page.close();
});

const SIDEBAR = 'reply-tracker-sidebar';

async function sidebarReady(p: Page, theme: string) {
  await expect.poll(() => p.getByTestId('rt-sidebar').getAttribute('data-theme')).toBe(theme);
  await expect.poll(() => p.getByTestId('rt-tracked-status').getAttribute('aria-busy')).toBe('false');
  // The playbook (templates, Insert and Copy) is part of what is checked.
  await p.getByTestId('rt-playbook').waitFor();
}

describe('axe-core finds no serious or critical violation', () => {
  it.each(['light', 'dim', 'dark'])('in the sidebar on x.com, %s theme', async (theme) => {
    await page.goto(theme === 'light' ? X.status.url : `${X.status.url}?theme=${theme}`);
    await sidebarReady(page, theme);
    expect(await seriousViolations(page, SIDEBAR)).toEqual([]);
    // The open Track form too.
    await page.getByTestId('rt-track').click();
    await page.getByTestId('rt-track-form').waitFor();
    expect(await seriousViolations(page, SIDEBAR)).toEqual([]);
  });

  it.each(['light', 'dark'] as const)('in the sidebar on youtube.com, %s page', async (scheme) => {
    await page.emulateMedia({ colorScheme: scheme });
    await page.goto(YT.watch.url);
    await page.evaluate((dark) => {
      if (dark) document.documentElement.setAttribute('dark', '');
    }, scheme === 'dark');
    await page.getByTestId('rt-sidebar').waitFor();
    await expect.poll(() => page.getByTestId('rt-tracked-status').getAttribute('aria-busy')).toBe('false');
    expect(await seriousViolations(page, SIDEBAR)).toEqual([]);
  });

  it.each(['light', 'dark'] as const)('in the popup and the options page, %s', async (scheme) => {
    await page.emulateMedia({ colorScheme: scheme });
    await page.goto(`chrome-extension://${browser.extensionId}/popup.html`);
    await page.getByTestId('sync-connected').waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await page.goto(`chrome-extension://${browser.extensionId}/options.html`);
    await page.getByTestId('options-status').waitFor();
    expect(await seriousViolations(page)).toEqual([]);
  });
});
