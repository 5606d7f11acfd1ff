import {
  describeError,
  disguise,
  type Forwarding,
  type Pending,
  report,
  textOfBody,
  type Wrapping,
} from './forward-common';
import type { CallWatch } from './main-world';

/** The forwarder's fetch half (`installCallForwarder`, lib/capture/main-world.ts). */

type PageWindow = Window & typeof globalThis;
type RequestLike = Pick<Request, 'url' | 'method' | 'body' | 'clone'>;

/** What we learn about a fetch call before the page's request goes out. */
interface Seen {
  method: string;
  url: string;
  watch: CallWatch;
  body: string | null | Promise<string | null>;
}

function isRequestLike(input: unknown): input is RequestLike {
  return (
    typeof input === 'object' &&
    input !== null &&
    typeof (input as RequestLike).url === 'string' &&
    typeof (input as RequestLike).method === 'string' &&
    typeof (input as RequestLike).clone === 'function'
  );
}

/** Null for calls not ours, which are then neither resolved, cloned nor read. */
function inspectFetch(fw: Forwarding, args: unknown[]): Seen | null {
  const [input, init] = args as [unknown, RequestInit | undefined];
  const request = isRequestLike(input) ? input : null;
  let method = request ? request.method : 'GET';
  if (init && typeof init === 'object' && init.method !== undefined) method = String(init.method);
  const rawUrl = request ? request.url : String(input);
  const watch = fw.watch(method, rawUrl);
  if (!watch) return null;
  const url = fw.resolveUrl(rawUrl);
  const initBody = init && typeof init === 'object' ? init.body : undefined;
  if (watch.call !== 'full') {
    // Only string bodies are looked at for a request-only call, so nothing is cloned for it.
    return { method, url, watch, body: textOfBody(initBody) };
  }
  if (initBody !== undefined && initBody !== null) return { method, url, watch, body: textOfBody(initBody) };
  if (request && request.body !== null) {
    // fetch() disturbs the Request's body, so the copy has to be taken before the call.
    const body = request
      .clone()
      .text()
      .catch(() => null);
    return { method, url, watch, body };
  }
  return { method, url, watch, body: null };
}

/** Passes a watched call's request on and, when wanted, its outcome once the response is read. */
function follow(fw: Forwarding, seen: Seen, result: Promise<Response>): void {
  const { method, url, watch } = seen;
  if (!watch.call) return;
  const full = watch.call === 'full';
  const decide = (body: string | null) => fw.announce({ method, url, body, full });
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
            fw.finish(p, { unreadable: `response body unreadable: ${describeError(err)}` });
            return;
          }
          fw.finish(p, { status: response.status, text });
        })
        .catch((err: unknown) => report('fetch outcome', err));
    },
    (err: unknown) => {
      pending
        .then((p) => {
          if (p) fw.finish(p, { failed: `fetch failed: ${describeError(err)}` });
        })
        .catch((e: unknown) => report('fetch rejection', e));
    },
  );
}

/** Passes a tapped call's 2xx answer on as text. */
function passOn(fw: Forwarding, source: string, result: Promise<Response>): void {
  // Attached before the page gets the promise, so the clone is taken before the page reads the body.
  result.then(
    (response) => {
      if (!response.ok) return;
      response
        .clone()
        .text()
        .then((text) => fw.deliver(source, text))
        .catch((err: unknown) => report('read answer', err));
    },
    () => {},
  );
}

export function wrapFetch(win: PageWindow, fw: Forwarding): Wrapping {
  const originalFetch = win.fetch;
  const wrappedFetch = function fetch(this: unknown, ...args: unknown[]): Promise<Response> {
    let seen: Seen | null = null;
    if (fw.active) {
      try {
        seen = inspectFetch(fw, args);
      } catch (err) {
        report('inspect fetch', err);
      }
    }
    const result = Reflect.apply(originalFetch, this, args) as Promise<Response>;
    if (seen && result && typeof result.then === 'function') {
      try {
        follow(fw, seen, result);
        if (seen.watch.tap) passOn(fw, seen.watch.tap, result);
      } catch (err) {
        report('follow fetch', err);
      }
    }
    return result;
  };
  disguise(wrappedFetch, originalFetch);
  return {
    install() {
      if (typeof originalFetch === 'function') win.fetch = wrappedFetch as typeof win.fetch;
    },
    uninstall() {
      // Someone may have wrapped on top of us; then ours stays in the chain as a pass-through.
      if (win.fetch === (wrappedFetch as unknown)) win.fetch = originalFetch;
    },
  };
}
