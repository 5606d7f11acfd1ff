import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURE, resolveXFixture } from '../fixtures/x/routes';
import { type ExtensionBrowser, launchWithExtension } from './harness/extension';
import { eventually, readEvents } from './harness/idb';
import { article, serveFakeX } from './harness/x-site';

/**
 * A page script that does everything a hostile script on x.com (an ad, an XSS, another extension's
 * MAIN-world code) can try against the observer's channel. It is the page's first script, the earliest
 * any page code runs.
 */
const HOSTILE = (forged: string[], real: string) => `
(() => {
  const OFFER = 'reply-tracker:channel-offer';
  const ASK = 'reply-tracker:channel-ask';
  const h = (window.__hostile = { portsSeen: 0, offersSeen: 0, askAnswered: false, forgedPortTaken: false, rounds: 0, dropped: 0 });
  let mine = false;
  // Listen everywhere a port or an offer could show up.
  window.addEventListener('message', (e) => { if (e.ports && e.ports.length) h.portsSeen++; }, true);
  window.addEventListener(OFFER, () => { if (!mine) h.offersSeen++; }, true);
  // Ask for the port as the content script would.
  const before = h.offersSeen;
  window.dispatchEvent(new Event(ASK));
  h.askAnswered = h.offersSeen > before;
  // Offer a port of our own as the observer would, and forge on it.
  const channel = new MessageChannel();
  mine = true;
  h.forgedPortTaken = !window.dispatchEvent(new MessageEvent(OFFER, { cancelable: true, ports: [channel.port2] }));
  mine = false;
  // Swallow whatever is posted on any port from now on (suppression of real actions).
  const send = MessagePort.prototype.postMessage;
  MessagePort.prototype.postMessage = function () { h.dropped++; };
  let n = 0;
  const forge = () => {
    n++;
    for (const targetId of ${JSON.stringify(forged)}) {
      const signal = { kind: 'confirmed', op: 'like', targetId, requestId: 'forged-' + n + '-' + targetId };
      // The old window.postMessage relay, replayed with other ids.
      window.postMessage({ tag: 'reply-tracker:network', signal }, '*');
      window.postMessage({ kind: 'network', body: signal }, '*');
      send.call(channel.port1, { kind: 'network', body: signal });
    }
    // A forged failure for the post the ambassador really likes.
    const failed = { kind: 'failed', op: 'like', targetId: ${JSON.stringify(real)}, requestId: 'f' + n, reason: 'forged' };
    window.postMessage({ tag: 'reply-tracker:network', signal: failed }, '*');
    send.call(channel.port1, { kind: 'network', body: failed });
    window.dispatchEvent(new Event(ASK));
    h.rounds++;
  };
  forge();
  setInterval(forge, 20);
})();`;

let browser: ExtensionBrowser;
let page: Page;

beforeAll(async () => {
  browser = await launchWithExtension();
  await serveFakeX(browser.context);
});
afterAll(async () => browser?.close());

interface Hostile {
  portsSeen: number;
  offersSeen: number;
  askAnswered: boolean;
  forgedPortTaken: boolean;
  rounds: number;
  dropped: number;
}

describe('a hostile script on x.com', () => {
  it('cannot forge, replay or suppress logged actions, nor reach the observer channel', async () => {
    const real = FIXTURE.status.replyIds[0]!;
    const forged: string[] = [FIXTURE.status.replyIds[1]!, FIXTURE.status.replyIds[2]!];
    page = await browser.context.newPage();
    await page.route(FIXTURE.status.url, async (route) => {
      const fixture = resolveXFixture(new URL(route.request().url()))!;
      const body = fixture.body.replace('<head>', `<head><script>${HOSTILE(forged, real)}</script>`);
      await route.fulfill({ status: 200, contentType: fixture.contentType, body });
    });
    await page.goto(FIXTURE.status.url);
    const hostile = () => page.evaluate(() => (window as unknown as { __hostile: Hostile }).__hostile);
    await expect.poll(async () => (await hostile()).rounds).toBeGreaterThan(5);

    // The ambassador likes one post, then unlikes it, while the script keeps forging.
    const tweet = article(page, real);
    await tweet.locator('[data-testid="like"]').click();
    await expect.poll(() => tweet.locator('[data-testid="unlike"]').count()).toBe(1);
    const roundsAtLike = (await hostile()).rounds;
    await tweet.locator('[data-testid="unlike"]').click();
    // In the order they happened (the store lists them by id).
    const mine = (es: Awaited<ReturnType<typeof readEvents>>) =>
      es.filter((e) => e.targetId === real).sort((a, b) => a.occurredAt.localeCompare(b.occurredAt));
    // Logging is in order: once the unlike is in, every forged message sent before it was handled.
    const all = await eventually(
      async () => readEvents(await browser.worker()),
      (es) => mine(es).length >= 2,
    );
    expect((await hostile()).rounds).toBeGreaterThan(roundsAtLike);
    expect(mine(all).map((e) => `${e.action}:${e.source}`)).toEqual(['like:network', 'unlike:network']);
    expect(all.filter((e) => forged.includes(e.targetId))).toEqual([]);

    const seen = await hostile();
    expect(seen).toMatchObject({ portsSeen: 0, offersSeen: 0, askAnswered: false, forgedPortTaken: false });
    await page.close();
  });
});
