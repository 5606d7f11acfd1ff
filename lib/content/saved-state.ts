import { browser } from 'wxt/browser';

/**
 * Whether the person left the sidebar open, read straight from storage for the first paint (the app
 * reads and writes the same item, `local:sidebar`, through WXT's storage in lib/content/app.tsx).
 */
export async function sidebarLeftOpen(): Promise<boolean> {
  const { sidebar } = await browser.storage.local.get('sidebar');
  return (sidebar as { isOpen?: unknown } | undefined)?.isOpen !== false;
}
