import type { Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, expect } from 'vitest';
import { type ExtensionBrowser, grantSiteAccess, launchWithExtension, watchPageErrors } from './extension';
import { eventually } from './idb';
import { serveFakeX, type XSite } from './x-site';
import { serveFakeYoutube, type YoutubeSite } from './youtube-site';

/**
 * Connects the extension to a team server as the owner of `token`, the way a person does it: site
 * access granted, then the options page's form. Answers the options page, left open, when `keepOpen`.
 */
export async function connectTo(
  browser: ExtensionBrowser,
  serverUrl: string,
  token: string,
  { keepOpen = false } = {},
): Promise<Page | undefined> {
  await grantSiteAccess(browser, new URL(serverUrl).origin);
  const options = await browser.context.newPage();
  await options.goto(`chrome-extension://${browser.extensionId}/options.html`);
  await options.getByTestId('options-server-url').fill(serverUrl);
  await options.getByTestId('options-token').fill(token);
  const button = options.getByTestId('options-connect');
  await button.click();
  // Already connected (another token), data-connected is 'true' before this attempt is over: wait for
  // the attempt to end (the button is busy while it runs), then fail on its error. Returning early let a
  // test revoke the new token before the extension had checked it, and it kept the old one.
  await button.waitFor({ state: 'attached' });
  await eventually(
    () => button.getAttribute('aria-busy'),
    (v) => v === 'false',
    15_000,
  );
  const error = options.getByTestId('options-error');
  if ((await error.count()) > 0) throw new Error(`could not connect: ${await error.innerText()}`);
  // Works in beforeAll too, where expect.poll is not available.
  const state = await eventually(
    () => options.getByTestId('options-status').getAttribute('data-connected'),
    (v) => v === 'true',
    15_000,
  );
  if (state !== 'true') throw new Error(`could not connect: ${await options.locator('body').innerText()}`);
  if (keepOpen) return options;
  await options.close();
  return undefined;
}

export interface Session {
  readonly browser: ExtensionBrowser;
  /** A fresh tab for each test, closed after it; the test fails on any console error in it. */
  readonly page: Page;
  readonly x: XSite;
  readonly youtube: YoutubeSite;
}

/**
 * The usual test file's browser: the built extension in one Chromium for the whole file, the fake
 * sites asked for, optionally connected to a team server, and a new watched tab per test.
 */
export function extensionSession(
  opts: { x?: boolean; youtube?: boolean; connect?: () => { serverUrl: string; token: string } } = {},
): Session {
  let browser: ExtensionBrowser | undefined;
  let page: Page | undefined;
  let x: XSite | undefined;
  let youtube: YoutubeSite | undefined;

  beforeAll(async () => {
    browser = await launchWithExtension();
    if (opts.x) x = await serveFakeX(browser.context);
    if (opts.youtube) youtube = await serveFakeYoutube(browser.context);
    if (opts.connect) {
      const { serverUrl, token } = opts.connect();
      await connectTo(browser, serverUrl, token);
    }
  });
  afterAll(async () => browser?.close());
  beforeEach(async () => {
    const tab = await browser!.context.newPage();
    const errors = watchPageErrors(tab);
    page = tab;
    return async () => {
      expect(errors).toEqual([]);
      await tab.close();
    };
  });

  const need = <T>(v: T | undefined, what: string): T => {
    if (v === undefined) throw new Error(`${what} is not there: ask extensionSession for it`);
    return v;
  };
  return {
    get browser() {
      return need(browser, 'the browser');
    },
    get page() {
      return need(page, 'the page');
    },
    get x() {
      return need(x, 'the fake x.com');
    },
    get youtube() {
      return need(youtube, 'the fake YouTube');
    },
  };
}
