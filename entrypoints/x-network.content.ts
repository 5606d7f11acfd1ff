import { defineContentScript } from 'wxt/utils/define-content-script';
import { z } from 'zod';
import { captureGate, KIND, offerChannel } from '@/lib/capture/handshake';
import { installNetworkObserver } from '@/lib/capture/main-world';
import { interpretXResponse, isXActionCall, matchXRequest, X_OPERATIONS } from '@/lib/platforms/x/graphql';
import { xTimelineOperation } from '@/lib/platforms/x/graphql-path';
import { xDrift } from '@/lib/platforms/x/health';
import { X_MATCHES } from '@/lib/platforms/x/matches';

// MAIN world, before X's scripts run, so their first fetch / XHR already goes through the hook.
export default defineContentScript({
  matches: X_MATCHES,
  world: 'MAIN',
  runAt: 'document_start',
  main() {
    // x.com's CSP forbids eval; without this Zod probes `new Function` and the page logs a CSP violation.
    z.config({ jitless: true });
    // Opened first: the handshake must finish before any page script runs (see channel-main.ts).
    // A member's pause (or the team's switch) arrives from the isolated side: paused, no answer is cloned.
    const gate = captureGate((_method, url) => xTimelineOperation(url));
    const channel = offerChannel(window, { onMessage: gate.onMessage });
    installNetworkObserver(window, {
      match: matchXRequest,
      interpret: interpretXResponse,
      mayMatch: isXActionCall,
      drift: xDrift,
      emit: (signal) => channel.post(KIND.network, signal),
      // Timelines (GET or POST), for mentions: passed on as text, parsed in the content script.
      tap: {
        want: gate.want,
        deliver: (source, text) => channel.post(KIND.answer, { source, text }),
      },
    });
    channel.post(KIND.hello, { watching: Object.keys(X_OPERATIONS) });
  },
});
