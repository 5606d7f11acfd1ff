import { defineContentScript } from 'wxt/utils/define-content-script';
import { startSiteForwarder } from '@/lib/capture/site-forwarder';
import { SITE_CALLS } from '@/lib/platforms/site-calls';
import { SITE_MATCHES } from '@/lib/platforms/site-matches';

// MAIN world, before the site's scripts run, so their first fetch / XHR already goes through the hook.
// One script for x.com and YouTube: it picks the site's calls by host. Kept tiny (no Zod, no readers):
// it passes our few calls on raw, and the isolated content script judges them
// (lib/capture/call-judge.ts). tests/e2e/bundle-size.test.ts holds it to 15 KB.
export default defineContentScript({
  matches: SITE_MATCHES,
  world: 'MAIN',
  runAt: 'document_start',
  main() {
    startSiteForwarder(window, SITE_CALLS);
  },
});
