import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { classify } from '../../lib/classify/classifier';
import { DEFAULT_PLAYBOOKS } from '../../lib/playbooks/defaults';
import { FIXTURE } from '../fixtures/youtube/routes';
import { loggedEvent, readThreads } from './harness/idb';
import { extensionSession } from './harness/session';
import { comment } from './harness/youtube-site';

/*
 * A manager tracks one comment under a video, not the whole video: picked from the comment list,
 * tracked through the sidebar, badged in the list (which YouTube loads lazily) across reloads, and
 * what the team does in that comment's thread counts under its category.
 */

const fx = FIXTURE.watch;
// Not what the classifier makes of the video's title, so a matching event proves the tracked comment won.
const CATEGORY = 'rumor_narrative';

const session = extensionSession({ youtube: true });

const trackedHere = (p: Page) => p.getByTestId('rt-tracked-status').getAttribute('data-tracked');

describe('tracking one comment under a video', () => {
  it('tracks a comment from its picker, badges only it, keeps the badge after a reload, and files its thread under its category', async () => {
    expect(classify(fx.title, DEFAULT_PLAYBOOKS.rules).category).not.toBe(CATEGORY);
    await session.page.goto(fx.url);
    await expect.poll(() => trackedHere(session.page)).toBe('false');
    const target = comment(session.page, fx.threadId);
    const picker = target.locator('.reply-tracker-pick');
    await expect.poll(() => picker.count()).toBe(1);
    // Every top-level comment has one; replies belong to their comment's thread and have none.
    await expect.poll(() => session.page.locator('.reply-tracker-pick').count()).toBe(fx.threadCount);

    await picker.click();
    await expect
      .poll(() => session.page.getByTestId('rt-post-kind').innerText())
      .toBe(`Comment by ${fx.threadAuthor} under this video`);
    await session.page.getByTestId('rt-track').click();
    await session.page.getByTestId('rt-track-form').locator('select').first().selectOption(CATEGORY);
    await session.page.getByTestId('rt-track-submit').click();
    await expect.poll(() => trackedHere(session.page)).toBe('true');

    const [stored] = (await readThreads(await session.browser.worker())).filter(
      (t) => t.canonicalId === fx.threadId,
    );
    expect(stored).toMatchObject({
      platform: 'youtube',
      canonicalId: fx.threadId,
      parentId: fx.videoId,
      url: `${fx.url}&lc=${fx.threadId}`,
      author: fx.threadAuthor,
      category: CATEGORY,
    });

    const badge = target.locator('.reply-tracker-badge');
    await expect.poll(() => badge.count()).toBe(1);
    expect(await badge.innerText()).toMatch(/Rumou?r/i);
    expect(await session.page.locator('.reply-tracker-badge').count()).toBe(1);
    expect(await picker.count()).toBe(0);
    expect(await session.page.locator('.reply-tracker-pick').count()).toBe(fx.threadCount - 1);

    // YouTube renders the comments again, lazily, after a reload: the badge comes back with them.
    await session.page.reload();
    await expect
      .poll(() => comment(session.page, fx.threadId).locator('.reply-tracker-badge').count())
      .toBe(1);
    expect(await session.page.locator('.reply-tracker-badge').count()).toBe(1);
    expect(await comment(session.page, fx.threadId).locator('.reply-tracker-pick').count()).toBe(0);
    // The page is the video again, which nobody tracks.
    await expect.poll(() => trackedHere(session.page)).toBe('false');

    // A reply under the tracked comment, and a like on a reply inside its thread.
    await comment(session.page, fx.threadId).locator('#reply-button-end button').first().click();
    const box = comment(session.page, fx.threadId).locator('#reply-dialog ytd-commentbox');
    await box.locator('#contenteditable-root').click();
    await session.page.keyboard.type('Same rumour went round last year, the status page had the facts');
    await box.locator('#submit-button button').click();
    expect(await loggedEvent(session.browser, 'reply', fx.threadId)).toMatchObject({
      targetId: fx.threadId,
      conversationId: fx.videoId,
      category: CATEGORY,
    });

    const replyId = fx.replyIds[1];
    await comment(session.page, replyId).locator('#like-button button').first().click();
    expect(await loggedEvent(session.browser, 'like', replyId)).toMatchObject({
      targetId: replyId,
      conversationId: fx.videoId,
      category: CATEGORY,
    });

    // A comment outside that thread is the video's business, not the tracked comment's.
    const other = fx.statusCommentId;
    await comment(session.page, other).locator('#like-button button').first().click();
    expect((await loggedEvent(session.browser, 'like', other)).category).not.toBe(CATEGORY);
  });
});
