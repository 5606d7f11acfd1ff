import type { CallForwarderOptions, CallWatch, RawCall, RawOutcome } from './main-world';

/**
 * What the MAIN-world forwarder's fetch and XHR wrappers share (lib/capture/main-world.ts,
 * `installCallForwarder`): one numbering of the calls passed on, the options' callbacks kept from
 * throwing into the page, and the small readers both need. Imports nothing at run time: it runs in
 * the page before the page's own scripts.
 */

type PageWindow = Window & typeof globalThis;

/** A call passed on whose outcome is still to come. */
export interface Pending {
  callId: number;
  done: boolean;
}

/** Where both wrappers hand what they see; every method is safe to call from inside a wrapper. */
export interface Forwarding {
  /** False once uninstalled: the wrappers then only pass through. */
  readonly active: boolean;
  /** The options' `watch`: what to do with a call, from its method and URL as the page gave them. */
  watch(method: string, url: string): CallWatch | null;
  /** Absolute, against the page's location; the URL as given when it does not parse. */
  resolveUrl(url: string): string;
  /** Passes a call's request on; its pending outcome when that is wanted, else null. */
  announce(call: Omit<RawCall, 'callId'>): Pending | null;
  /** Passes a call's outcome on, once: a second ending of the same call is ignored. */
  finish(pending: Pending, outcome: Omit<RawOutcome, 'callId'>): void;
  /** Passes a tapped answer on; empty and missing answers are not. */
  deliver(source: string, text: string | null): void;
  stop(): void;
}

export function createForwarding(win: PageWindow, options: CallForwarderOptions): Forwarding {
  let active = true;
  let calls = 0;
  return {
    get active() {
      return active;
    },
    watch: (method, url) => options.watch(method, url),
    resolveUrl(url) {
      try {
        return new URL(url, win.location.href).href;
      } catch {
        return url;
      }
    },
    announce(call) {
      const pending: Pending = { callId: ++calls, done: false };
      try {
        return options.onCall({ callId: pending.callId, ...call }) && call.full ? pending : null;
      } catch (err) {
        report('pass on call', err);
        return null;
      }
    },
    finish(pending, outcome) {
      if (pending.done) return;
      pending.done = true;
      try {
        options.onOutcome({ callId: pending.callId, ...outcome } as RawOutcome);
      } catch (err) {
        report('pass on outcome', err);
      }
    },
    deliver(source, text) {
      if (!options.deliver || text === null || text === '') return;
      try {
        options.deliver(source, text);
      } catch (err) {
        report('deliver answer', err);
      }
    },
    stop() {
      active = false;
    },
  };
}

/** One wrapped page API: put in place, and taken out where nobody wrapped on top of it. */
export interface Wrapping {
  install(): void;
  uninstall(): void;
}

export function report(where: string, err: unknown): void {
  // debug, not error: the requirement is a clean page console, and this is only for us when debugging.
  console.debug(`[reply-tracker] network observer: ${where}`, err);
}

/** Only text bodies can carry the JSON we look for; anything else is "no body" to `match`. */
export function textOfBody(body: unknown): string | null {
  if (typeof body === 'string') return body;
  if (typeof URLSearchParams !== 'undefined' && body instanceof URLSearchParams) return body.toString();
  return null;
}

export function describeError(err: unknown): string {
  if (err instanceof Error) return `${err.name}: ${err.message}`.slice(0, 300);
  return String(err).slice(0, 300);
}

/** Copies a wrapped function's visible identity so the page sees the same name, arity and source text. */
export function disguise(wrapper: object, original: object & { name: string; length: number }): void {
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
