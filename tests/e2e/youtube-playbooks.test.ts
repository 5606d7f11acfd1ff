import type { Locator } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { FIXTURE } from '../fixtures/youtube/routes';
import { loggedEvent } from './harness/idb';
import { extensionSession } from './harness/session';
import { comment } from './harness/youtube-site';

/*
 * The playbook panel on a YouTube watch page: "Insert" puts a template into YouTube's open comment or
 * reply box so that its submit button enables, the ambassador sends it themselves, and the logged
 * comment or reply names the template it started from.
 */

const fx = FIXTURE.watch;
const CATEGORY = 'support_needed';

const session = extensionSession({ youtube: true });

const flat = (s: string) => s.replace(/[\s\u00a0]+/g, ' ').trim();

/** Opens the watch page with the support playbook in the sidebar; returns its n-th template card. */
async function openWithPlaybook(n: number) {
  await session.page.goto(fx.url);
  await expect.poll(() => session.page.getByTestId('rt-category').count()).toBe(1);
  await session.page.getByTestId('rt-category-select').selectOption(CATEGORY);
  await expect
    .poll(() => session.page.getByTestId('rt-category').getAttribute('data-category'))
    .toBe(CATEGORY);
  const card = session.page.getByTestId('rt-template').nth(n);
  return {
    card,
    templateId: (await card.getAttribute('data-template'))!,
    playbookId: (await session.page.getByTestId('rt-guidance').getAttribute('data-playbook'))!,
    text: await card.locator('.rt-template-text').innerText(),
  };
}

async function insert(card: Locator) {
  await card.getByTestId('rt-insert').click();
  await expect.poll(() => card.getByTestId('rt-template-status').getAttribute('data-state')).toBe('inserted');
}

describe('"Insert" on youtube.com', () => {
  it('fills the comment box so YouTube enables Comment, and the comment names the template', async () => {
    const { card, templateId, playbookId, text } = await openWithPlaybook(0);
    await session.page.locator('ytd-comment-simplebox-renderer #placeholder-area').click();
    const box = session.page.locator('ytd-comment-simplebox-renderer ytd-commentbox');
    const submit = box.locator('#submit-button button');
    await expect.poll(() => submit.isDisabled()).toBe(true);

    await insert(card);
    expect(await card.getByTestId('rt-template-status').innerText()).toMatch(/press Comment/);
    expect(flat(await box.locator('#contenteditable-root').innerText())).toBe(flat(text));
    await expect.poll(() => submit.isEnabled()).toBe(true);
    // Nothing was sent on the ambassador's behalf.
    expect(await box.count()).toBe(1);

    await submit.click();
    await expect.poll(() => box.count()).toBe(0);
    const event = await loggedEvent(session.browser, 'comment', fx.videoId);
    expect(event).toMatchObject({ action: 'comment', source: 'network', templateId, playbookId });
    expect(flat(event.replyText!)).toBe(flat(text));
  });

  it("fills a reply box under a reply after YouTube's @mention, and the reply names the template", async () => {
    const { card, templateId, playbookId, text } = await openWithPlaybook(1);
    const under = comment(session.page, fx.replyIds[0]);
    await under.locator('#reply-button-end button').first().click();
    const box = under.locator('#reply-dialog ytd-commentbox');
    const editor = box.locator('#contenteditable-root');
    await expect.poll(() => editor.innerText()).toMatch(/^@\S+/);
    const mention = flat(await editor.innerText());

    await insert(card);
    expect(flat(await editor.innerText())).toBe(flat(`${mention} ${text}`));
    await expect.poll(() => box.locator('#submit-button button').isEnabled()).toBe(true);

    await box.locator('#submit-button button').click();
    await expect.poll(() => box.count()).toBe(0);
    // A reply to a reply goes to the thread's top-level comment, as on YouTube.
    const event = await loggedEvent(session.browser, 'reply', fx.threadId);
    expect(event).toMatchObject({ conversationId: fx.videoId, templateId, playbookId });
    expect(flat(event.replyText!)).toBe(flat(`${mention} ${text}`));
  });

  it('asks to open a box first when none is open', async () => {
    const { card } = await openWithPlaybook(0);
    await card.getByTestId('rt-insert').click();
    await expect.poll(() => card.getByTestId('rt-template-status').getAttribute('data-state')).toBe('error');
    expect(await card.getByTestId('rt-template-status').innerText()).toMatch(/Open the comment box/);
  });
});

describe('a template with a placeholder, as a top-level comment', () => {
  it('does not greet the channel, and Insert selects {my_experience} so typing replaces it', async () => {
    await session.page.goto(fx.url);
    await expect.poll(() => session.page.getByTestId('rt-category').count()).toBe(1);
    await session.page.getByTestId('rt-category-select').selectOption('technical_question');
    const card = session.page.locator('[data-testid="rt-template"][data-template="steps"]');
    await expect.poll(() => card.count()).toBe(1);
    const text = await card.locator('.rt-template-text').innerText();
    // The video's channel is not addressed as if this comment replied to it.
    expect(text).not.toMatch(/^@|\{author\}/);
    expect(text).toContain('{my_experience}');

    await session.page.locator('ytd-comment-simplebox-renderer #placeholder-area').click();
    const editor = session.page.locator(
      'ytd-comment-simplebox-renderer ytd-commentbox #contenteditable-root',
    );
    await insert(card);
    expect(await card.getByTestId('rt-template-status').innerText()).toMatch(
      /\{my_experience\} is selected: type your own words over it/,
    );
    expect(await session.page.evaluate(() => document.getSelection()?.toString())).toBe('{my_experience}');

    // Focus went to the box with the insertion; typing replaces the placeholder.
    await session.page.keyboard.type('the app asked me for a selfie first');
    const now = flat(await editor.innerText());
    expect(now).toContain('the app asked me for a selfie first');
    expect(now).not.toContain('{my_experience}');
  });
});
