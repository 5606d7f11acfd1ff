import { defineContentScript } from 'wxt/utils/define-content-script';
import { storage } from 'wxt/utils/storage';
import { startCaptureSwitch } from '@/lib/capture/capture-switch';
import { acceptChannel, takenPort } from '@/lib/capture/handshake';
import { ask } from '@/lib/messaging/client';
import { REVISION_KEY } from '@/lib/messaging/protocol';
import { SITE_MATCHES } from '@/lib/platforms/site-matches';

// Isolated world at document_start: takes the network observer's private port before any page script
// runs; the sidebar app (document_idle) reads it from this world's global. It also tells the observer
// at once whether to tap timeline answers, so a paused member's are never cloned.
export default defineContentScript({
  matches: SITE_MATCHES,
  runAt: 'document_start',
  main() {
    acceptChannel(window);
    startCaptureSwitch({
      port: () => takenPort(),
      active: async () => (await ask('capture-settings', {})).active,
      watch: (changed) => storage.watch(REVISION_KEY, changed),
    });
  },
});
