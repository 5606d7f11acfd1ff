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

/** The forwarder's XMLHttpRequest half (`installCallForwarder`, lib/capture/main-world.ts). */

type PageWindow = Window & typeof globalThis;

interface XhrState {
  method: string;
  url: string;
  watch: CallWatch;
  pending?: Pending;
  /** Why the request ended without a response, from the abort/error/timeout events. */
  endReason?: string;
}

function responseTextOf(xhr: XMLHttpRequest): string | null {
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
}

/** Follows one request of the XHR to its end: a response, or why there was none. */
function watchXhr(fw: Forwarding, xhr: XMLHttpRequest, state: XhrState, pending: Pending): void {
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
        fw.finish(pending, { failed: state.endReason });
        return;
      }
      fw.finish(pending, { status: xhr.status, text: responseTextOf(xhr) });
    } catch (err) {
      fw.finish(pending, { unreadable: `response unreadable: ${describeError(err)}` });
    }
  };
  xhr.addEventListener('abort', onAbort);
  xhr.addEventListener('error', onError);
  xhr.addEventListener('timeout', onTimeout);
  xhr.addEventListener('loadend', onLoadEnd);
}

/** Passes a tapped call's 2xx answer on as text once it has loaded. */
function tapXhr(fw: Forwarding, xhr: XMLHttpRequest, source: string): void {
  const onLoad = () => {
    xhr.removeEventListener('load', onLoad);
    try {
      if (xhr.status >= 200 && xhr.status < 300) fw.deliver(source, responseTextOf(xhr));
    } catch (err) {
      report('read xhr answer', err);
    }
  };
  xhr.addEventListener('load', onLoad);
}

export function wrapXhr(win: PageWindow, fw: Forwarding): Wrapping {
  const proto = win.XMLHttpRequest?.prototype;
  const originalOpen = proto?.open;
  const originalSend = proto?.send;
  const xhrState = new WeakMap<XMLHttpRequest, XhrState>();

  const wrappedOpen = function open(this: XMLHttpRequest, ...args: unknown[]): unknown {
    const result = Reflect.apply(originalOpen as () => unknown, this, args);
    if (fw.active) {
      try {
        const previous = xhrState.get(this);
        // open() on a busy XHR cancels it without firing loadend.
        if (previous?.pending && !previous.pending.done) {
          fw.finish(previous.pending, { failed: 'request replaced by a new open()' });
        }
        const method = String(args[0]);
        const watch = fw.watch(method, String(args[1]));
        if (watch) xhrState.set(this, { method, url: fw.resolveUrl(String(args[1])), watch });
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
    if (fw.active) {
      try {
        const state = xhrState.get(this);
        if (state?.watch.tap) tapXhr(fw, this, state.watch.tap);
        if (state?.watch.call && !(state.pending && !state.pending.done)) {
          const full = state.watch.call === 'full';
          pending = fw.announce({ method: state.method, url: state.url, body: textOfBody(args[0]), full });
          if (pending) {
            state.pending = pending;
            state.endReason = undefined;
            // Listeners go on before send: a synchronous XHR finishes inside send().
            watchXhr(fw, this, state, pending);
          }
        }
      } catch (err) {
        report('send', err);
      }
    }
    try {
      return Reflect.apply(originalSend as () => unknown, this, args);
    } catch (err) {
      if (pending) fw.finish(pending, { failed: `send threw: ${describeError(err)}` });
      throw err;
    }
  };
  disguise(wrappedSend, originalSend ?? wrappedSend);

  return {
    install() {
      if (proto && typeof originalOpen === 'function' && typeof originalSend === 'function') {
        proto.open = wrappedOpen as typeof proto.open;
        proto.send = wrappedSend as typeof proto.send;
      }
    },
    uninstall() {
      // As for fetch: a wrapper someone put on top keeps ours in the chain, passing through.
      if (proto && proto.open === (wrappedOpen as unknown)) proto.open = originalOpen as typeof proto.open;
      if (proto && proto.send === (wrappedSend as unknown)) proto.send = originalSend as typeof proto.send;
    },
  };
}
