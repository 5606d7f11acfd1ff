import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_PLAYBOOKS } from '../../lib/playbooks/defaults';
import { categoryConfig } from '../../lib/schemas/categories';
import { FIXTURE } from '../fixtures/x/routes';
import { type ExtensionBrowser, launchWithExtension, watchPageErrors } from './harness/extension';
import { loggedEvent } from './harness/idb';
import { startTeamServer, type TeamServer } from './harness/server';
import { connectTo } from './harness/session';
import { article, serveFakeX } from './harness/x-site';

/*
 * Each role's day in real Chromium against the real team server, asserting what the person sees: an
 * ambassador answers a tracked thread and watches the one sync state through the server going down,
 * a token that does not work and a token revoked; a manager tracks what the ambassador suggested and
 * edits the playbook; the lead reads the month's report.
 */

const TRACKED = FIXTURE.status; // the manager tracked it this morning
const SUGGESTED = FIXTURE.status2; // the ambassador suggests it, the manager tracks it
const TRACKED_CATEGORY = 'support_needed';
// Not what the classifier makes of it (support_needed) nor the form's default, so the form shows the suggestion.
const SUGGESTED_CATEGORY = 'incident_complaint';
const SUGGESTION_NOTE = 'Third failed selfie, people are piling on';
const NEW_GOAL = 'Get them to the in-app form first, calmly, then say what helped you';

let server: TeamServer;
let ambassadorToken: string;
let managerToken: string;
let leadToken: string;

beforeAll(async () => {
  server = await startTeamServer();
  ambassadorToken = await server.addMember('amber', 'ambassador');
  managerToken = await server.addMember('maria', 'manager');
  leadToken = await server.addMember('lena', 'lead');
  const tracked = await server.api(managerToken, 'POST', '/threads', {
    platform: 'x',
    url: TRACKED.url,
    canonicalId: TRACKED.focusedStatusId,
    author: TRACKED.handle,
    category: TRACKED_CATEGORY,
    note: 'Calm, first-hand answers only',
  });
  expect(tracked.status).toBe(201);
});
afterAll(async () => server?.dispose());

/** One person's browser, connected as them, with the fake x.com; every tab watched for errors. */
function personsBrowser(token: () => string) {
  const state: { browser?: ExtensionBrowser; errors: string[] } = { errors: [] };
  beforeAll(async () => {
    state.browser = await launchWithExtension();
    await serveFakeX(state.browser.context);
    await connectTo(state.browser, server.url, token());
  });
  afterAll(async () => {
    await state.browser?.close();
    expect(state.errors).toEqual([]);
  });
  const tab = async (url: string): Promise<Page> => {
    const page = await state.browser!.context.newPage();
    const errors = watchPageErrors(page);
    page.on('close', () => state.errors.push(...errors));
    await page.goto(url);
    return page;
  };
  return {
    get browser() {
      return state.browser!;
    },
    tab,
    popup: () => tab(`chrome-extension://${state.browser!.extensionId}/popup.html`),
    options: () => tab(`chrome-extension://${state.browser!.extensionId}/options.html`),
  };
}

/** Where each surface shows the sync state: its kind, and the words a person reads. */
const dot = (p: Page) => p.getByTestId('rt-sync-dot');
const popupState = (p: Page) => p.getByTestId('sync-connected');
const optionsState = (p: Page) => p.getByTestId('options-status');

/**
 * The popup as this person sees it now, for the README: written to docs/popup-<name>.png on request
 * only (UPDATE_SCREENSHOTS=1), so CI never rewrites tracked files; always rendered, so it cannot rot.
 */
async function popupPicture(popup: Page, name: string): Promise<void> {
  await popup.setViewportSize({ width: 360, height: 640 });
  await popup.mouse.move(0, 0);
  const path = process.env.UPDATE_SCREENSHOTS ? `docs/popup-${name}.png` : undefined;
  const png = await popup
    .locator('main.rt-popup')
    .screenshot({ animations: 'disabled', caret: 'hide', ...(path ? { path } : {}) });
  // PNG width is the big-endian uint32 at byte 16: the popup's own width, nothing cut off.
  expect(png.readUInt32BE(16)).toBe(360);
}

async function sidebarReady(p: Page): Promise<void> {
  await expect.poll(() => p.getByTestId('rt-tracked-status').getAttribute('aria-busy')).toBe('false');
  await dot(p).waitFor();
}

describe("an ambassador's day", () => {
  const amber = personsBrowser(() => ambassadorToken);

  it('opens the tracked thread, reads the playbook, inserts a template, replies and likes, and sees the same counts in the sidebar and the popup', async () => {
    const page = await amber.tab(TRACKED.url);
    await sidebarReady(page);
    // The manager's thread, flagged for me, with the playbook for its category.
    expect(await page.getByTestId('rt-glance-status').innerText()).toMatch(/^Tracked/);
    expect(await page.getByTestId('rt-category').getAttribute('data-category')).toBe(TRACKED_CATEGORY);
    const playbook = DEFAULT_PLAYBOOKS.playbooks[TRACKED_CATEGORY];
    expect(await page.getByTestId('rt-guidance').innerText()).toContain(playbook.goal);
    // An ambassador is not offered what only a manager can do.
    expect(await page.getByTestId('rt-track').count()).toBe(0);
    expect(await page.getByTestId('rt-untrack').count()).toBe(0);
    expect(await page.getByTestId('rt-glance-today').innerText()).toMatch(/0 replies · 0 net likes/);

    // Insert the first template into X's inline reply box; X's Reply enables; I send it myself.
    const editor = page.locator('[data-testid="inline_reply_offscreen"] [data-testid="tweetTextarea_0"]');
    await editor.click();
    const card = page.getByTestId('rt-template').first();
    const text = await card.locator('.rt-template-text').innerText();
    expect(text).toContain(`@${TRACKED.handle}`);
    await card.getByTestId('rt-insert').click();
    await expect
      .poll(() => card.getByTestId('rt-template-status').getAttribute('data-state'))
      .toBe('inserted');
    const send = page.locator('[data-testid="tweetButtonInline"]');
    await expect.poll(() => send.isEnabled()).toBe(true);
    await send.click();
    const reply = await loggedEvent(amber.browser, 'reply', TRACKED.focusedStatusId);
    expect(reply).toMatchObject({
      category: TRACKED_CATEGORY,
      templateId: await card.getAttribute('data-template'),
    });

    const target = TRACKED.replyIds[0]!;
    await article(page, target).locator('[data-testid="like"]').click();
    await loggedEvent(amber.browser, 'like', target);

    // The header and the popup say the same, from the one definition of each count.
    await expect.poll(() => page.getByTestId('rt-glance-today').innerText()).toMatch(/1 reply · 1 net like$/);
    const popup = await amber.popup();
    await expect.poll(() => popup.getByTestId('popup-today').innerText()).toBe('1 reply · 1 net like');
    // Both reached the team server: up to date, in the popup, the sidebar's dot and the options page.
    await expect
      .poll(() => popupState(popup).getAttribute('data-state'), { timeout: 15_000 })
      .toBe('up-to-date');
    expect(await popupState(popup).innerText()).toContain('Up to date');
    await page.reload();
    await sidebarReady(page);
    expect(await dot(page).getAttribute('data-state')).toBe('up-to-date');
    expect(await dot(page).getAttribute('aria-label')).toMatch(/^Sync: Up to date\./);
    const options = await amber.options();
    await expect.poll(() => optionsState(options).getAttribute('data-state')).toBe('up-to-date');
    await popup.reload();
    await expect.poll(() => popup.getByTestId('sync-last-synced').innerText()).toBe('just now');
    await popupPicture(popup, 'ambassador');
    for (const p of [page, popup, options]) await p.close();
  });

  it('suggests an untracked thread to the manager instead of tracking it', async () => {
    const page = await amber.tab(SUGGESTED.url);
    await sidebarReady(page);
    await page.getByTestId('rt-suggest').click();
    const form = page.getByTestId('rt-suggest-form');
    await form.locator('select').first().selectOption(SUGGESTED_CATEGORY);
    await form.locator('textarea').fill(SUGGESTION_NOTE);
    await page.getByTestId('rt-suggest-submit').click();
    await page.getByTestId('rt-suggested').waitFor();
    await page.close();
  });

  it('with the server down: N waiting to sync and the next try, everywhere', async () => {
    await server.stop();
    const page = await amber.tab(TRACKED.url);
    await sidebarReady(page);
    const target = TRACKED.replyIds[1]!;
    await article(page, target).locator('[data-testid="like"]').click();
    await loggedEvent(amber.browser, 'like', target);

    const popup = await amber.popup();
    await expect
      .poll(() => popupState(popup).getAttribute('data-state'), { timeout: 15_000 })
      .toBe('waiting');
    expect(await popupState(popup).innerText()).toContain('1 waiting to sync');
    expect(await popup.getByTestId('sync-next-retry').innerText()).toMatch(/^Next try \d/);

    await page.reload();
    await sidebarReady(page);
    expect(await dot(page).getAttribute('data-state')).toBe('waiting');
    expect(await dot(page).getAttribute('aria-label')).toMatch(/^Sync: 1 waiting to sync\..*Next try at \d/);
    const options = await amber.options();
    await expect.poll(() => optionsState(options).getAttribute('data-state')).toBe('waiting');
    expect(await options.getByTestId('options-sync-detail').innerText()).toMatch(/Next try at \d/);
    await popupPicture(popup, 'offline');

    // Back up: Sync now delivers it, and every surface is up to date again.
    await server.restart();
    await popup.getByTestId('sync-now').click();
    await expect.poll(() => popupState(popup).getAttribute('data-state')).toBe('up-to-date');
    expect(await popup.getByTestId('sync-pending').innerText()).toBe('0');
    await options.reload();
    await expect.poll(() => optionsState(options).getAttribute('data-state')).toBe('up-to-date');
    for (const p of [page, popup, options]) await p.close();
  });

  it('after a reconnect with a wrong token: "still using your previous token", everywhere', async () => {
    const options = await amber.options();
    await expect.poll(() => options.getByTestId('options-server-url').inputValue()).toBe(server.url);
    await options.getByTestId('options-token').fill('rt_this_is_not_my_token');
    await options.getByTestId('options-connect').click();
    await expect.poll(() => optionsState(options).getAttribute('data-state')).toBe('wrong-token');
    expect(await options.getByTestId('options-sync-state').innerText()).toContain(
      'Still using your previous token',
    );
    expect(await options.getByTestId('options-member').innerText()).toBe('amber');

    const popup = await amber.popup();
    await expect.poll(() => popupState(popup).getAttribute('data-state')).toBe('wrong-token');
    expect(await popupState(popup).innerText()).toContain('Still using your previous token');
    await popupPicture(popup, 'wrong-token');
    const page = await amber.tab(TRACKED.url);
    await sidebarReady(page);
    expect(await dot(page).getAttribute('data-state')).toBe('wrong-token');
    expect(await dot(page).getAttribute('aria-label')).toMatch(/^Sync: Still using your previous token\./);
    for (const p of [page, popup, options]) await p.close();
  });

  it('with the token revoked: signed out, everywhere', async () => {
    expect((await server.api(leadToken, 'POST', '/members/amber/revoke')).status).toBe(200);
    const popup = await amber.popup();
    await popup.getByTestId('sync-now').click();
    await expect.poll(() => popupState(popup).getAttribute('data-state')).toBe('signed-out');
    expect(await popupState(popup).innerText()).toContain('Signed out');
    expect(await popup.getByTestId('sync-error').innerText()).toMatch(/revoked/);
    await popupPicture(popup, 'signed-out');

    const page = await amber.tab(TRACKED.url);
    await sidebarReady(page);
    expect(await dot(page).getAttribute('data-state')).toBe('signed-out');
    expect(await dot(page).getAttribute('aria-label')).toMatch(/^Sync: Signed out\./);
    const options = await amber.options();
    await expect.poll(() => optionsState(options).getAttribute('data-state')).toBe('signed-out');
    expect(await options.getByTestId('options-sync-state').innerText()).toContain('Signed out');
    for (const p of [page, popup, options]) await p.close();
  });
});

describe("a manager's day", () => {
  const maria = personsBrowser(() => managerToken);

  it("sees the ambassador's suggestion and tracks it from a form that starts from the suggested category, its priority and SLA", async () => {
    const popup = await maria.popup();
    const suggestion = popup.getByTestId('team-suggestion');
    await expect.poll(() => suggestion.count()).toBe(1);
    expect(await suggestion.getAttribute('data-category')).toBe(SUGGESTED_CATEGORY);
    expect(await suggestion.innerText()).toContain(SUGGESTION_NOTE);
    await expect.poll(() => popup.getByTestId('team-row').count()).toBeGreaterThan(0);
    await popupPicture(popup, 'manager');
    await popup.close();

    const page = await maria.tab(SUGGESTED.url);
    await sidebarReady(page);
    await page.getByTestId('rt-track').click();
    const form = page.getByTestId('rt-track-form');
    const expected = categoryConfig(SUGGESTED_CATEGORY);
    expect(await form.locator('select[name="category"]').inputValue()).toBe(SUGGESTED_CATEGORY);
    expect(await form.locator('select[name="priority"]').inputValue()).toBe(expected.priority);
    expect(await page.getByTestId('rt-form-sla').innerText()).toContain(
      `First reaction within ${expected.slaHours} h`,
    );
    await page.getByTestId('rt-track-submit').click();
    await expect.poll(() => page.getByTestId('rt-tracked-status').getAttribute('data-tracked')).toBe('true');
    expect(await page.getByTestId('rt-category').getAttribute('data-category')).toBe(SUGGESTED_CATEGORY);

    const onServer = JSON.parse((await server.api(managerToken, 'GET', '/threads')).text) as {
      threads: { canonicalId: string; category: string; priority: string }[];
    };
    expect(onServer.threads.find((t) => t.canonicalId === SUGGESTED.focusedStatusId)).toMatchObject({
      category: SUGGESTED_CATEGORY,
      priority: expected.priority,
    });
    await page.close();
  });

  it('edits the playbook, publishes it, and the sidebar shows the new goal', async () => {
    const options = await maria.options();
    const goal = options.getByTestId('pb-goal');
    await goal.waitFor();
    await goal.fill(NEW_GOAL);
    await options.getByTestId('pb-publish').click();
    await expect.poll(() => options.getByTestId('pb-notice').innerText()).toMatch(/Published version 1/);
    await options.close();

    const popup = await maria.popup();
    await popup.getByTestId('sync-now').click();
    await expect.poll(() => popupState(popup).getAttribute('data-state')).toBe('up-to-date');
    await popup.close();
    const page = await maria.tab(TRACKED.url);
    await sidebarReady(page);
    await expect.poll(() => page.getByTestId('rt-guidance').innerText()).toContain(NEW_GOAL);
    await page.close();
  });
});

describe("the lead's report", () => {
  const lena = personsBrowser(() => leadToken);

  it("reads the month's figures as the team did them", async () => {
    const rows = await server.exported();
    const replies = rows.filter((r) => r.action === 'reply' || r.action === 'comment').length;
    const likes =
      rows.filter((r) => r.action === 'like').length - rows.filter((r) => r.action === 'unlike').length;
    expect({ replies, likes }).toEqual({ replies: 1, likes: 2 });

    const popup = await lena.popup();
    await expect.poll(() => popup.getByTestId('team-row').count()).toBeGreaterThan(0);
    await popupPicture(popup, 'lead');
    await popup.close();

    const month = new Date().toISOString().slice(0, 7);
    const page = await lena.tab(
      `chrome-extension://${lena.browser.extensionId}/dashboard.html?month=${month}&tz=UTC`,
    );
    await page.getByTestId('kpi-replies-value').waitFor({ timeout: 20_000 });
    expect(await page.getByTestId('kpi-replies-value').innerText()).toBe(String(replies));
    expect(await page.getByTestId('kpi-likes-value').innerText()).toBe(String(likes));
    expect(await page.getByTestId('kpi-active-value').innerText()).toBe('1');
    expect(await page.getByTestId('ambassador-table').innerText()).toContain('amber');
    await page.close();
  });
});
