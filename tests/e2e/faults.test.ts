import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StoredEvent } from '@/lib/schemas/event';
import { startServer } from '../../server/server';
import { FIXTURE } from '../fixtures/x/routes';
import {
  type ExtensionBrowser,
  grantSiteAccess,
  launchWithExtension,
  watchPageErrors,
} from './harness/extension';
import { type FaultProxy, faultProxy, freePort, type ServerProcess, serverProcess } from './harness/faults';
import { eventually, readEvents } from './harness/idb';
import { article, serveFakeX } from './harness/x-site';

/*
 * Issue 9's proof, end to end: an ambassador keeps liking and unliking while the network between her
 * browser and the team server fails 30 % of requests (500, 503, dropped connections, answers lost after
 * the server committed, one request that never answers), the service worker is stopped mid-sync, the
 * server is SIGKILLed mid-batch and restarted, and the browser is closed with events pending and
 * reopened on the same profile. After recovery every action she took is logged once and on the server
 * once: the test prints performed / logged / delivered / duplicates / lost and the faults it injected.
 */

let dir: string;
let profileDir: string;
let server: ServerProcess;
let proxy: FaultProxy;
let browser: ExtensionBrowser;
let adminToken: string;
let memberToken: string;
const performed: Array<{ action: 'like' | 'unlike'; targetId: string }> = [];
const disruptions = { serviceWorkerStopped: 0, serverKilled: 0, browserReopened: 0 };

async function extensionPage(path: string): Promise<Page> {
  const page = await browser.context.newPage();
  await page.goto(`chrome-extension://${browser.extensionId}/${path}`);
  return page;
}

async function logged(): Promise<StoredEvent[]> {
  // Right after the worker was stopped, Playwright may still hold the old one: ask again.
  for (let attempt = 0; ; attempt++) {
    try {
      return await readEvents(await browser.worker());
    } catch (err) {
      if (attempt >= 10 || !/restarted|closed|destroyed/i.test(String(err))) throw err;
      await new Promise((r) => setTimeout(r, 500));
    }
  }
}

/** Likes the reply, or takes the like back when it is already liked, as the ambassador would. */
async function toggleLike(page: Page, targetId: string): Promise<void> {
  const before = (await logged()).length;
  const tweet = article(page, targetId);
  const liked = (await tweet.locator('[data-testid="unlike"]').count()) === 1;
  await tweet.locator(`[data-testid="${liked ? 'unlike' : 'like'}"]`).click();
  await expect.poll(() => tweet.locator(`[data-testid="${liked ? 'like' : 'unlike'}"]`).count()).toBe(1);
  performed.push({ action: liked ? 'unlike' : 'like', targetId });
  await eventually(logged, (es) => es.length === before + 1, 15_000);
}

async function openThread(): Promise<Page> {
  const page = await browser.context.newPage();
  await page.goto(FIXTURE.status.url);
  await article(page, FIXTURE.status.replyIds[0]!).waitFor();
  return page;
}

/** "Sync now" in the popup; the click returns at once, the run goes on in the background. */
async function pressSyncNow(): Promise<void> {
  const popup = await extensionPage('popup.html');
  const button = popup.getByTestId('sync-now');
  await button.waitFor();
  if (await button.isEnabled()) await button.click();
  await popup.close();
}

/** Stops the extension's service worker the way Chrome does when it idles it (DevTools protocol). */
async function stopServiceWorker(): Promise<void> {
  const page = await browser.context.newPage();
  const cdp = await browser.context.newCDPSession(page);
  const { targetInfos } = (await cdp.send('Target.getTargets')) as {
    targetInfos: Array<{ type: string; url: string; targetId: string }>;
  };
  const sw = targetInfos.find(
    (t) => t.type === 'service_worker' && t.url.startsWith(`chrome-extension://${browser.extensionId}/`),
  );
  if (!sw) throw new Error('the extension has no service worker to stop');
  await cdp.send('Target.closeTarget', { targetId: sw.targetId });
  await cdp.detach();
  await page.close();
  disruptions.serviceWorkerStopped++;
  // The next request to the background (a like, the popup) starts it again.
  const wake = await extensionPage('popup.html');
  await wake.getByTestId('sync-now').waitFor();
  await wake.close();
}

async function serverRows(): Promise<
  Array<{ id: string; member: string; action: string; targetId: string }>
> {
  const res = await fetch(`http://127.0.0.1:${server.port}/api/v1/export?format=json`, {
    headers: { Authorization: `Bearer ${adminToken}` },
  });
  if (res.status !== 200) throw new Error(`export failed: ${res.status} ${await res.text()}`);
  return (await res.text())
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l));
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'rt-e2e-faults-'));
  profileDir = mkdtempSync(join(tmpdir(), 'rt-e2e-profile-'));
  const databasePath = join(dir, 'reply-tracker.sqlite');
  // Members are made once, in-process; the server the extension talks to is a process of its own.
  const seed = await startServer({
    database: { kind: 'sqlite', path: databasePath },
    host: '127.0.0.1',
    port: 0,
    rateLimit: false,
    log: () => {},
  });
  adminToken = seed.adminToken!;
  const made = await fetch(`${seed.url}/api/v1/members`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${adminToken}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ name: 'amber', role: 'ambassador' }),
  });
  memberToken = ((await made.json()) as { token: string }).token;
  await seed.close();

  server = await serverProcess(databasePath, await freePort());
  await server.start();
  proxy = await faultProxy(() => server.port);
  browser = await launchWithExtension(profileDir);
  await serveFakeX(browser.context);
  await grantSiteAccess(browser, new URL(proxy.url).origin);
});

afterAll(async () => {
  await browser?.close();
  await proxy?.close();
  await server?.kill();
  rmSync(dir, { recursive: true, force: true });
  rmSync(profileDir, { recursive: true, force: true });
});

describe('a bad network, a dying service worker, a crashing server and a closed browser', () => {
  it('lose nothing and count nothing twice', { timeout: 300_000 }, async () => {
    const options = await extensionPage('options.html');
    await options.getByTestId('options-server-url').fill(proxy.url);
    await options.getByTestId('options-token').fill(memberToken);
    await options.getByTestId('options-connect').click();
    await expect
      .poll(() => options.getByTestId('options-status').getAttribute('data-connected'), { timeout: 20_000 })
      .toBe('true');
    await options.close();

    proxy.armed = true;
    let page = await openThread();
    const errors = watchPageErrors(page);
    const replies = FIXTURE.status.replyIds;

    // A flaky network while she works.
    for (const id of replies.slice(0, 3)) {
      await toggleLike(page, id);
      await pressSyncNow();
    }

    // The service worker dies in the middle of a sync.
    await pressSyncNow();
    await stopServiceWorker();
    await toggleLike(page, replies[3]!);

    // The server is killed mid-batch and comes back.
    await toggleLike(page, replies[4]!);
    await pressSyncNow();
    await new Promise((r) => setTimeout(r, 30));
    await server.kill();
    disruptions.serverKilled++;
    await toggleLike(page, replies[0]!);
    await server.start();
    await pressSyncNow();

    // The server is gone when she closes the browser with actions pending; she opens it again later.
    await server.kill();
    await toggleLike(page, replies[1]!);
    expect(errors).toEqual([]);
    await browser.close();
    await server.start();
    browser = await launchWithExtension(profileDir);
    await serveFakeX(browser.context);
    disruptions.browserReopened++;
    page = await openThread();
    await toggleLike(page, replies[2]!);

    // The network heals; "Sync now" until nothing waits.
    proxy.armed = false;
    await expect
      .poll(
        async () => {
          await pressSyncNow();
          return (await logged()).filter((e) => e.syncState !== 'synced').length;
        },
        { timeout: 120_000, interval: 2_000 },
      )
      .toBe(0);

    const events = await logged();
    const rows = (await serverRows()).filter((r) => r.member === 'amber');
    const onServer = new Set(rows.map((r) => r.id));
    const delivered = events.filter((e) => onServer.has(e.id)).length;
    const lost = events.length - delivered;
    const extra = rows.filter((r) => !events.some((e) => e.id === r.id)).length;
    const duplicates = rows.length - onServer.size + extra;
    console.info(
      `faults e2e: performed ${performed.length}, logged ${events.length}, delivered ${delivered}, ` +
        `duplicates ${duplicates}, lost ${lost}; injected ${Object.entries(proxy.counts)
          .map(([k, n]) => `${k}×${n}`)
          .join(' ')}; service worker stopped ${disruptions.serviceWorkerStopped}×, server SIGKILLed ` +
        `${disruptions.serverKilled}×, browser reopened ${disruptions.browserReopened}×`,
    );

    // Exactly what she did, each once, locally and on the server.
    const key = (e: { action: string; targetId: string }) => `${e.action} ${e.targetId}`;
    expect(events.map(key).sort()).toEqual(performed.map(key).sort());
    expect({ lost, duplicates }).toEqual({ lost: 0, duplicates: 0 });
    expect(rows.map(key).sort()).toEqual(performed.map(key).sort());
    const injected =
      proxy.counts['500'] + proxy.counts['503'] + proxy.counts.drop + proxy.counts['answer-lost'];
    expect(injected).toBeGreaterThan(0);
  });
});
