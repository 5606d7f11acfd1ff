import type { BrowserContext, Locator, Page, Route } from 'playwright-core';
import { resolveYoutubeFixture } from '../../fixtures/youtube/routes';
import { answerYoutubei } from '../../fixtures/youtube/youtubei';

export interface YoutubeiCall {
  endpoint: string;
  body: unknown;
  status: number;
  response: unknown;
}

export interface YoutubeSite {
  /** Every youtubei call the page made, in order, with what it was answered. */
  calls: YoutubeiCall[];
  /** The next call to this endpoint fails the way YouTube fails it. */
  failNext(endpoint: string, how: 'http' | 'rejected'): void;
  /** Until turned off, successes come in a reshaped answer (youtubei.ts `reshaped`), as after a deploy. */
  reshape(on: boolean): void;
}

// A trailing _v2 is fake-youtube.js playing a renamed endpoint; it is answered like the original.
const YOUTUBEI = /^\/youtubei\/v1\/([a-z_]+\/[a-z_]+?)(?:_v2)?$/;

/** Serves the fixture pages at the real https://www.youtube.com URLs and answers the page's youtubei calls. */
export async function serveFakeYoutube(context: BrowserContext): Promise<YoutubeSite> {
  const calls: YoutubeiCall[] = [];
  const failures = new Map<string, 'http' | 'rejected'>();
  let reshaped = false;
  const handler = async (route: Route) => {
    const request = route.request();
    const url = new URL(request.url());
    const api = YOUTUBEI.exec(url.pathname);
    if (api && request.method() === 'POST') {
      const endpoint = api[1]!;
      const fail = failures.get(endpoint);
      failures.delete(endpoint);
      const body = request.postData() ?? '';
      const answer = answerYoutubei(endpoint, body, { ...(fail ? { fail } : {}), reshaped });
      calls.push({
        endpoint,
        body: JSON.parse(body || 'null'),
        status: answer.status,
        response: JSON.parse(answer.body),
      });
      await route.fulfill({
        status: answer.status,
        contentType: 'application/json; charset=UTF-8',
        body: answer.body,
      });
      return;
    }
    const page = resolveYoutubeFixture(url);
    if (page) {
      await route.fulfill({ status: 200, contentType: page.contentType, body: page.body });
      return;
    }
    // Favicons, thumbnails and the like: nothing to see, and no 404 noise in the console.
    await route.fulfill({ status: 204, body: '' });
  };
  for (const host of ['https://www.youtube.com/**', 'https://m.youtube.com/**', 'https://youtube.com/**']) {
    await context.route(host, handler);
  }
  return {
    calls,
    failNext: (endpoint, how) => failures.set(endpoint, how),
    reshape: (on) => {
      reshaped = on;
    },
  };
}

/** A comment by its id; `$=` so a thread's id does not also match its replies (`<id>.<reply>`). */
export const comment = (p: Page, id: string): Locator =>
  p.locator('ytd-comment-view-model, ytd-comment-renderer').filter({ has: p.locator(`a[href$="lc=${id}"]`) });
