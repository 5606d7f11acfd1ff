/**
 * The private channel between the MAIN-world observer and the isolated content script: one
 * MessagePort, handed over once, synchronously, while both scripts run at document_start and before
 * any page script exists. window.postMessage (what this replaced) is shared with every script on the
 * page; a port is reachable only by whoever holds it.
 *
 * Handshake (either script may run first; both run before the page's first script):
 * - the isolated side listens for OFFER, then dispatches ASK;
 * - the MAIN side listens for ASK, and dispatches OFFER (a MessageEvent carrying the port) at once and
 *   whenever it hears ASK, until one OFFER is taken: the taker cancels the event, so dispatchEvent
 *   returns false and the MAIN side stops listening. Every later OFFER or ASK finds nobody listening.
 *
 * No Zod and no imports here: both document_start scripts bundle this file and must stay small.
 */
export const CHANNEL_OFFER = 'reply-tracker:channel-offer';
export const CHANNEL_ASK = 'reply-tracker:channel-ask';

/** The message kinds on the channel; each has its schema where it is received (lib/content/app.tsx, via lib/capture/channel.ts). */
export const KIND = {
  /** A call the MAIN-world forwarder passed on (lib/capture/main-world.ts RawCall). */
  call: 'call',
  /** How a passed-on call ended (RawOutcome). */
  outcome: 'outcome',
  hello: 'hello',
  answer: 'answer',
  capture: 'capture',
} as const;
export type ChannelKind = (typeof KIND)[keyof typeof KIND];

/** Envelope on the port: `kind` picks the receiver's schema and handler. */
export interface ChannelEnvelope<K extends string = string, B = unknown> {
  kind: K;
  body: B;
}

export interface ChannelSender {
  post(kind: ChannelKind, body: unknown): void;
}

type HandshakeWindow = Pick<Window, 'addEventListener' | 'removeEventListener' | 'dispatchEvent'>;

/**
 * MAIN world: open the channel and return its sending end. Messages posted before the other side took
 * the port wait in the port's queue. The page may later patch MessagePort.prototype.postMessage, so the
 * original is kept from now, before any page script ran.
 */
export function offerChannel(
  win: HandshakeWindow & typeof globalThis,
  opts: { onMessage?: (kind: string, body: unknown) => void } = {},
): ChannelSender {
  const { port1, port2 } = new win.MessageChannel();
  const send = win.MessagePort.prototype.postMessage;
  if (opts.onMessage) {
    const onMessage = opts.onMessage;
    // The other way (isolated → MAIN): only the capture switch travels back. Read defensively anyway.
    // Listened to here, synchronously at document_start, before any page script could patch the port.
    port1.addEventListener('message', (event: MessageEvent) => {
      const data = event.data as Partial<ChannelEnvelope> | null;
      if (typeof data !== 'object' || data === null || typeof data.kind !== 'string') return;
      try {
        onMessage(data.kind, data.body);
      } catch (err) {
        console.debug('[reply-tracker] channel: a message handler failed', err);
      }
    });
    port1.start();
  }
  const dispatch = win.EventTarget.prototype.dispatchEvent;
  const Message = win.MessageEvent;
  let handedOver = false;

  const offer = (): void => {
    if (handedOver) return;
    const event = new Message(CHANNEL_OFFER, { cancelable: true, ports: [port2] });
    // Cancelled means the isolated side took the port: no one else may have it after that.
    if (!Reflect.apply(dispatch, win, [event])) {
      handedOver = true;
      win.removeEventListener(CHANNEL_ASK, offer);
    }
  };
  win.addEventListener(CHANNEL_ASK, offer);
  offer();

  return {
    post(kind, body) {
      const envelope: ChannelEnvelope = { kind, body };
      try {
        Reflect.apply(send, port1, [envelope]);
      } catch (err) {
        console.debug('[reply-tracker] channel: could not post', err);
      }
    },
  };
}

/**
 * The capture switch's body on the channel, `{ on: boolean }`, or undefined when it is anything else.
 * While the MAIN world has not heard it, it taps (the isolated side asks the background at
 * document_start, so the answer normally arrives before the page's first timeline request); once it
 * hears `on: false` it neither clones nor reads any answer until it hears `on: true`.
 */
export function readCaptureSwitch(body: unknown): boolean | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const on = (body as { on?: unknown }).on;
  return typeof on === 'boolean' ? on : undefined;
}

/**
 * MAIN world: the tap's `want`, closed while the capture switch is off, so a paused member's answers
 * are never cloned or read (lib/capture/main-world.ts only touches an answer `want` names).
 */
export function captureGate(want: (method: string, url: string) => string | null) {
  let on = true;
  return {
    want: (method: string, url: string): string | null => (on ? want(method, url) : null),
    onMessage(kind: string, body: unknown): void {
      if (kind === KIND.capture) on = readCaptureSwitch(body) ?? on;
    },
    isOn: () => on,
  };
}

/** Isolated world: tells the MAIN world whether to tap answers at all. */
export function sendCaptureSwitch(port: Pick<MessagePort, 'postMessage'>, on: boolean): void {
  const envelope: ChannelEnvelope = { kind: KIND.capture, body: { on } };
  port.postMessage(envelope);
}

/** Where the port waits between the document_start script that takes it and the app that reads it. */
const SLOT = Symbol.for('reply-tracker.channel-port');
type Slot = { port?: MessagePort };

function slotOf(world: object): Slot {
  const holder = world as Record<symbol, Slot | undefined>;
  holder[SLOT] ??= {};
  return holder[SLOT];
}

/**
 * Isolated world, at document_start: take the MAIN world's port, once. `world` is the isolated world's
 * own global (invisible to the page), where the app finds the port later with `takenPort`.
 */
export function acceptChannel(win: HandshakeWindow, world: object = globalThis): void {
  const slot = slotOf(world);
  if (slot.port) return;
  const onOffer = (event: Event): void => {
    const ports = (event as MessageEvent).ports;
    if (slot.port || !ports || ports.length !== 1) return;
    event.preventDefault();
    event.stopImmediatePropagation();
    slot.port = ports[0];
    win.removeEventListener(CHANNEL_OFFER, onOffer);
  };
  win.addEventListener(CHANNEL_OFFER, onOffer);
  win.dispatchEvent(new Event(CHANNEL_ASK));
}

/** Isolated world, later: the port taken at document_start, or undefined if none was handed over. */
export function takenPort(world: object = globalThis): MessagePort | undefined {
  return slotOf(world).port;
}
