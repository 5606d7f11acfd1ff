import { createCallJudge } from './call-judge';
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

interface Pending {
  callId: number;
  done: boolean;
}

interface XhrState {
  method: string;
  url: string;
  watch: CallWatch;
  pending?: Pending;
  /** Why the request ended without a response, from the abort/error/timeout events. */
  endReason?: string;
}

type RequestLike = Pick<Request, 'url' | 'method' | 'body' | 'clone'>;

function isRequestLike(input: unknown): input is RequestLike {
  return (
    typeof input === 'object' &&
    input !== null &&
    typeof (input as RequestLike).url === 'string' &&
    typeof (input as RequestLike).method === 'string' &&
    typeof (input as RequestLike).clone === 'function'
  );
}

function report(where: string, err: unknown): void {
  // debug, not error: the requirement is a clean page console, and this is only for us when debugging.
  console.debug(`[reply-tracker] network observer: ${where}`, err);
}

/** Only text bodies can carry the JSON we look for; anything else is "no body" to `match`. */
function textOfBody(body: unknown): string | null {
  if (typeof body === 'string') return body;
  if (typeof URLSearchParams !== 'undefined' && body instanceof URLSearchParams) return body.toString();
  return null;
}

function describeError(err: unknown): string {
  if (err instanceof Error) return `${err.name}: ${err.message}`.slice(0, 300);
  return String(err).slice(0, 300);
}

/** Copies a wrapped function's visible identity so the page sees the same name, arity and source text. */
function disguise(wrapper: object, original: object & { name: string; length: number }): void {
  try {
    Object.defineProperty(wrapper, 'name', { value: original.name, configurable: true });
    Object.defineProperty(wrapper, 'length', { value: original.length, configurable: true });
    Object.defineProperty(wrapper, 'toString', {
      value: () => Function.prototype.toString.call(original),
      configurable: true,
      writable: true,
      enumerable: false,
    });
  } catch (err) {
    report('disguise', err);
  }
}

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

/** The MAIN-world half: wraps fetch and XMLHttpRequest and passes on what `watch` asks for. */
export function installCallForwarder(win: PageWindow, options: CallForwarderOptions): Uninstall {
  const registry = win as unknown as Record<symbol, Uninstall | undefined>;
  const existing = registry[INSTALLED];
  // A second copy of the script (extension reload, double injection) must not wrap the wrappers.
  if (typeof existing === 'function') return existing;

  let active = true;
  let calls = 0;

  const resolveUrl = (url: string): string => {
    try {
      return new URL(url, win.location.href).href;
    } catch {
      return url;
    }
  };

  /** Passes a call's request on; true when its outcome is wanted. */
  const announce = (call: Omit<RawCall, 'callId'>): Pending | null => {
    const pending: Pending = { callId: ++calls, done: false };
    try {
      return options.onCall({ callId: pending.callId, ...call }) && call.full ? pending : null;
    } catch (err) {
      report('pass on call', err);
      return null;
    }
  };

  const finish = (pending: Pending, outcome: Omit<RawOutcome, 'callId'>): void => {
    if (pending.done) return;
    pending.done = true;
    try {
      options.onOutcome({ callId: pending.callId, ...outcome } as RawOutcome);
    } catch (err) {
      report('pass on outcome', err);
    }
  };

  const deliver = (source: string, text: string | null): void => {
    if (!options.deliver || text === null || text === '') return;
    try {
      options.deliver(source, text);
    } catch (err) {
      report('deliver answer', err);
    }
  };

  // ---- fetch ---------------------------------------------------------------------------------------

  const originalFetch = win.fetch;

  interface Seen {
    method: string;
    url: string;
    watch: CallWatch;
    body: string | null | Promise<string | null>;
  }

  /** What we learn about a fetch call before the page's request goes out; null for calls not ours. */
  const inspectFetch = (args: unknown[]): Seen | null => {
    const [input, init] = args as [unknown, RequestInit | undefined];
    const request = isRequestLike(input) ? input : null;
    let method = request ? request.method : 'GET';
    if (init && typeof init === 'object' && init.method !== undefined) method = String(init.method);
    const rawUrl = request ? request.url : String(input);
    const watch = options.watch(method, rawUrl);
    if (!watch) return null;
    const url = resolveUrl(rawUrl);
    const initBody = init && typeof init === 'object' ? init.body : undefined;
    if (watch.call !== 'full') {
      // Only string bodies are looked at for a request-only call, so nothing is cloned for it.
      return { method, url, watch, body: textOfBody(initBody) };
    }
    if (initBody !== undefined && initBody !== null)
      return { method, url, watch, body: textOfBody(initBody) };
    if (request && request.body !== null) {
      // fetch() disturbs the Request's body, so the copy has to be taken before the call.
      const body = request
        .clone()
        .text()
        .catch(() => null);
      return { method, url, watch, body };
    }
    return { method, url, watch, body: null };
  };

  const follow = (seen: Seen, result: Promise<Response>): void => {
    const { method, url, watch } = seen;
    if (!watch.call) return;
    const full = watch.call === 'full';
    const decide = (body: string | null) => announce({ method, url, body, full });
    let known: Pending | null | undefined;
    if (typeof seen.body === 'string' || seen.body === null) {
      known = decide(seen.body);
      if (!known) return;
    }
    const pending: Promise<Pending | null> =
      known !== undefined ? Promise.resolve(known) : Promise.resolve(seen.body).then(decide);

    // This handler is attached before the page gets the promise, so it runs first and can clone the
    // response before the page reads it. The page's promise itself is returned untouched.
    result.then(
      (response) => {
        let copy: Response | null = null;
        try {
          copy = response.clone();
        } catch (err) {
          report('clone response', err);
        }
        pending
          .then(async (p) => {
            if (!p) {
              await copy?.body?.cancel();
              return;
            }
            let text: string | null = null;
            try {
              text = copy ? await copy.text() : null;
            } catch (err) {
              finish(p, { unreadable: `response body unreadable: ${describeError(err)}` });
              return;
            }
            finish(p, { status: response.status, text });
          })
          .catch((err: unknown) => report('fetch outcome', err));
      },
      (err: unknown) => {
        pending
          .then((p) => {
            if (p) finish(p, { failed: `fetch failed: ${describeError(err)}` });
          })
          .catch((e: unknown) => report('fetch rejection', e));
      },
    );
  };

  const passOn = (source: string, result: Promise<Response>): void => {
    // Attached before the page gets the promise, so the clone is taken before the page reads the body.
    result.then(
      (response) => {
        if (!response.ok) return;
        response
          .clone()
          .text()
          .then((text) => deliver(source, text))
          .catch((err: unknown) => report('read answer', err));
      },
      () => {},
    );
  };

  const wrappedFetch = function fetch(this: unknown, ...args: unknown[]): Promise<Response> {
    let seen: Seen | null = null;
    if (active) {
      try {
        seen = inspectFetch(args);
      } catch (err) {
        report('inspect fetch', err);
      }
    }
    const result = Reflect.apply(originalFetch, this, args) as Promise<Response>;
    if (seen && result && typeof result.then === 'function') {
      try {
        follow(seen, result);
        if (seen.watch.tap) passOn(seen.watch.tap, result);
      } catch (err) {
        report('follow fetch', err);
      }
    }
    return result;
  };
  disguise(wrappedFetch, originalFetch);

  // ---- XMLHttpRequest ------------------------------------------------------------------------------

  const XhrClass = win.XMLHttpRequest;
  const proto = XhrClass?.prototype;
  const originalOpen = proto?.open;
  const originalSend = proto?.send;
  const xhrState = new WeakMap<XMLHttpRequest, XhrState>();

  const responseTextOf = (xhr: XMLHttpRequest): string | null => {
    switch (xhr.responseType) {
      case '':
      case 'text':
        return xhr.responseText;
      case 'json':
        // The browser already parsed it; the adapter reads text, so hand it back as text.
        return xhr.response === null ? null : JSON.stringify(xhr.response);
      case 'arraybuffer':
        // Tag check rather than instanceof: the buffer may come from another realm (frames, test envs).
        return Object.prototype.toString.call(xhr.response) === '[object ArrayBuffer]'
          ? new TextDecoder().decode(xhr.response as ArrayBuffer)
          : null;
      default:
        return null;
    }
  };

  const watchXhr = (xhr: XMLHttpRequest, state: XhrState, pending: Pending): void => {
    const noteEnd = (reason: string) => () => {
      if (state.pending === pending) state.endReason = reason;
    };
    const onAbort = noteEnd('request aborted');
    const onError = noteEnd('network error');
    const onTimeout = noteEnd('request timed out');
    const onLoadEnd = () => {
      xhr.removeEventListener('abort', onAbort);
      xhr.removeEventListener('error', onError);
      xhr.removeEventListener('timeout', onTimeout);
      xhr.removeEventListener('loadend', onLoadEnd);
      // A reused XHR (open() again) belongs to a newer request by now.
      if (state.pending !== pending) return;
      try {
        if (state.endReason) {
          finish(pending, { failed: state.endReason });
          return;
        }
        finish(pending, { status: xhr.status, text: responseTextOf(xhr) });
      } catch (err) {
        finish(pending, { unreadable: `response unreadable: ${describeError(err)}` });
      }
    };
    xhr.addEventListener('abort', onAbort);
    xhr.addEventListener('error', onError);
    xhr.addEventListener('timeout', onTimeout);
    xhr.addEventListener('loadend', onLoadEnd);
  };

  const wrappedOpen = function open(this: XMLHttpRequest, ...args: unknown[]): unknown {
    const result = Reflect.apply(originalOpen as () => unknown, this, args);
    if (active) {
      try {
        const previous = xhrState.get(this);
        // open() on a busy XHR cancels it without firing loadend.
        if (previous?.pending && !previous.pending.done) {
          finish(previous.pending, { failed: 'request replaced by a new open()' });
        }
        const method = String(args[0]);
        const watch = options.watch(method, String(args[1]));
        if (watch) xhrState.set(this, { method, url: resolveUrl(String(args[1])), watch });
        else if (previous) xhrState.delete(this);
      } catch (err) {
        report('open', err);
      }
    }
    return result;
  };
  disguise(wrappedOpen, originalOpen ?? wrappedOpen);

  const wrappedSend = function send(this: XMLHttpRequest, ...args: unknown[]): unknown {
    let pending: Pending | null = null;
    if (active) {
      try {
        const state = xhrState.get(this);
        const source = state?.watch.tap;
        if (source) {
          const onLoad = () => {
            this.removeEventListener('load', onLoad);
            try {
              if (this.status >= 200 && this.status < 300) deliver(source, responseTextOf(this));
            } catch (err) {
              report('read xhr answer', err);
            }
          };
          this.addEventListener('load', onLoad);
        }
        if (state?.watch.call && !(state.pending && !state.pending.done)) {
          const full = state.watch.call === 'full';
          pending = announce({ method: state.method, url: state.url, body: textOfBody(args[0]), full });
          if (pending) {
            state.pending = pending;
            state.endReason = undefined;
            // Listeners go on before send: a synchronous XHR finishes inside send().
            watchXhr(this, state, pending);
          }
        }
      } catch (err) {
        report('send', err);
      }
    }
    try {
      return Reflect.apply(originalSend as () => unknown, this, args);
    } catch (err) {
      if (pending) finish(pending, { failed: `send threw: ${describeError(err)}` });
      throw err;
    }
  };
  disguise(wrappedSend, originalSend ?? wrappedSend);

  // ---- install / uninstall -------------------------------------------------------------------------

  if (typeof originalFetch === 'function') win.fetch = wrappedFetch as typeof win.fetch;
  if (proto && typeof originalOpen === 'function' && typeof originalSend === 'function') {
    proto.open = wrappedOpen as typeof proto.open;
    proto.send = wrappedSend as typeof proto.send;
  }

  const uninstall: Uninstall = () => {
    active = false;
    // Someone may have wrapped on top of us; then ours stays in the chain as a pass-through.
    if (win.fetch === (wrappedFetch as unknown)) win.fetch = originalFetch;
    if (proto && proto.open === (wrappedOpen as unknown)) proto.open = originalOpen as typeof proto.open;
    if (proto && proto.send === (wrappedSend as unknown)) proto.send = originalSend as typeof proto.send;
    if (registry[INSTALLED] === uninstall) delete registry[INSTALLED];
  };
  try {
    Object.defineProperty(win, INSTALLED, { value: uninstall, configurable: true, enumerable: false });
  } catch (err) {
    report('mark installed', err);
  }
  return uninstall;
}
