import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StoredEvent } from '@/lib/schemas/event';
import { FIXTURE } from '../fixtures/x/routes';
import {
  type ExtensionBrowser,
  grantSiteAccess,
  launchWithExtension,
  watchPageErrors,
} from './harness/extension';
import { eventually, readEvents } from './harness/idb';
import { startTeamServer, type TeamServer } from './harness/server';
import { article, serveFakeX } from './harness/x-site';

/*
 * One ambassador's browser and the real team server, through a working day: connect, see the
 * manager's tracked thread, like a reply, lose the server, get it back.
 */

/** The bits of the extension API these tests call inside the service worker. */
type ChromeApi = {
  storage: { local: { get(keys: null): Promise<Record<string, unknown>> } };
  permissions: { contains(p: { origins: string[] }): Promise<boolean> };
};
type WithChrome = { chrome: ChromeApi };

let server: TeamServer;
let browser: ExtensionBrowser;
let ambassadorToken: string;
let managerToken: string;
let trackedThreadId: string;

const extensionPage = async (path: string): Promise<Page> => {
  const page = await browser.context.newPage();
  await page.goto(`chrome-extension://${browser.extensionId}/${path}`);
  return page;
};

async function eventFor(targetId: string): Promise<StoredEvent> {
  const events = await eventually(
    async () => readEvents(await browser.worker()),
    (es) => es.some((e) => e.targetId === targetId),
  );
  const found = events.find((e) => e.targetId === targetId);
  if (!found) throw new Error(`No event logged for ${targetId}`);
  return found;
}

async function like(targetId: string): Promise<StoredEvent> {
  const page = await browser.context.newPage();
  const errors = watchPageErrors(page);
  await page.goto(FIXTURE.status.url);
  const tweet = article(page, targetId);
  await tweet.locator('[data-testid="like"]').click();
  await expect.poll(() => tweet.locator('[data-testid="unlike"]').count()).toBe(1);
  const event = await eventFor(targetId);
  await page.close();
  expect(errors).toEqual([]);
  return event;
}

beforeAll(async () => {
  server = await startTeamServer();
  ambassadorToken = await server.addMember('amber', 'ambassador');
  managerToken = await server.addMember('maria', 'manager');
  // Earlier that day the manager flagged a thread for the team.
  const created = await server.api(managerToken, 'POST', '/threads', {
    platform: 'x',
    url: FIXTURE.status2.url,
    canonicalId: FIXTURE.status2.focusedStatusId,
    author: FIXTURE.status2.handle,
    category: 'trust_doubt',
    note: 'Calm, first-hand answers only',
  });
  expect(created.status).toBe(201);
  trackedThreadId = (JSON.parse(created.text) as { id: string }).id;

  browser = await launchWithExtension();
  await serveFakeX(browser.context);
});

afterAll(async () => {
  await browser?.close();
  await server?.dispose();
});

describe('syncing with the team server', () => {
  it('connects from the options page and shows who I am', async () => {
    await grantSiteAccess(browser, new URL(server.url).origin);
    const options = await extensionPage('options.html');
    const errors = watchPageErrors(options);
    await expect
      .poll(() => options.getByTestId('options-status').getAttribute('data-connected'))
      .toBe('false');
    await options.getByTestId('options-server-url').fill(server.url);
    await options.getByTestId('options-token').fill(ambassadorToken);
    await options.getByTestId('options-connect').click();
    await expect
      .poll(() => options.getByTestId('options-status').getAttribute('data-connected'))
      .toBe('true');
    expect(await options.getByTestId('options-member').innerText()).toBe('amber');
    expect(await options.getByTestId('options-role').innerText()).toBe('Ambassador');
    // The token field is cleared, and the token is nowhere a content script could read it.
    expect(await options.getByTestId('options-token').inputValue()).toBe('');
    const sw = await browser.worker();
    const local = await sw.evaluate(async () =>
      JSON.stringify(await (globalThis as unknown as WithChrome).chrome.storage.local.get(null)),
    );
    expect(local).not.toContain(ambassadorToken);
    expect(
      await sw.evaluate(
        (o) => (globalThis as unknown as WithChrome).chrome.permissions.contains({ origins: [o] }),
        `${new URL(server.url).origin}/*`,
      ),
    ).toBe(true);
    expect(errors).toEqual([]);
    await options.close();
  });

  it("flags the manager's tracked thread in my sidebar and badges it in the timeline", async () => {
    const page = await browser.context.newPage();
    await page.goto(FIXTURE.status2.url);
    await expect
      .poll(() => page.getByTestId('rt-tracked-status').getAttribute('data-tracked'), { timeout: 15_000 })
      .toBe('true');
    await page.goto(FIXTURE.home.url);
    const badge = article(page, FIXTURE.status2.focusedStatusId).locator('.reply-tracker-badge');
    await expect.poll(() => badge.count()).toBe(1);
    expect(await badge.innerText()).toMatch(/Doubt in reliability/);
    await page.close();
    // The thread came from the server, not from local tracking.
    const threads = JSON.parse((await server.api(ambassadorToken, 'GET', '/threads')).text) as {
      threads: { id: string }[];
    };
    expect(threads.threads.map((t) => t.id)).toEqual([trackedThreadId]);
  });

  it('sends a like to the server soon after I give it', async () => {
    const target = FIXTURE.status.replyIds[0]!;
    const event = await like(target);
    const rows = await eventually(
      () => server.exported(),
      (rs) => rs.some((r) => r.id === event.id),
      15_000,
    );
    expect(rows.filter((r) => r.id === event.id)).toEqual([
      expect.objectContaining({ member: 'amber', action: 'like', targetId: target }),
    ]);
    const synced = await eventually(
      () => eventFor(target),
      (e) => e.syncState === 'synced',
    );
    expect(synced.syncState).toBe('synced');
  });

  it('keeps a like pending while the server is down, says so, and delivers it once when it is back', async () => {
    await server.stop();
    const target = FIXTURE.status.replyIds[1]!;
    const event = await like(target);

    const popup = await extensionPage('popup.html');
    const errors = watchPageErrors(popup);
    await expect
      .poll(() => popup.getByTestId('sync-error').innerText(), { timeout: 15_000 })
      .toMatch(/Can't reach the team server/);
    expect(await popup.getByTestId('sync-pending').innerText()).toBe('1');
    expect(await popup.getByTestId('sync-connected').getAttribute('data-connected')).toBe('true');
    expect((await eventFor(target)).syncState).toBe('pending');

    await server.restart();
    await popup.getByTestId('sync-now').click();
    await expect.poll(() => popup.getByTestId('sync-pending').innerText()).toBe('0');
    await expect.poll(() => popup.getByTestId('sync-error').count()).toBe(0);
    expect(await popup.getByTestId('sync-last-synced').innerText()).toBe('just now');

    // Once more for good measure: a second sync must not send it again.
    await popup.getByTestId('sync-now').click();
    await expect.poll(() => popup.getByTestId('sync-now').isEnabled()).toBe(true);
    const rows = await server.exported();
    expect(rows.filter((r) => r.id === event.id)).toHaveLength(1);
    expect(rows.filter((r) => r.member === 'amber')).toHaveLength(2);
    expect(errors).toEqual([]);
    await popup.close();
  });

  it('disconnects from the options page, forgetting the token and the site access', async () => {
    const options = await extensionPage('options.html');
    await expect
      .poll(() => options.getByTestId('options-status').getAttribute('data-connected'))
      .toBe('true');
    await options.getByTestId('options-disconnect').click();
    await expect
      .poll(() => options.getByTestId('options-status').getAttribute('data-connected'))
      .toBe('false');
    const sw = await browser.worker();
    expect(
      await sw.evaluate(
        (o) => (globalThis as unknown as WithChrome).chrome.permissions.contains({ origins: [o] }),
        `${new URL(server.url).origin}/*`,
      ),
    ).toBe(false);
    const popup = await extensionPage('popup.html');
    await expect.poll(() => popup.getByTestId('sync-connected').getAttribute('data-connected')).toBe('false');
    expect(await popup.getByTestId('sync-open-options').count()).toBe(1);
    await options.close();
    await popup.close();
  });
});
