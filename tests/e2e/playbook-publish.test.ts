import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { classify } from '../../lib/classify/classifier';
import { DEFAULT_PLAYBOOKS } from '../../lib/playbooks/defaults';
import type { CategoryId } from '../../lib/schemas/categories';
import { FIXTURE } from '../fixtures/x/routes';
import {
  type ExtensionBrowser,
  grantSiteAccess,
  launchWithExtension,
  watchPageErrors,
} from './harness/extension';
import { startTeamServer, type TeamServer } from './harness/server';
import { serveFakeX } from './harness/x-site';

/*
 * A playbook edited by the community manager reaches an ambassador's sidebar through the real team
 * server. Two browsers, as in real life: the ambassador's stays open on an x.com thread; the manager's
 * is opened only to edit and publish, then closed, so at most two Chromiums run at a time.
 */

let server: TeamServer;
let ambassador: ExtensionBrowser;
let managerToken: string;
let ambassadorToken: string;
let thread: Page;
let threadErrors: string[];
let category: CategoryId;

const NEW_GOAL = 'Answer with your own outcome first, then the link: our March 2026 wording.';
const NEW_TEMPLATE =
  '{author} had this in March, the ticket from the app form sorted it in a day: {support_url}';

/** The options page of a browser, connected to the team server as the owner of `token`. */
async function connectedOptions(browser: ExtensionBrowser, token: string): Promise<Page> {
  await grantSiteAccess(browser, new URL(server.url).origin);
  const options = await browser.context.newPage();
  await options.goto(`chrome-extension://${browser.extensionId}/options.html`);
  await options.getByTestId('options-server-url').fill(server.url);
  await options.getByTestId('options-token').fill(token);
  await options.getByTestId('options-connect').click();
  await expect
    .poll(() => options.getByTestId('options-status').getAttribute('data-connected'), { timeout: 15_000 })
    .toBe('true');
  return options;
}

const guidance = () => thread.getByTestId('rt-guidance');

beforeAll(async () => {
  server = await startTeamServer();
  managerToken = await server.addMember('maria', 'manager');
  ambassadorToken = await server.addMember('amber', 'ambassador');
  ambassador = await launchWithExtension();
  await serveFakeX(ambassador.context);
});

afterAll(async () => {
  await ambassador?.close();
  await server?.dispose();
});

describe('a manager publishes a playbook; an ambassador gets it on the next sync', () => {
  it('the ambassador, connected, sees the built-in playbook on a thread', async () => {
    const options = await connectedOptions(ambassador, ambassadorToken);
    // An ambassador does not get the editor.
    await expect.poll(() => options.getByTestId('pb-readonly').count()).toBe(1);
    expect(await options.getByTestId('pb-editor').count()).toBe(0);
    await options.close();

    thread = await ambassador.context.newPage();
    threadErrors = watchPageErrors(thread);
    await thread.goto(FIXTURE.status.url);
    await expect.poll(() => thread.getByTestId('rt-category').count(), { timeout: 15_000 }).toBe(1);
    const text = await thread
      .locator('article[data-testid="tweet"][tabindex="-1"] [data-testid="tweetText"]')
      .innerText();
    category = classify(text).category;
    await expect.poll(() => thread.getByTestId('rt-category').getAttribute('data-category')).toBe(category);
    await expect.poll(() => guidance().innerText()).toContain(DEFAULT_PLAYBOOKS.playbooks[category].goal);
  });

  it('the manager edits the goal and a template in the options page and publishes version 1', async () => {
    const manager = await launchWithExtension();
    try {
      const options = await connectedOptions(manager, managerToken);
      const errors = watchPageErrors(options);
      await expect.poll(() => options.getByTestId('pb-editor').count(), { timeout: 15_000 }).toBe(1);
      expect(await options.getByTestId('pb-version').getAttribute('data-version')).toBe('0');

      await options.getByTestId('pb-playbook-category').selectOption(category);
      await options.getByTestId('pb-goal').fill('');
      // Shown next to the field, and publishing waits for the fix.
      await expect
        .poll(() =>
          options.locator(`[data-testid="pb-field-error"][data-path="playbooks.${category}.goal"]`).count(),
        )
        .toBe(1);
      expect(await options.getByTestId('pb-publish').isDisabled()).toBe(true);
      await options.getByTestId('pb-goal').fill(NEW_GOAL);

      const first = options.getByTestId('pb-template').first();
      await first.getByTestId('pb-template-text').fill(NEW_TEMPLATE);
      const supportUrl = DEFAULT_PLAYBOOKS.settings.supportUrl;
      await expect
        .poll(() => first.getByTestId('pb-template-preview-text').innerText())
        .toBe(
          `@sam_trades had this in March, the ticket from the app form sorted it in a day: ${supportUrl}`,
        );

      await options.getByTestId('pb-publish').click();
      await expect.poll(() => options.getByTestId('pb-notice').innerText()).toMatch(/Published version 1/);
      expect(await options.getByTestId('pb-version').getAttribute('data-version')).toBe('1');
      expect(errors).toEqual([]);
    } finally {
      await manager.close();
    }
    const published = JSON.parse((await server.api(ambassadorToken, 'GET', '/playbooks')).text) as {
      version: number;
      updatedBy: string;
      content: { playbooks: Record<string, { goal: string }> };
    };
    expect(published.version).toBe(1);
    expect(published.updatedBy).toBe('maria');
    expect(published.content.playbooks[category]!.goal).toBe(NEW_GOAL);
  });

  it("after Sync now, the ambassador's open sidebar shows the manager's goal and template", async () => {
    const popup = await ambassador.context.newPage();
    await popup.goto(`chrome-extension://${ambassador.extensionId}/popup.html`);
    await popup.getByTestId('sync-now').click();
    await expect.poll(() => popup.getByTestId('sync-now').isEnabled()).toBe(true);
    await popup.close();

    // The same page, not reloaded: the sync's revision bump refreshes the sidebar.
    await expect.poll(() => guidance().innerText(), { timeout: 15_000 }).toContain(NEW_GOAL);
    const firstTemplate = thread.getByTestId('rt-template').first();
    await expect
      .poll(() => firstTemplate.innerText())
      .toContain(
        `@${FIXTURE.status.handle} had this in March, the ticket from the app form sorted it in a day`,
      );

    // And it stays with the last version it has when the server is gone.
    await server.stop();
    await thread.reload();
    await expect.poll(() => guidance().innerText(), { timeout: 15_000 }).toContain(NEW_GOAL);
    await server.restart();
    expect(threadErrors).toEqual([]);
  });
});
