import type { DriftSignal, NetworkMatch, NetworkSignal, NetworkVerdict } from './signals';

/**
 * Watches the page's own fetch / XMLHttpRequest calls from the MAIN world. The page must not be able to
 * tell: same return values, same errors, same timing, response bodies still readable. Everything this
 * module does on the side is wrapped so it can never throw into the page.
 */
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

interface Pending<M> {
  requestId: string;
  match: M;
  done: boolean;
}

interface XhrState<M> {
  method: string;
  url: string;
  pending?: Pending<M>;
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

export function installNetworkObserver<M extends NetworkMatch>(
  win: PageWindow,
  options: NetworkObserverOptions<M>,
): Uninstall {
  const registry = win as unknown as Record<symbol, Uninstall | undefined>;
  const existing = registry[INSTALLED];
  // A second copy of the script (extension reload, double injection) must not wrap the wrappers.
  if (typeof existing === 'function') return existing;

  const { match, interpret, emit } = options;
  const mayMatch = options.mayMatch ?? (() => true);
  let active = true;
  let counter = 0;

  const newRequestId =
    options.newRequestId ??
    (() => {
      try {
        if (typeof win.crypto?.randomUUID === 'function') return win.crypto.randomUUID();
      } catch {
        // non-secure context: fall through
      }
      counter += 1;
      return `${Date.now().toString(36)}-${counter.toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
    });

  const safeEmit = (signal: NetworkSignal): void => {
    try {
      emit(signal);
    } catch (err) {
      report('emit', err);
    }
  };

  const noteDrift = (method: string, url: string, body: string | null): void => {
    if (!options.drift) return;
    try {
      const signal = options.drift(method, url, body);
      if (signal) safeEmit(signal);
    } catch (err) {
      report('drift', err);
    }
  };

  const resolveUrl = (url: string): string => {
    try {
      return new URL(url, win.location.href).href;
    } catch {
      return url;
    }
  };

  const start = (m: M): Pending<M> => {
    const pending: Pending<M> = { requestId: newRequestId(), match: m, done: false };
    safeEmit({ kind: 'request-start', op: m.op, targetId: m.targetId, requestId: pending.requestId });
    return pending;
  };

  const finish = (pending: Pending<M>, verdict: NetworkVerdict): void => {
    if (pending.done) return;
    pending.done = true;
    const { op, targetId } = pending.match;
    const base = { op, targetId, requestId: pending.requestId };
    if (verdict.ok) {
      const { replyId, replyText, conversationId, missing } = verdict;
      safeEmit({
        kind: 'confirmed',
        ...base,
        ...(replyId !== undefined && { replyId }),
        ...(replyText !== undefined && { replyText }),
        ...(conversationId !== undefined && { conversationId }),
        ...(missing?.length ? { missing: missing.slice(0, 10) } : {}),
      });
    } else {
      const kind = verdict.unreadable ? 'unreadable' : 'failed';
      safeEmit({ kind, ...base, reason: verdict.reason.slice(0, 500) });
    }
  };

  const judge = (pending: Pending<M>, status: number, bodyText: string | null): void => {
    let verdict: NetworkVerdict;
    try {
      verdict = interpret(pending.match, status, bodyText);
    } catch (err) {
      verdict = {
        ok: false,
        unreadable: true,
        reason: `could not interpret the response: ${describeError(err)}`,
      };
    }
    finish(pending, verdict);
  };

  // ---- fetch ---------------------------------------------------------------------------------------

  const originalFetch = win.fetch;

  /** What we learn about a fetch call before the page's request goes out. */
  const inspectFetch = (
    args: unknown[],
  ): { method: string; url: string; body: string | null | Promise<string | null> } | null => {
    const [input, init] = args as [unknown, RequestInit | undefined];
    const request = isRequestLike(input) ? input : null;
    let method = request ? request.method : 'GET';
    if (init && typeof init === 'object' && init.method !== undefined) method = String(init.method);
    const url = resolveUrl(request ? request.url : String(input));
    if (!mayMatch(method, url)) {
      // Renamed operations: only string bodies are looked at, so nothing is cloned for them.
      const body = init && typeof init === 'object' ? textOfBody(init.body) : null;
      noteDrift(method, url, body);
      return null;
    }
    if (init && typeof init === 'object' && init.body !== undefined && init.body !== null) {
      return { method, url, body: textOfBody(init.body) };
    }
    if (request && request.body !== null) {
      // fetch() disturbs the Request's body, so the copy has to be taken before the call.
      return {
        method,
        url,
        body: request
          .clone()
          .text()
          .catch(() => null),
      };
    }
    return { method, url, body: null };
  };

  const follow = (
    call: { method: string; url: string; body: string | null | Promise<string | null> },
    result: Promise<Response>,
  ): void => {
    const decide = (body: string | null): Pending<M> | null => {
      const m = match(call.method, call.url, body);
      if (!m) noteDrift(call.method, call.url, body);
      return m ? start(m) : null;
    };
    let known: Pending<M> | null | undefined;
    if (typeof call.body === 'string' || call.body === null) {
      known = decide(call.body);
      if (!known) return;
    }
    const pending: Promise<Pending<M> | null> =
      known !== undefined ? Promise.resolve(known) : Promise.resolve(call.body).then(decide);

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
              finish(p, {
                ok: false,
                unreadable: true,
                reason: `response body unreadable: ${describeError(err)}`,
              });
              return;
            }
            judge(p, response.status, text);
          })
          .catch((err: unknown) => report('fetch outcome', err));
      },
      (err: unknown) => {
        pending
          .then((p) => {
            if (p) finish(p, { ok: false, reason: `fetch failed: ${describeError(err)}` });
          })
          .catch((e: unknown) => report('fetch rejection', e));
      },
    );
  };

  const tap = options.tap;
  const deliver = (source: string, text: string | null): void => {
    if (!tap || text === null || text === '') return;
    try {
      tap.deliver(source, text);
    } catch (err) {
      report('deliver answer', err);
    }
  };

  /** The tap's source for a fetch call, read from its arguments without touching the body. */
  const tappedFetch = (args: unknown[]): string | null => {
    if (!tap) return null;
    const [input, init] = args as [unknown, RequestInit | undefined];
    const request = isRequestLike(input) ? input : null;
    let method = request ? request.method : 'GET';
    if (init && typeof init === 'object' && init.method !== undefined) method = String(init.method);
    return tap.want(method, resolveUrl(request ? request.url : String(input)));
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
    let call: ReturnType<typeof inspectFetch> = null;
    let source: string | null = null;
    if (active) {
      try {
        call = inspectFetch(args);
        source = tappedFetch(args);
      } catch (err) {
        report('inspect fetch', err);
      }
    }
    const result = Reflect.apply(originalFetch, this, args) as Promise<Response>;
    if ((call || source) && result && typeof result.then === 'function') {
      try {
        if (call) follow(call, result);
        if (source) passOn(source, result);
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
  const xhrState = new WeakMap<XMLHttpRequest, XhrState<M>>();

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

  const watchXhr = (xhr: XMLHttpRequest, state: XhrState<M>, pending: Pending<M>): void => {
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
          finish(pending, { ok: false, reason: state.endReason });
          return;
        }
        judge(pending, xhr.status, responseTextOf(xhr));
      } catch (err) {
        finish(pending, {
          ok: false,
          unreadable: true,
          reason: `response unreadable: ${describeError(err)}`,
        });
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
          finish(previous.pending, { ok: false, reason: 'request replaced by a new open()' });
        }
        xhrState.set(this, { method: String(args[0]), url: resolveUrl(String(args[1])) });
      } catch (err) {
        report('open', err);
      }
    }
    return result;
  };
  disguise(wrappedOpen, originalOpen ?? wrappedOpen);

  const wrappedSend = function send(this: XMLHttpRequest, ...args: unknown[]): unknown {
    let pending: Pending<M> | undefined;
    if (active) {
      try {
        const state = xhrState.get(this);
        const source = state && tap ? tap.want(state.method, state.url) : null;
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
        if (state && !(state.pending && !state.pending.done)) {
          const body = textOfBody(args[0]);
          const m = mayMatch(state.method, state.url) ? match(state.method, state.url, body) : null;
          if (!m) noteDrift(state.method, state.url, body);
          if (m) {
            pending = start(m);
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
      if (pending) finish(pending, { ok: false, reason: `send threw: ${describeError(err)}` });
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
