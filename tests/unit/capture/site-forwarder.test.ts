import { afterEach, describe, expect, it, vi } from 'vitest';
import { CHANNEL_OFFER, type ChannelEnvelope } from '../../../lib/capture/handshake';
import { startSiteForwarder } from '../../../lib/capture/site-forwarder';
import { SITE_CALLS } from '../../../lib/platforms/site-calls';
import { SITE_MATCHES } from '../../../lib/platforms/site-matches';
import { xAdapter } from '../../../lib/platforms/x/adapter';
import { X_MATCHES } from '../../../lib/platforms/x/matches';
import { youtubeAdapter } from '../../../lib/platforms/youtube/adapter';
import { YOUTUBE_MATCHES } from '../../../lib/platforms/youtube/matches';

type PageWindow = Window & typeof globalThis;
const ports: MessagePort[] = [];
afterEach(() => {
  for (const p of ports.splice(0)) p.close();
});

/** A page at `href` whose fetch answers 200 "{}", with the isolated side's end of the channel. */
function page(href: string) {
  const fetch = vi.fn(async () => new Response('{"data":{}}', { status: 200 }));
  const win = Object.assign(new EventTarget(), {
    fetch,
    location: new URL(href),
    MessageChannel,
    MessagePort,
    MessageEvent,
    EventTarget,
    crypto: globalThis.crypto,
  }) as unknown as PageWindow;
  const received: ChannelEnvelope[] = [];
  win.addEventListener(CHANNEL_OFFER, (e) => {
    const [port] = (e as MessageEvent).ports;
    if (!port) return;
    e.preventDefault();
    ports.push(port);
    port.onmessage = (m) => received.push(m.data as ChannelEnvelope);
  });
  return { win, fetch, received };
}

describe('the one MAIN-world script', () => {
  it("is each adapter's network part, for every site the content scripts run on", () => {
    expect(SITE_CALLS).toEqual([xAdapter.network?.calls, youtubeAdapter.network?.calls]);
    expect(SITE_MATCHES).toEqual([...X_MATCHES, ...YOUTUBE_MATCHES]);
    for (const m of SITE_MATCHES) {
      const host = new URL(m.replace('*', '')).hostname;
      expect(
        SITE_CALLS.filter((c) => c.host(host)),
        host,
      ).toHaveLength(1);
    }
  });

  it("on x.com forwards X's like with its outcome, says what it watches, and leaves other calls alone", async () => {
    const { win, received } = page('https://x.com/home');
    expect(startSiteForwarder(win, SITE_CALLS)).toBe(xAdapter.network?.calls);
    await win.fetch('https://x.com/i/api/graphql/abc/FavoriteTweet', { method: 'POST', body: '{}' });
    await win.fetch('https://x.com/i/api/1.1/jot/client_event.json', { method: 'POST', body: '{}' });
    // YouTube's calls mean nothing on x.com.
    await win.fetch('https://www.youtube.com/youtubei/v1/like/like', { method: 'POST', body: '{}' });
    await vi.waitFor(() => expect(received.map((m) => m.kind)).toEqual(['hello', 'call', 'outcome']));
    expect(received[1]?.body).toMatchObject({ method: 'POST', url: expect.stringMatching(/FavoriteTweet$/) });
    expect(received[0]?.body).toEqual({ watching: ['CreateTweet', 'FavoriteTweet', 'UnfavoriteTweet'] });
    expect(received[2]?.body).toMatchObject({ status: 200, text: '{"data":{}}' });
  });

  it('on YouTube forwards its like and a feed answer, and not X’s calls', async () => {
    const { win, received } = page('https://www.youtube.com/watch?v=dQw4w9WgXcQ');
    expect(startSiteForwarder(win, SITE_CALLS)).toBe(youtubeAdapter.network?.calls);
    await win.fetch('https://x.com/i/api/graphql/abc/FavoriteTweet', { method: 'POST', body: '{}' });
    await win.fetch('/youtubei/v1/like/like', { method: 'POST', body: '{}' });
    await (await win.fetch('/youtubei/v1/next', { method: 'POST', body: '{}' })).text();
    await vi.waitFor(() =>
      expect(received.map((m) => m.kind).sort()).toEqual(['answer', 'call', 'hello', 'outcome']),
    );
    expect(received.find((m) => m.kind === 'call')?.body).toMatchObject({
      url: 'https://www.youtube.com/youtubei/v1/like/like',
    });
    expect(received.find((m) => m.kind === 'answer')?.body).toEqual({ source: 'next', text: '{"data":{}}' });
  });

  it('installs nothing on a page of neither site', () => {
    const { win, fetch } = page('https://example.org/');
    expect(startSiteForwarder(win, SITE_CALLS)).toBeNull();
    expect(win.fetch).toBe(fetch);
  });
});
