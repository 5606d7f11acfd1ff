import { browser } from 'wxt/browser';
import { storage } from 'wxt/utils/storage';
import { z } from 'zod';
import { PRIVILEGED_REQUESTS, REVISION_KEY, type RequestType } from '../messaging/protocol';
import { getDb } from '../storage/db';
import { requestPersistentStorage } from '../storage/persist';
import { createSyncEngine } from '../sync/engine';
import { createSyncScheduler } from '../sync/scheduler';
import { createHandlers, createHeldReplay, dispatch, handles } from './handlers';

const SYNC_ALARM = 'reply-tracker-sync';

async function bumpRevision(what: string): Promise<void> {
  await storage.setItem(REVISION_KEY, { at: Date.now(), what });
}

/** Creating an alarm that exists restarts its period, and the worker wakes far more often than that. */
async function ensureSyncAlarm(): Promise<void> {
  if (!(await browser.alarms.get(SYNC_ALARM))) {
    await browser.alarms.create(SYNC_ALARM, { periodInMinutes: 1, delayInMinutes: 1 });
  }
}

/** Only the extension's own pages may touch the token or the team's data; content scripts may not. */
function fromExtensionPage(sender: { url?: string }): boolean {
  // A content script's sender URL is the web page's; an extension page's (popup, options, even in a
  // tab) is our own origin.
  return (sender.url ?? '').startsWith(browser.runtime.getURL('/'));
}

/** Everything the service worker does. It may be killed at any moment: all state is in storage. */
export function startBackground(): void {
  // Extension pages forbid eval; keep Zod from probing for it.
  z.config({ jitless: true });
  const db = getDb();
  const sync = createSyncEngine({
    db,
    fetch: (input, init) => fetch(input, init),
    version: browser.runtime.getManifest().version,
    changed: bumpRevision,
  });
  const scheduler = createSyncScheduler({ run: sync.run });
  // Actions held in memory while the disk was full: written to the log as soon as it takes them.
  const replayHeld = createHeldReplay({ db, changed: bumpRevision, syncSoon: scheduler.soon });
  void replayHeld();
  const handlers = createHandlers({
    db,
    version: browser.runtime.getManifest().version,
    changed: bumpRevision,
    sync,
    syncSoon: scheduler.soon,
    syncNow: () => scheduler.now({ manual: true }),
  });

  browser.runtime.onMessage.addListener((msg: unknown, sender, sendResponse) => {
    if (!handles(handlers, msg)) return false;
    if ((PRIVILEGED_REQUESTS as readonly RequestType[]).includes(msg.type) && !fromExtensionPage(sender)) {
      sendResponse({ ok: false, error: 'Only Reply Tracker’s own pages can do that.' });
      return false;
    }
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

  // Sync triggers. The alarm outlives the worker; the others catch the moments it matters most.
  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name !== SYNC_ALARM) return;
    void replayHeld().finally(() => scheduler.now());
  });
  self.addEventListener('online', () => void scheduler.now({ skipBackoff: true }));
  void ensureSyncAlarm();

  browser.runtime.onInstalled.addListener(() => void requestPersistentStorage());
  browser.runtime.onStartup.addListener(() => {
    void requestPersistentStorage();
    void scheduler.now({ skipBackoff: true });
  });
}
