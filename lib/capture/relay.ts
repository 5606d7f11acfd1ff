import { z } from 'zod';
import {
  HELLO_TAG,
  type HelloMessage,
  HelloMessageSchema,
  type NetworkSignal,
  PING_TAG,
  RELAY_TAG,
  type RelayMessage,
  RelayMessageSchema,
} from './signals';

/**
 * window.postMessage between the MAIN-world hook and the isolated content script. Both worlds share the
 * window, and so does the page, which can post anything: the listening side trusts nothing it has not
 * validated.
 */

type Win = Pick<Window, 'postMessage' | 'addEventListener' | 'removeEventListener' | 'location'>;

function targetOrigin(win: Win): string {
  // Sandboxed documents have the opaque origin "null", which postMessage does not accept as a target.
  const origin = win.location?.origin;
  return origin && origin !== 'null' ? origin : '*';
}

function post(win: Win, message: unknown): void {
  try {
    win.postMessage(message, targetOrigin(win));
  } catch (err) {
    console.debug('[reply-tracker] relay: could not post', err);
  }
}

/** MAIN world: hand one signal to the isolated content script. */
export function postSignal(win: Win, signal: NetworkSignal): void {
  const message: RelayMessage = { tag: RELAY_TAG, signal };
  post(win, message);
}

function tagOf(data: unknown): unknown {
  return typeof data === 'object' && data !== null ? (data as { tag?: unknown }).tag : undefined;
}

function explain(error: z.ZodError): string {
  return z.prettifyError(error).replace(/\s+/g, ' ').trim().slice(0, 500);
}

/**
 * Isolated world: call `onSignal` with every valid signal from this window. Messages from other windows
 * (frames, openers) and messages without our tag are ignored; ours that fail validation go to
 * `onInvalid` with the reason. `onHello` hears the MAIN-world hook announce itself.
 */
export function listenForSignals(
  win: Win,
  onSignal: (signal: NetworkSignal) => void,
  onInvalid?: (reason: string, data: unknown) => void,
  onHello?: (hello: HelloMessage) => void,
): () => void {
  const listener = (event: MessageEvent) => {
    if (event.source !== win) return;
    const tag = tagOf(event.data);
    if (tag === RELAY_TAG) {
      const parsed = RelayMessageSchema.safeParse(event.data);
      if (parsed.success) onSignal(parsed.data.signal);
      else onInvalid?.(`malformed network signal: ${explain(parsed.error)}`, event.data);
    } else if (tag === HELLO_TAG && onHello) {
      const parsed = HelloMessageSchema.safeParse(event.data);
      if (parsed.success) onHello(parsed.data);
      else onInvalid?.(`malformed hello: ${explain(parsed.error)}`, event.data);
    }
  };
  win.addEventListener('message', listener as EventListener);
  return () => win.removeEventListener('message', listener as EventListener);
}

/**
 * MAIN world: say the hook is installed, now and whenever the isolated script asks (it may have started
 * after the first hello).
 */
export function announceHook(win: Win, watching: string[]): () => void {
  const hello: HelloMessage = { tag: HELLO_TAG, watching };
  const listener = (event: MessageEvent) => {
    if (event.source === win && tagOf(event.data) === PING_TAG) post(win, hello);
  };
  win.addEventListener('message', listener as EventListener);
  post(win, hello);
  return () => win.removeEventListener('message', listener as EventListener);
}

/** Isolated world: ask the MAIN-world hook to say hello again. */
export function pingHook(win: Win): void {
  post(win, { tag: PING_TAG });
}
