import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Mention } from '@/lib/schemas/mention';
import type { TrackedThread } from '@/lib/schemas/thread';
import { categoryConfig } from '../../lib/schemas/categories';
import { FIXTURE, FIXTURE_DIR } from '../fixtures/x/routes';
import { FIXTURE as YT, FIXTURE_DIR as YT_DIR } from '../fixtures/youtube/routes';
import {
  type ExtensionBrowser,
  grantSiteAccess,
  launchWithExtension,
  watchPageErrors,
} from './harness/extension';
import { startTeamServer, type TeamServer } from './harness/server';
import { settled } from './harness/settled';
import { serveFakeX } from './harness/x-site';
import { serveFakeYoutube } from './harness/youtube-site';

/*
 * Monitoring (issue 12), end to end: the manager has published the team's terms; two members open the
 * same x.com search, whose SearchTimeline answer (real shape: modules, a visibility wrapper, a long
 * post in note_tweet, an ad, "finvoice") reaches their browsers; exactly the matching posts land in
 * the inbox once; the manager triages them with the keyboard, and a tracked one's SLA runs from the
 * post's own time.
 */

const SEARCH_ANSWER = readFileSync(join(FIXTURE_DIR, 'timeline/search-timeline.json'), 'utf8');
const MATCHING = [
  '1922334455667788990',
  '1922334455667788991',
  '1922334455667788992',
  '1922334455667788993',
  '1922334455667788996',
];

let server: TeamServer;
let manager: ExtensionBrowser;
let member: ExtensionBrowser;
let managerToken: string;
let memberToken: string;

async function connect(browser: ExtensionBrowser, token: string): Promise<void> {
  await grantSiteAccess(browser, new URL(server.url).origin);
  const options = await browser.context.newPage();
  await options.goto(`chrome-extension://${browser.extensionId}/options.html`);
  await options.getByTestId('options-server-url').fill(server.url);
  await options.getByTestId('options-token').fill(token);
  await options.getByTestId('options-connect').click();
  await expect
    .poll(() => options.getByTestId('options-status').getAttribute('data-connected'), { timeout: 15_000 })
    .toBe('true');
  await options.close();
}

/** The popup says capture is on once the first sync brought the team's terms. */
async function captureIsOn(browser: ExtensionBrowser): Promise<Page> {
  const popup = await browser.context.newPage();
  await popup.goto(`chrome-extension://${browser.extensionId}/popup.html`);
  await expect
    .poll(
      async () => {
        await popup.getByTestId('sync-now').click();
        return popup.getByTestId('capture-card').getAttribute('data-state');
      },
      { timeout: 20_000, interval: 1000 },
    )
    .toBe('on');
  return popup;
}

/** Opens the search page; X's client asks for the search timeline, as x.com does on load. */
async function openSearch(browser: ExtensionBrowser): Promise<string[]> {
  const page = await browser.context.newPage();
  const errors = watchPageErrors(page);
  await page.route('**/i/api/graphql/*/SearchTimeline*', (route) =>
    route.fulfill({ status: 200, contentType: 'application/json', body: SEARCH_ANSWER }),
  );
  await page.goto(FIXTURE.search.url);
  const entries = await page.evaluate(async () => {
    const variables = encodeURIComponent(JSON.stringify({ rawQuery: 'kovra withdrawal', count: 20 }));
    const res = await fetch(`/i/api/graphql/UN1i3zUiCWa-6r-Uaho4fw/SearchTimeline?variables=${variables}`);
    // The page reads its answer as usual: the tap must not have consumed it.
    const body = (await res.json()) as {
      data: { search_by_raw_query: { search_timeline: { timeline: { instructions: unknown[] } } } };
    };
    return body.data.search_by_raw_query.search_timeline.timeline.instructions.length;
  });
  expect(entries).toBeGreaterThan(0);
  // The content script has read the answer and handed its mentions to the background before the page goes.
  await settled(page, { seen: { answers: 1 } });
  await page.close();
  return errors;
}

/*
 * YouTube: the watch page's comments arrive as `POST /youtubei/v1/next` continuations, one in today's
 * layout (commentViewModel, the text in frameworkUpdates' commentEntityPayload) and one in the older
 * commentThreadRenderer layout (a reply under a thread included); among them "finvoice", a comment with
 * no term, and an entry without an id.
 */
// The older layout names each comment's video in its permalink: this page's video here.
const NEXT_ANSWERS = ['next-comments.json', 'next-comments-legacy.json'].map((f) =>
  readFileSync(join(YT_DIR, 'feed', f), 'utf8').replaceAll('dQw4w9WgXcQ', YT.watch.videoId),
);
const YT_MATCHING = [
  'UgxKovra1AbCdEfGhIjKlMnOp4AaABAg',
  'UgxLegacy1bCdEfGhIjKlMnOp4AaABAg',
  'UgxLegacy1bCdEfGhIjKlMnOp4AaABAg.9zQqRstUvWx9zQqRstUvWy',
  'UgyRuss3AbCdEfGhIjKlMnOpQ4AaABAg',
];

/** Opens the watch page; its client loads the comments in two `next` continuations, as YouTube does on scroll. */
async function openWatch(browser: ExtensionBrowser): Promise<string[]> {
  const page = await browser.context.newPage();
  const errors = watchPageErrors(page);
  let served = 0;
  await page.route('**/youtubei/v1/next*', (route) =>
    route.fulfill({
      status: 200,
      contentType: 'application/json; charset=UTF-8',
      body: NEXT_ANSWERS[Math.min(served++, NEXT_ANSWERS.length - 1)]!,
    }),
  );
  await page.goto(YT.watch.url);
  const read = await page.evaluate(async () => {
    let items = 0;
    for (const token of ['Eg0SC2szVnE5cFh6MWFFGAYy', 'Eg0SC2szVnE5cFh6MWFFGAYz']) {
      const res = await fetch('/youtubei/v1/next?prettyPrint=false', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({
          context: { client: { clientName: 'WEB', clientVersion: '2.20251120' } },
          continuation: token,
        }),
      });
      // The page reads its answer as usual: the tap must not have consumed it.
      const body = (await res.json()) as { onResponseReceivedEndpoints?: unknown[] };
      items += body.onResponseReceivedEndpoints?.length ?? 0;
    }
    return items;
  });
  expect(read).toBeGreaterThan(0);
  expect(served).toBe(2);
  await settled(page, { seen: { answers: 2 } });
  await page.close();
  return errors;
}

async function inbox(status = 'new,tracked,dismissed'): Promise<Mention[]> {
  const res = await server.api(managerToken, 'GET', `/mentions?status=${status}&limit=200`);
  expect(res.status).toBe(200);
  return (JSON.parse(res.text) as { mentions: Mention[] }).mentions;
}

beforeAll(async () => {
  server = await startTeamServer();
  managerToken = await server.addMember('maria', 'manager');
  const token = await server.addMember('amber', 'ambassador');
  const published = await fetch(`${server.url}/api/v1/monitoring`, {
    method: 'PUT',
    headers: {
      Authorization: `Bearer ${managerToken}`,
      'Content-Type': 'application/json',
      'If-Match': '"0"',
    },
    body: JSON.stringify({ terms: { include: ['Kovra', 'Ковра', 'finvo'], exclude: ['hiring'] } }),
  });
  expect(published.status).toBe(200);
  manager = await launchWithExtension();
  member = await launchWithExtension();
  for (const b of [manager, member]) {
    await serveFakeX(b.context);
    await serveFakeYoutube(b.context);
  }
  memberToken = token;
}, 120_000);

afterAll(async () => {
  await manager?.close();
  await member?.close();
  await server?.dispose();
});

describe('mentions from a search page', () => {
  it('puts exactly the matching posts in the inbox, once, even when a second member loads the same page', async () => {
    await connect(manager, managerToken);
    await connect(member, memberToken);
    for (const b of [manager, member]) await (await captureIsOn(b)).close();

    expect(await openSearch(manager)).toEqual([]);
    const managerPopup = await captureIsOn(manager);
    await expect
      .poll(async () => (await inbox()).map((m) => m.postId).sort(), { timeout: 20_000 })
      .toEqual(MATCHING);
    await managerPopup.close();

    expect(await openSearch(member)).toEqual([]);
    const memberPopup = await captureIsOn(member);
    // The member's browser sent its sightings too (nothing left waiting), and the server kept one each.
    await expect
      .poll(async () => {
        await memberPopup.getByTestId('sync-now').click();
        return memberPopup.getByTestId('capture-card').innerText();
      })
      .toMatch(/5 sent today\./);
    await memberPopup.close();
    const stored = await inbox();
    expect(stored.map((m) => m.postId).sort()).toEqual(MATCHING);
    const long = stored.find((m) => m.postId === '1922334455667788992');
    // The long post's whole text (note_tweet), not the 280-character cut.
    expect(long?.text.length).toBeGreaterThan(280);
    expect(stored.find((m) => m.postId === '1922334455667788990')).toMatchObject({
      authorHandle: '@cryptocomplainer',
      postedAt: '2025-05-14T08:01:12.000Z',
    });
  }, 120_000);
});

describe('the manager’s inbox', () => {
  it('triages with the keyboard, and a tracked mention’s SLA counts from the post’s own time', async () => {
    const page = await manager.context.newPage();
    const errors = watchPageErrors(page);
    await page.goto(`chrome-extension://${manager.extensionId}/dashboard.html`);
    const rows = page.getByTestId('inbox-row');
    await expect.poll(() => rows.count(), { timeout: 20_000 }).toBe(5);

    // Newest post first.
    const ids = await rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-id')));
    const listed = await inbox('new');
    const newestFirst = [...listed].sort((a, b) => b.postedAt.localeCompare(a.postedAt)).map((m) => m.id);
    expect(ids).toEqual(newestFirst);

    await rows.first().focus();
    await page.keyboard.press('j');
    const second = ids[1]!;
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-id'))).toBe(second);
    await page.keyboard.press('t');
    await expect.poll(() => page.getByTestId('inbox-status').innerText()).toMatch(/Tracked 1 mention/);
    await expect.poll(() => rows.count()).toBe(4);
    // Focus stayed in the list, on the row that took its place.
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-id'))).toBe(ids[2]);

    await page.keyboard.press('d');
    await page.keyboard.press('2');
    await expect.poll(() => rows.count()).toBe(3);

    const tracked = (await inbox('tracked'))[0]!;
    expect(tracked.id).toBe(second);
    const hours = categoryConfig(tracked.category ?? tracked.suggestion.category).slaHours;
    expect(Date.parse(tracked.slaDueAt) - Date.parse(tracked.postedAt)).toBe(hours * 3_600_000);
    const threads = JSON.parse((await server.api(managerToken, 'GET', '/threads')).text) as {
      threads: TrackedThread[];
    };
    const thread = threads.threads.find((t) => t.id === tracked.threadId);
    expect(thread?.slaDueAt).toBe(tracked.slaDueAt);
    expect((await inbox('dismissed'))[0]).toMatchObject({
      id: ids[2],
      dismissReason: 'spam',
      decidedBy: 'maria',
    });

    await page.keyboard.press('?');
    await expect.poll(() => page.getByRole('dialog', { name: 'Inbox keys' }).isVisible()).toBe(true);
    await page.keyboard.press('Escape');

    await page.setViewportSize({ width: 1320, height: 900 });
    await page.evaluate(() => window.scrollTo(0, 0));
    const path = process.env.UPDATE_SCREENSHOTS ? 'docs/inbox.png' : undefined;
    await page.getByTestId('inbox').screenshot({ ...(path ? { path } : {}) });
    expect(errors).toEqual([]);
    await page.close();
  }, 120_000);
});

describe('mentions from a YouTube watch page', () => {
  it('puts exactly the matching comments in the inbox, once, even when a second member loads the same page', async () => {
    const youtube = async () =>
      (await inbox())
        .filter((m) => m.platform === 'youtube')
        .sort((a, b) => a.postId.localeCompare(b.postId));

    expect(await openWatch(manager)).toEqual([]);
    const managerPopup = await captureIsOn(manager);
    await expect
      .poll(async () => (await youtube()).map((m) => m.postId), { timeout: 20_000 })
      .toEqual(YT_MATCHING);
    await managerPopup.close();

    expect(await openWatch(member)).toEqual([]);
    const memberPopup = await captureIsOn(member);
    // The member sent its four sightings too (after the five X posts), and the server kept one row each.
    await expect
      .poll(async () => {
        await memberPopup.getByTestId('sync-now').click();
        return memberPopup.getByTestId('capture-card').innerText();
      })
      .toMatch(/9 sent today\./);
    await memberPopup.close();

    const stored = await youtube();
    expect(stored.map((m) => m.postId)).toEqual(YT_MATCHING);
    for (const m of stored) {
      expect(m).toMatchObject({ kind: 'comment', conversationId: YT.watch.videoId, sources: ['capture'] });
      expect(m.url).toBe(`https://www.youtube.com/watch?v=${YT.watch.videoId}&lc=${m.postId}`);
    }
    expect(stored[3]).toMatchObject({ text: 'Ковра заблокировала перевод, что делать?' });
    expect(stored[3]!.suggestion.language).toBe('ru');
  }, 120_000);
});
