import type { Page } from 'playwright-core';

/**
 * The popup's first load has landed: its sync line is shown once the background answered, and the
 * status, this browser's site-health warnings and my counts arrive in that one store update
 * (lib/pages/store.ts, refresh), so what the popup says of them is final for now.
 */
export async function popupLoaded(popup: Page): Promise<void> {
  await popup.getByTestId('sync-connected').waitFor();
}
