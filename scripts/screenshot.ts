/**
 * Regenerates the README's pictures: the built extension in real Chromium on the fixture x.com pages.
 * Run `npm run build` first, then `npx tsx scripts/screenshot.ts`.
 */

import { launchWithExtension } from '../tests/e2e/harness/extension';
import { serveFakeX } from '../tests/e2e/harness/x-site';
import { FIXTURE } from '../tests/fixtures/x/routes';

const browser = await launchWithExtension();
try {
  await serveFakeX(browser.context);
  const page = await browser.context.newPage();
  await page.goto(FIXTURE.status.url);
  await page.getByTestId('rt-thread').waitFor();
  await page.getByTestId('rt-track').click();
  await page.getByTestId('rt-track-form').locator('select').first().selectOption('support_needed');
  await page.getByTestId('rt-track-submit').click();
  const tweet = page
    .locator('article[data-testid="tweet"]')
    .filter({ has: page.locator(`a[href$="/status/${FIXTURE.status.focusedStatusId}"] time`) });
  await tweet.locator('[data-testid="like"]').click();
  await page.getByTestId('rt-event').first().waitFor();
  await page.waitForTimeout(500);
  await page.screenshot({ path: 'docs/sidebar.png' });
  console.log('wrote docs/sidebar.png');
  // The same thread in X's dim and lights-out themes (the sidebar follows the page's).
  for (const theme of ['dim', 'dark'] as const) {
    await page.goto(`${FIXTURE.status.url}?theme=${theme}`);
    await page.getByTestId('rt-event').first().waitFor();
    await page.waitForTimeout(500);
    await page.screenshot({ path: `docs/sidebar-${theme}.png` });
    console.log(`wrote docs/sidebar-${theme}.png`);
  }
  // A 1024 px window: the sidebar folds to its tab rather than cover the reply and like buttons.
  await page.setViewportSize({ width: 1024, height: 800 });
  await page.goto(FIXTURE.status.url);
  await page.getByTestId('rt-tab').waitFor();
  await page.waitForTimeout(300);
  await page.screenshot({ path: 'docs/sidebar-1024.png' });
  console.log('wrote docs/sidebar-1024.png');
} finally {
  await browser.close();
}
