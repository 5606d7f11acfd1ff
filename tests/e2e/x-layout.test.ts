import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { FIXTURE } from '../fixtures/x/routes';
import { extensionSession } from './harness/session';
import { settled, tallied } from './harness/settled';
import { article } from './harness/x-site';

const session = extensionSession({ x: true });

const sidebar = (p: Page) => p.getByTestId('rt-sidebar');

interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}
const intersects = (a: Box, b: Box) =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

/** Every reply and like button in view that the sidebar (panel or tab) covers, by its label. */
async function coveredButtons(p: Page, what: Locator): Promise<string[]> {
  const cover = await what.boundingBox();
  expect(cover).toBeTruthy();
  const viewport = p.viewportSize()!;
  const covered: string[] = [];
  const buttons = p.locator('[data-testid="reply"], [data-testid="like"], [data-testid="unlike"]');
  for (const b of await buttons.all()) {
    const box = await b.boundingBox();
    if (!box || box.y + box.height < 0 || box.y > viewport.height) continue;
    if (intersects(box, cover!)) covered.push((await b.getAttribute('aria-label')) ?? '?');
  }
  return covered;
}

describe('the sidebar shares a narrow window with x.com', () => {
  it('at 1024 px it folds to its tab instead of covering the reply and like buttons, and overlays only when opened', async () => {
    await session.page.setViewportSize({ width: 1024, height: 800 });
    await session.page.goto(FIXTURE.status.url);
    await expect.poll(() => session.page.getByTestId('rt-tab').count()).toBe(1);
    expect(await sidebar(session.page).getAttribute('data-state')).toBe('collapsed');
    // Some reply and like buttons are in view, and the tab covers none of them.
    expect(await session.page.locator('[data-testid="reply"]').first().isVisible()).toBe(true);
    expect(await coveredButtons(session.page, session.page.getByTestId('rt-tab'))).toEqual([]);
    // Nothing was pushed under the sidebar either: the page keeps its own width.
    expect(await session.page.evaluate(() => document.documentElement.style.marginRight)).toBe('');

    // Asked for, it opens over the page, and folds back when closed.
    const passes = await tallied(session.page, 'layout');
    await session.page.getByTestId('rt-tab').click();
    await expect.poll(() => sidebar(session.page).getAttribute('data-state')).toBe('open');
    // The content script has laid the page out for the open sidebar, with no page read still to come.
    await settled(session.page, { seen: { layout: passes + 1 } });
    expect(await sidebar(session.page).getAttribute('data-state')).toBe('open');
    await session.page.getByTestId('rt-collapse').click();
    await expect.poll(() => sidebar(session.page).getAttribute('data-state')).toBe('collapsed');

    // A wider window has room again: it opens by itself, beside the column.
    await session.page.getByTestId('rt-tab').click();
    await session.page.setViewportSize({ width: 1400, height: 800 });
    await expect.poll(() => sidebar(session.page).getAttribute('data-state')).toBe('open');
    expect(await coveredButtons(session.page, session.page.locator('.rt-panel'))).toEqual([]);
  });

  it('folds by itself when the window shrinks and comes back when it grows, without forgetting it was open', async () => {
    await session.page.setViewportSize({ width: 1400, height: 800 });
    await session.page.goto(FIXTURE.status.url);
    await expect.poll(() => sidebar(session.page).getAttribute('data-state')).toBe('open');
    await session.page.setViewportSize({ width: 1024, height: 800 });
    await expect.poll(() => sidebar(session.page).getAttribute('data-state')).toBe('collapsed');
    await session.page.setViewportSize({ width: 1400, height: 800 });
    await expect.poll(() => sidebar(session.page).getAttribute('data-state')).toBe('open');
    // The fold was ours, not the person's: a reload still opens it.
    await session.page.reload();
    await expect.poll(() => sidebar(session.page).getAttribute('data-state')).toBe('open');
  });

  it('at 1180 px it narrows to the free edge and covers no reply or like button', async () => {
    await session.page.setViewportSize({ width: 1180, height: 800 });
    await session.page.goto(FIXTURE.status.url);
    await expect.poll(() => sidebar(session.page).getAttribute('data-state')).toBe('open');
    const panel = session.page.locator('.rt-panel');
    await expect.poll(async () => (await panel.boundingBox())?.width).toBeLessThan(340);
    expect((await panel.boundingBox())!.width).toBeGreaterThanOrEqual(280);
    expect(await coveredButtons(session.page, panel)).toEqual([]);
    const column = (await session.page.locator('[data-testid="primaryColumn"]').boundingBox())!;
    expect(column.x + column.width).toBeLessThanOrEqual((await panel.boundingBox())!.x);
  });
});

describe('the shortcut moves focus into the sidebar and back', () => {
  it('from a like button on the page into the sidebar, and back to that button', async () => {
    await session.page.goto(FIXTURE.status.url);
    await expect.poll(() => sidebar(session.page).getAttribute('data-state')).toBe('open');
    const like = article(session.page, FIXTURE.status.focusedStatusId).locator('[data-testid="like"]');
    await like.focus();

    await session.page.keyboard.press('Alt+Shift+KeyR');
    await expect
      .poll(() =>
        session.page.evaluate(() => {
          const host = document.querySelector('reply-tracker-sidebar');
          return document.activeElement === host ? host?.shadowRoot?.activeElement?.tagName : 'page';
        }),
      )
      .toBe('ASIDE');

    // Tab from there reaches the sidebar's own controls, not the page's.
    await session.page.keyboard.press('Tab');
    expect(
      await session.page.evaluate(
        () => document.activeElement?.tagName.toLowerCase() === 'reply-tracker-sidebar',
      ),
    ).toBe(true);

    // The first press is no longer taken for the browser command's echo of it (lib/sidebar/shortcut.ts).
    await settled(session.page);
    await session.page.keyboard.press('Alt+Shift+KeyR');
    await expect
      .poll(() => session.page.evaluate(() => document.activeElement?.getAttribute('data-testid')))
      .toBe('like');
    // Still open: the shortcut goes back and forth, the collapse button folds it.
    expect(await sidebar(session.page).getAttribute('data-state')).toBe('open');
  });
});
