import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { type BrowserContext, chromium, type Page, type Worker } from 'playwright-core';
import { findChromium } from './chromium';

/**
 * The e2e flavour (`npm run build:e2e`): the extension people install but for test-only hooks, chiefly
 * an open sidebar shadow root that Playwright's locators can reach (lib/content/build-flavour.ts).
 */
export const EXTENSION_DIR = resolve('.output-e2e/chrome-mv3');
/** The build people install (`npm run build`): what size, manifest and closed-root tests look at. */
export const PRODUCTION_DIR = resolve('.output/chrome-mv3');

export interface ExtensionBrowser {
  context: BrowserContext;
  extensionId: string;
  worker: () => Promise<Worker>;
  close: () => Promise<void>;
}

/**
 * The test Chromium in a throwaway profile, with the built extension or (for the benchmark's paired
 * runs) without it; every other flag is the same, so the two differ only in the extension.
 */
export async function launchChromium(
  withExtension: boolean,
  /** A profile to reopen (the browser was closed and started again); kept on close. */
  profileDir?: string,
  extensionDir: string = EXTENSION_DIR,
): Promise<{ context: BrowserContext; close: () => Promise<void> }> {
  const userDataDir = profileDir ?? mkdtempSync(join(tmpdir(), 'rt-e2e-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: findChromium(),
    headless: true,
    viewport: { width: 1400, height: 900 },
    args: [
      '--headless=new',
      '--no-sandbox',
      ...(withExtension
        ? [`--disable-extensions-except=${extensionDir}`, `--load-extension=${extensionDir}`]
        : []),
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  });
  return {
    context,
    close: async () => {
      await context.close();
      if (!profileDir) rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

/** Real Chromium with the built extension loaded, as an ambassador's browser would have it. */
export async function launchWithExtension(
  profileDir?: string,
  /** PRODUCTION_DIR for the tests that check what a page sees of the installed build. */
  extensionDir: string = EXTENSION_DIR,
): Promise<ExtensionBrowser> {
  const { context, close } = await launchChromium(true, profileDir, extensionDir);
  const worker = async (): Promise<Worker> => {
    const live = context.serviceWorkers().find((w) => w.url().startsWith('chrome-extension://'));
    return live ?? context.waitForEvent('serviceworker', { timeout: 20_000 });
  };
  const sw = await worker();
  const extensionId = new URL(sw.url()).host;
  return {
    context,
    extensionId,
    worker,
    close,
  };
}

/** Collects what a user would see as breakage in the page: console errors and uncaught exceptions. */
export function watchPageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  return errors;
}

/**
 * What a user does on chrome://extensions ("Site access" → "Add a site"). Headless Chromium cannot
 * answer the permission prompt, so the site is granted there first; the options page's own
 * `permissions.request` then resolves at once, exactly as it does after the user clicked "Allow".
 */
export async function grantSiteAccess(browser: ExtensionBrowser, origin: string): Promise<void> {
  const page = await browser.context.newPage();
  await page.goto('chrome://extensions');
  await page.evaluate(
    ([id, pattern]) =>
      (
        globalThis as unknown as {
          chrome: { developerPrivate: { addHostPermission(id: string, host: string): Promise<void> } };
        }
      ).chrome.developerPrivate.addHostPermission(id!, pattern!),
    [browser.extensionId, `${origin}/*`],
  );
  await page.close();
}
