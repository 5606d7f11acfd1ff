import { createCallJudge } from './call-judge';
import { createForwarding, report } from './forward-common';
import { wrapFetch } from './forward-fetch';
import { wrapXhr } from './forward-xhr';
import type { DriftSignal, NetworkMatch, NetworkSignal, NetworkVerdict } from './signals';

/**
 * Watches the page's own fetch / XMLHttpRequest calls from the MAIN world. The page must not be able to
 * tell: same return values, same errors, same timing, response bodies still readable. Everything this
 * module does on the side is wrapped so it can never throw into the page.
 *
 * Two halves (issue 10): `installCallForwarder` is all the MAIN world runs. It looks at a call's method
 * and URL only (`watch`), and for the few calls that concern us passes on the raw request body and the
 * response text. Judging them (Zod schemas, the adapters' readers) is `createCallJudge`'s work, in the
 * isolated content script, so the script injected before the page's own is a few KB and does nothing
 * for the thousands of calls that are not ours. `installNetworkObserver` joins both in one realm (tests,
 * other hosts).
 */

/** What the forwarder does with a call, decided from its method and URL alone. */
export interface CallWatch {
  /**
   * 'full': a call that may be one of our actions: its request body and its outcome go to `onCall` /
   * `onOutcome`. 'request': only the request (a call that looks like ours, reported as drift).
   */
  call?: 'full' | 'request';
  /** An answer to pass on as text (timelines, comment lists): the source's name. */
  tap?: string;
}

/**
 * Which of a site's own calls matter and how to read their requests, decided from method, URL and
 * request body alone: the network part of a platform adapter that the MAIN-world forwarder runs (one
 * per site, `lib/platforms/site-calls.ts`). Everything in it is cheap and imports nothing, because it
 * runs in the page, before the page's own scripts, on every call the page makes.
 */
export interface SiteCalls {
  /** Whether a page on this host is the site's. */
  host(hostname: string): boolean;
  /** What the forwarder does with a call; null for the calls that are not ours (most). */
  watch(method: string, url: string): CallWatch | null;
  /** For a 'full' call: whether its outcome is worth reading (X: CreateTweet only when it is a reply). */
  wantsOutcome(url: string, body: string | null): boolean;
  /** The action calls' names, said once when the forwarder starts. */
  watching: readonly string[];
}

/** A call the forwarder passed on. `callId` pairs it with its outcome. */
export interface RawCall {
  callId: number;
  method: string;
  /** Absolute. */
  url: string;
  /** The request body when it is text, else null. */
  body: string | null;
  /** False when only the request matters (no outcome follows). */
  full: boolean;
}

/** How a forwarded call ended: the platform's answer, or why there was none. */
export type RawOutcome = { callId: number } & (
  | { status: number; text: string | null }
  | { failed: string }
  | { unreadable: string }
);

export interface CallForwarderOptions {
  /**
   * Must be cheap: it sees every call the page makes, with the URL as the page gave it (maybe
   * relative). Null for calls that are not ours, which are then neither resolved, cloned nor read.
   */
  watch(method: string, url: string): CallWatch | null;
  /** A watched call's request. For a 'full' call, false means "not ours after all": no outcome is read. */
  onCall(call: RawCall): boolean;
  onOutcome(outcome: RawOutcome): void;
  /** Receives the answers of calls `watch` gave a `tap` source (2xx only). */
  deliver?(source: string, text: string): void;
}

export interface NetworkObserverOptions<M extends NetworkMatch> {
  /** Recognise an action from the request; null means "not ours" and the call is left alone. */
  match(method: string, url: string, bodyText: string | null): M | null;
  /** Decide from the response whether the platform accepted the action. */
  interpret(match: M, status: number, bodyText: string | null): NetworkVerdict;
  emit(signal: NetworkSignal): void;
  /** Cheap method + URL pre-check so unrelated calls are never cloned or read. Default: look at all. */
  mayMatch?(method: string, url: string): boolean;
  /**
   * Answers to pass on as they are (timelines and comment lists, for mentions): `want` names the
   * source from method + URL (null for every other call, which is then neither cloned nor read) and
   * `deliver` gets the answer's text. Parsing happens on the other side, never in the page.
   */
  tap?: AnswerTap;
  newRequestId?(): string;
  /**
   * A call `match` did not take: a drift signal when it is ours but unreadable (params in a new layout)
   * or looks like ours (a renamed operation), else null. Must be cheap: it sees every call's URL first.
   */
  drift?(method: string, url: string, bodyText: string | null): DriftSignal | null;
}

export interface AnswerTap {
  want(method: string, url: string): string | null;
  deliver(source: string, text: string): void;
}

type PageWindow = Window & typeof globalThis;
type Uninstall = () => void;

const INSTALLED = Symbol.for('reply-tracker.network-observer');

/**
 * The observer in one realm: the forwarder feeding a judge directly. `mayMatch` decides which calls are
 * looked at in full; with `drift`, every other call's request is shown to it too (as before the split).
 */
export function installNetworkObserver<M extends NetworkMatch>(
  win: PageWindow,
  options: NetworkObserverOptions<M>,
): Uninstall {
  const judge = createCallJudge(options);
  const mayMatch = options.mayMatch ?? (() => true);
  const tap = options.tap;
  const resolve = (url: string): string => {
    try {
      return new URL(url, win.location.href).href;
    } catch {
      return url;
    }
  };
  return installCallForwarder(win, {
    watch(method, rawUrl) {
      const url = resolve(rawUrl);
      const source = tap?.want(method, url) ?? null;
      const call = mayMatch(method, url) ? 'full' : options.drift ? 'request' : undefined;
      if (!call && !source) return null;
      return { ...(call && { call }), ...(source && { tap: source }) };
    },
    onCall: judge.call,
    onOutcome: judge.outcome,
    ...(tap && { deliver: (source: string, text: string) => tap.deliver(source, text) }),
  });
}

/**
 * The MAIN-world half: wraps fetch and XMLHttpRequest and passes on what `watch` asks for. Its parts:
 * the forwarding both wrappers share (numbering, callbacks that cannot throw into the page;
 * forward-common.ts), the fetch wrapper (forward-fetch.ts) and the XHR wrapper (forward-xhr.ts).
 */
export function installCallForwarder(win: PageWindow, options: CallForwarderOptions): Uninstall {
  const registry = win as unknown as Record<symbol, Uninstall | undefined>;
  const existing = registry[INSTALLED];
  // A second copy of the script (extension reload, double injection) must not wrap the wrappers.
  if (typeof existing === 'function') return existing;

  const forwarding = createForwarding(win, options);
  const wrappings = [wrapFetch(win, forwarding), wrapXhr(win, forwarding)];
  for (const w of wrappings) w.install();

  const uninstall: Uninstall = () => {
    forwarding.stop();
    for (const w of wrappings) w.uninstall();
    if (registry[INSTALLED] === uninstall) delete registry[INSTALLED];
  };
  markInstalled(win, uninstall);
  return uninstall;
}

function markInstalled(win: PageWindow, uninstall: Uninstall): void {
  try {
    Object.defineProperty(win, INSTALLED, { value: uninstall, configurable: true, enumerable: false });
  } catch (err) {
    report('mark installed', err);
  }
}
