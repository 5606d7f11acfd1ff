import { defineContentScript } from 'wxt/utils/define-content-script';
import { z } from 'zod';
import { captureGate, KIND, offerChannel } from '@/lib/capture/handshake';
import { installNetworkObserver } from '@/lib/capture/main-world';
import { youtubeFeedEndpoint } from '@/lib/platforms/youtube/feed-path';
import { youtubeDrift } from '@/lib/platforms/youtube/health';
import { YOUTUBE_MATCHES } from '@/lib/platforms/youtube/matches';
import {
  interpretYoutubeResponse,
  isYoutubeActionCall,
  matchYoutubeRequest,
  YOUTUBE_ENDPOINTS,
} from '@/lib/platforms/youtube/network';

// MAIN world, before YouTube's scripts run, so their first fetch / XHR already goes through the hook.
export default defineContentScript({
  matches: YOUTUBE_MATCHES,
  world: 'MAIN',
  runAt: 'document_start',
  main() {
    // youtube.com's Trusted Types / CSP forbid eval; keep Zod from probing `new Function`.
    z.config({ jitless: true });
    // Opened first: the handshake must finish before any page script runs (see channel-main.ts).
    // A member's pause (or the team's switch) arrives from the isolated side: paused, no answer is cloned.
    const gate = captureGate((_method, url) => youtubeFeedEndpoint(url));
    const channel = offerChannel(window, { onMessage: gate.onMessage });
    installNetworkObserver(window, {
      match: matchYoutubeRequest,
      interpret: interpretYoutubeResponse,
      mayMatch: isYoutubeActionCall,
      drift: youtubeDrift,
      emit: (signal) => channel.post(KIND.network, signal),
      // Comment lists and video results, for mentions: passed on as text, parsed in the content script.
      tap: {
        want: gate.want,
        deliver: (source, text) => channel.post(KIND.answer, { source, text }),
      },
    });
    channel.post(KIND.hello, { watching: Object.keys(YOUTUBE_ENDPOINTS) });
  },
});
