import type { Page, Route } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { classify } from '../../lib/classify/classifier';
import { DEFAULT_PLAYBOOKS } from '../../lib/playbooks/defaults';
import { fillTemplate, pickLanguage, templateVars } from '../../lib/playbooks/fill';
import type { CategoryId } from '../../lib/schemas/categories';
import type { StoredEvent } from '../../lib/schemas/event';
import { DRAFT_SCRIPT_PATH, draftFixtureScript, draftStatusPage } from '../fixtures/x/draft/build';
import { FIXTURE } from '../fixtures/x/routes';
import { type ExtensionBrowser, launchWithExtension, watchPageErrors } from './harness/extension';
import { eventually, readEvents } from './harness/idb';
import { serveFakeX } from './harness/x-site';

/*
 * The ambassador's story with playbooks, in real Chromium with the built extension, on x.com pages
 * whose reply composers run the real draft-js editor (tests/fixtures/x/draft): the sidebar says how to
 * answer, "Insert" fills X's composer so X's own send button enables, the ambassador sends it, and the
 * logged reply names the template.
 */

const THREAD = {
  // "ok so is this a scam or not?? three people in this thread with stuck withdrawals…"
  url: `${FIXTURE.status.url}?fixture=draft`,
  id: FIXTURE.status.focusedStatusId,
  handle: FIXTURE.status.handle,
};
const THREAD_2 = {
  // "Verification rejected AGAIN. Third selfie…"
  url: `${FIXTURE.status2.url}?fixture=draft`,
  id: FIXTURE.status2.focusedStatusId,
  handle: FIXTURE.status2.handle,
};

let browser: ExtensionBrowser;
let page: Page;
let pageErrors: string[];

beforeAll(async () => {
  browser = await launchWithExtension();
  await serveFakeX(browser.context);
  const script = await draftFixtureScript();
  // Registered after the fake X, so it is asked first; everything else falls through to it.
  await browser.context.route('https://x.com/**', async (route: Route) => {
    const url = new URL(route.request().url());
    if (url.pathname === DRAFT_SCRIPT_PATH) {
      await route.fulfill({ contentType: 'application/javascript; charset=utf-8', body: script });
      return;
    }
    if (url.searchParams.get('fixture') === 'draft' && url.pathname.includes('/status/')) {
      const file = url.pathname.endsWith(THREAD_2.id) ? 'status-2.html' : 'status.html';
      await route.fulfill({ contentType: 'text/html; charset=utf-8', body: draftStatusPage(file) });
      return;
    }
    await route.fallback();
  });
});
afterAll(async () => browser?.close());

beforeEach(async () => {
  page = await browser.context.newPage();
  pageErrors = watchPageErrors(page);
  return async () => {
    expect(pageErrors).toEqual([]);
    await page.close();
  };
});

async function open(url: string) {
  await page.goto(url);
  await page.waitForFunction(() => (window as unknown as { __draft?: { ready: boolean } }).__draft?.ready);
  await expect.poll(() => page.getByTestId('rt-category').count()).toBe(1);
}

const draftText = (which: 'dialog' | 'inline') =>
  page.evaluate(
    (w) => (window as unknown as { __draft: { text(w: string): string | undefined } }).__draft.text(w),
    which,
  );

async function focusedText(): Promise<string> {
  return page.locator('article[data-testid="tweet"][tabindex="-1"] [data-testid="tweetText"]').innerText();
}

/** The template as the sidebar fills it for this thread. */
function filled(category: CategoryId, text: string, author: string, index = 0, language?: string) {
  const playbook = DEFAULT_PLAYBOOKS.playbooks[category];
  const lang = pickLanguage(Object.keys(playbook.templates), { manual: language, text });
  const template = playbook.templates[lang!]![index]!;
  const vars = templateVars({ author, category }, DEFAULT_PLAYBOOKS.settings, lang!);
  return { template, playbook, text: fillTemplate(template.text, vars).text };
}

async function replyEvents(targetId: string): Promise<StoredEvent[]> {
  const all = await eventually(
    async () => readEvents(await browser.worker()),
    (es) => es.some((e) => e.targetId === targetId && e.action === 'reply'),
  );
  return all.filter((e) => e.targetId === targetId && e.action === 'reply');
}

describe('how to answer a thread', () => {
  it("suggests a category for an untracked thread, says why, and shows that category's playbook", async () => {
    await open(THREAD.url);
    const expected = classify(await focusedText());
    const category = page.getByTestId('rt-category');
    await expect.poll(() => category.getAttribute('data-category')).toBe(expected.category);
    expect(await category.getAttribute('data-source')).toBe('suggested');
    const suggestion = await page.getByTestId('rt-suggestion').innerText();
    for (const word of expected.matched.slice(0, 2)) expect(suggestion).toContain(word);
    expect(await page.getByTestId('rt-guidance').getAttribute('data-playbook')).toBe(
      DEFAULT_PLAYBOOKS.playbooks[expected.category].id,
    );
    expect(await page.getByTestId('rt-template').count()).toBe(
      DEFAULT_PLAYBOOKS.playbooks[expected.category].templates.en!.length,
    );

    // The Russian templates are one click away.
    await page.getByTestId('rt-lang-ru').click();
    await expect
      .poll(() => page.getByTestId('rt-template').first().innerText())
      .toContain(filled(expected.category, '', `@${THREAD.handle}`, 0, 'ru').text.slice(0, 20));
  });

  it('"Insert" fills the reply dialog\'s Draft.js editor, X enables Reply, and the sent reply names the template', async () => {
    await open(THREAD.url);
    const category = classify(await focusedText()).category;
    const { template, playbook, text } = filled(category, await focusedText(), `@${THREAD.handle}`, 1);

    await page.locator('article[data-testid="tweet"][tabindex="-1"] [data-testid="reply"]').click();
    const send = page.locator('[role="dialog"] [data-testid="tweetButton"]');
    await expect.poll(() => send.isDisabled()).toBe(true);

    const card = page.locator(`[data-testid="rt-template"][data-template="${template.id}"]`);
    await card.getByTestId('rt-insert').click();
    await expect
      .poll(() => card.getByTestId('rt-template-status').getAttribute('data-state'))
      .toBe('inserted');
    // Draft.js's own state holds the text, and X's send button enabled from it.
    expect(await draftText('dialog')).toBe(text);
    expect(await page.locator('[role="dialog"] [data-testid="tweetTextarea_0"]').innerText()).toContain(
      text.slice(0, 40),
    );
    await expect.poll(() => send.isEnabled()).toBe(true);
    // Nothing was sent on the ambassador's behalf.
    expect(await page.locator('[role="dialog"]').count()).toBe(1);

    await send.click();
    await expect.poll(() => page.locator('[role="dialog"]').count()).toBe(0);
    const [reply] = await replyEvents(THREAD.id);
    expect(reply).toMatchObject({
      action: 'reply',
      replyText: text,
      category,
      templateId: template.id,
      playbookId: playbook.id,
    });
    expect(reply!.suggestedCategory).toBeUndefined();
  });

  it("records the ambassador's category over the suggestion, and inserts into the inline composer too", async () => {
    await open(THREAD_2.url);
    const suggested = classify(await focusedText()).category;
    const chosen: CategoryId = suggested === 'incident_complaint' ? 'support_needed' : 'incident_complaint';
    await page.getByTestId('rt-category-select').selectOption(chosen);
    const category = page.getByTestId('rt-category');
    await expect.poll(() => category.getAttribute('data-source')).toBe('override');
    expect(await page.getByTestId('rt-guidance').getAttribute('data-playbook')).toBe(
      DEFAULT_PLAYBOOKS.playbooks[chosen].id,
    );

    const { template, playbook, text } = filled(chosen, await focusedText(), `@${THREAD_2.handle}`, 0);
    await page
      .locator(`[data-testid="rt-template"][data-template="${template.id}"]`)
      .getByTestId('rt-insert')
      .click();
    const send = page.locator('[data-testid="tweetButtonInline"]');
    await expect.poll(() => send.isEnabled()).toBe(true);
    expect(await draftText('inline')).toBe(text);

    // The ambassador makes it theirs before sending.
    await page.locator('[data-testid="inline_reply_offscreen"] [data-testid="tweetTextarea_0"]').click();
    await page.keyboard.press('End');
    await page.keyboard.type(' (was on Android)');
    await send.click();
    const [reply] = await replyEvents(THREAD_2.id);
    expect(reply).toMatchObject({
      replyText: `${text} (was on Android)`,
      category: chosen,
      suggestedCategory: suggested,
      templateId: template.id,
      playbookId: playbook.id,
    });
  });

  it("shows a tracked thread's category as set by the team, whatever the classifier thinks", async () => {
    await open(THREAD_2.url);
    const suggested = classify(await focusedText()).category;
    const teams: CategoryId = suggested === 'legal_security_risk' ? 'trust_doubt' : 'legal_security_risk';
    await page.getByTestId('rt-track').click();
    await page.getByTestId('rt-track-form').locator('select').first().selectOption(teams);
    await page.getByTestId('rt-track-submit').click();

    const category = page.getByTestId('rt-category');
    await expect.poll(() => category.getAttribute('data-source')).toBe('team');
    expect(await category.getAttribute('data-category')).toBe(teams);
    expect(await category.innerText()).toContain('set by your team');
    expect(await page.getByTestId('rt-category-select').count()).toBe(0);
    expect(await page.getByTestId('rt-guidance').getAttribute('data-playbook')).toBe(
      DEFAULT_PLAYBOOKS.playbooks[teams].id,
    );
  });
});
