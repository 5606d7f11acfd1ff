import { defineContentScript } from 'wxt/utils/define-content-script';
import { captureGate, KIND, offerChannel } from '@/lib/capture/handshake';
import { installCallForwarder } from '@/lib/capture/main-world';
import { YOUTUBE_ENDPOINTS, youtubeCallWatch, youtubeFeedEndpoint } from '@/lib/platforms/youtube/feed-path';
import { YOUTUBE_MATCHES } from '@/lib/platforms/youtube/matches';

// MAIN world, before YouTube's scripts run, so their first fetch / XHR already goes through the hook.
// Kept tiny (no Zod, no readers): it passes our few calls on raw, and the isolated content script
// judges them (lib/capture/call-judge.ts). tests/e2e/bundle-size.test.ts holds it to 15 KB.
export default defineContentScript({
  matches: YOUTUBE_MATCHES,
  world: 'MAIN',
  runAt: 'document_start',
  main() {
    // Opened first: the handshake must finish before any page script runs (see channel-main.ts).
    // A member's pause (or the team's switch) arrives from the isolated side: paused, no answer is cloned.
    const gate = captureGate((_method, url) => youtubeFeedEndpoint(url));
    const channel = offerChannel(window, { onMessage: gate.onMessage });
    installCallForwarder(window, {
      watch: (method, url) => {
        const watch = youtubeCallWatch(method, url);
        // Feeds are only tapped (for mentions), never actions: paused, they are left alone.
        return watch?.tap && !gate.isOn() ? null : watch;
      },
      onCall(call) {
        channel.post(KIND.call, call);
        return true;
      },
      onOutcome: (outcome) => channel.post(KIND.outcome, outcome),
      // Comment lists and video results, for mentions: passed on as text, parsed in the content script.
      deliver: (source, text) => channel.post(KIND.answer, { source, text }),
    });
    channel.post(KIND.hello, { watching: Object.keys(YOUTUBE_ENDPOINTS) });
  },
});
