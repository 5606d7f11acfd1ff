import { captureGate, KIND, offerChannel } from './handshake';
import { installCallForwarder, type SiteCalls } from './main-world';

type PageWindow = Window & typeof globalThis;

/**
 * All the MAIN-world content script does, on x.com and YouTube alike: picks the site's calls (the
 * adapters' network parts, `lib/platforms/site-calls.ts`) by the page's host, once, then opens the
 * private channel and forwards the site's own calls raw. The isolated content script judges them
 * (lib/capture/call-judge.ts). A page of neither site gets nothing installed. Returns the site's calls,
 * or null.
 */
export function startSiteForwarder(win: PageWindow, sites: readonly SiteCalls[]): SiteCalls | null {
  const calls = sites.find((site) => site.host(win.location.hostname));
  if (!calls) return null;
  // Opened first: the handshake must finish before any page script runs (see handshake.ts).
  // A member's pause (or the team's switch) arrives from the isolated side: paused, no answer is cloned.
  const gate = captureGate((method, url) => calls.watch(method, url)?.tap ?? null);
  const channel = offerChannel(win, { onMessage: gate.onMessage });
  installCallForwarder(win, {
    watch: (method, url) => {
      const watch = calls.watch(method, url);
      // Timelines and feeds are only tapped (for mentions), never actions: paused, they are left alone.
      return watch?.tap && !gate.isOn() ? null : watch;
    },
    onCall(call) {
      channel.post(KIND.call, call);
      return calls.wantsOutcome(call.url, call.body);
    },
    onOutcome: (outcome) => channel.post(KIND.outcome, outcome),
    // Timelines, comment lists and video results, for mentions: passed on as text, parsed in the
    // content script.
    deliver: (source, text) => channel.post(KIND.answer, { source, text }),
  });
  channel.post(KIND.hello, { watching: calls.watching });
  return calls;
}
