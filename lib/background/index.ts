import { browser } from 'wxt/browser';
import { storage } from 'wxt/utils/storage';
import { REVISION_KEY } from '../messaging/protocol';
import { getDb } from '../storage/db';
import { createHandlers, dispatch, handles } from './handlers';

async function bumpRevision(what: string): Promise<void> {
  await storage.setItem(REVISION_KEY, { at: Date.now(), what });
}

/** Asks the browser not to evict the activity log under storage pressure. */
async function requestPersistence(): Promise<void> {
  try {
    if (navigator.storage?.persisted && !(await navigator.storage.persisted())) {
      await navigator.storage.persist();
    }
  } catch (err) {
    console.warn('Reply Tracker: could not request persistent storage', err);
  }
}

/** Everything the service worker does. It may be killed at any moment: all state is in storage. */
export function startBackground(): void {
  const handlers = createHandlers({ db: getDb(), changed: bumpRevision });

  browser.runtime.onMessage.addListener((msg: unknown, _sender, sendResponse) => {
    if (!handles(handlers, msg)) return false;
    void dispatch(handlers, msg).then(sendResponse);
    // Tells the browser the answer comes asynchronously.
    return true;
  });

  browser.commands?.onCommand.addListener(async (command) => {
    if (command !== 'toggle-sidebar') return;
    const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
    if (tab?.id !== undefined) {
      await browser.tabs.sendMessage(tab.id, { type: 'toggle-sidebar' }).catch(() => {
        // No content script on this tab (not x.com): nothing to toggle.
      });
    }
  });

  browser.runtime.onInstalled.addListener(() => void requestPersistence());
  browser.runtime.onStartup.addListener(() => void requestPersistence());
}
