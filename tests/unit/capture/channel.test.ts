import { MessageChannel, MessagePort } from 'node:worker_threads';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { startCaptureSwitch } from '../../../lib/capture/capture-switch';
import { listenOnChannel, on } from '../../../lib/capture/channel';
import {
  acceptChannel,
  CHANNEL_ASK,
  CHANNEL_OFFER,
  offerChannel,
  takenPort,
} from '../../../lib/capture/handshake';
import { type NetworkSignal, NetworkSignalSchema } from '../../../lib/capture/signals';
import { nextTurn } from '../event-loop';

/** A window as both worlds see it: one event target; MessageEvent carries ports as Chrome's does. */
class FakeMessageEvent extends Event {
  readonly ports: readonly MessagePort[];
  constructor(type: string, init: EventInit & { ports?: MessagePort[] } = {}) {
    super(type, init);
    this.ports = Object.freeze([...(init.ports ?? [])]);
  }
}
function fakeWindow() {
  const win = new EventTarget();
  return Object.assign(win, { MessageChannel, MessagePort, EventTarget, MessageEvent: FakeMessageEvent });
}
type Win = Parameters<typeof offerChannel>[0];

const opened: { close(): void }[] = [];
afterEach(() => {
  for (const p of opened.splice(0)) p.close();
});

const like: NetworkSignal = {
  kind: 'confirmed',
  op: 'like',
  targetId: '1922334455667788990',
  requestId: 'r1',
};

function nextMessage(port: MessagePort): Promise<unknown> {
  return new Promise((resolve) => port.once('message', resolve));
}

describe('the handshake', () => {
  it.each(['observer first', 'content script first'])('hands the port over once (%s)', async (order) => {
    const win = fakeWindow();
    const world = {};
    const sender =
      order === 'observer first'
        ? (() => {
            const s = offerChannel(win as unknown as Win);
            acceptChannel(win, world);
            return s;
          })()
        : (() => {
            acceptChannel(win, world);
            return offerChannel(win as unknown as Win);
          })();
    const port = takenPort(world) as unknown as MessagePort;
    expect(port).toBeInstanceOf(MessagePort);
    opened.push(port);
    sender.post('hello', like);
    expect(await nextMessage(port)).toEqual({ kind: 'hello', body: like });
  });

  it('refuses every later hand-over, and a later ask gets no port', () => {
    const win = fakeWindow();
    const world = {};
    offerChannel(win as unknown as Win);
    acceptChannel(win, world);
    const mine = takenPort(world);

    // A page script offers its own port: nobody takes it.
    const forged = new MessageChannel();
    opened.push(forged.port1, forged.port2);
    const offered = new FakeMessageEvent(CHANNEL_OFFER, { cancelable: true, ports: [forged.port2] });
    expect(win.dispatchEvent(offered)).toBe(true);
    expect(takenPort(world)).toBe(mine);

    // A page script asks for the port: no offer comes.
    const seen: Event[] = [];
    win.addEventListener(CHANNEL_OFFER, (e) => seen.push(e));
    win.dispatchEvent(new Event(CHANNEL_ASK));
    expect(seen).toEqual([]);
    opened.push(mine as unknown as MessagePort);
  });
});

/** A port the test writes to directly, as a compromised or buggy MAIN world would. */
class FakePort extends EventTarget {
  start() {}
  send(data: unknown) {
    this.dispatchEvent(Object.assign(new Event('message'), { data }));
  }
}

function listen(limits?: { burst: number; perSecond: number }, now?: () => number) {
  const port = new FakePort();
  const got: NetworkSignal[] = [];
  const invalid: string[] = [];
  listenOnChannel(
    port,
    { network: on(NetworkSignalSchema, (s) => got.push(s)), hello: on(z.object({}), () => {}) },
    { onInvalid: (r) => invalid.push(r), ...(limits && { limits }), ...(now && { now }) },
  );
  return { port, got, invalid };
}

describe('the receiving end', () => {
  it('passes valid signals of a known kind', () => {
    const { port, got, invalid } = listen();
    port.send({ kind: 'network', body: like });
    expect(got).toEqual([like]);
    expect(invalid).toEqual([]);
  });

  it.each([
    ['not an envelope', 'hello', /malformed channel message/],
    ['an unknown kind', { kind: 'timeline', body: {} }, /unknown channel message kind: timeline/],
    ['an inherited name', { kind: 'constructor', body: {} }, /unknown channel message kind: constructor/],
    ['__proto__', JSON.parse('{"kind":"__proto__","body":{}}'), /unknown channel message kind: __proto__/],
    ['toString', { kind: 'toString', body: {} }, /unknown channel message kind/],
    ['a bad body', { kind: 'network', body: { ...like, targetId: '<img src=x>' } }, /malformed network/],
  ])('refuses %s and says why', (_, data, reason) => {
    const { port, got, invalid } = listen();
    port.send(data);
    expect(got).toEqual([]);
    expect(invalid).toEqual([expect.stringMatching(reason)]);
  });

  it('bounds the rate: a flood is dropped and counted, and the channel recovers', () => {
    let t = 0;
    const { port, got, invalid } = listen({ burst: 5, perSecond: 2 }, () => t);
    for (let i = 0; i < 100; i += 1) port.send({ kind: 'network', body: { ...like, requestId: `r${i}` } });
    expect(got).toHaveLength(5);
    t += 1_000;
    port.send({ kind: 'network', body: { ...like, requestId: 'later' } });
    expect(got.map((s) => ('requestId' in s ? s.requestId : s.kind))).toEqual([
      'r0',
      'r1',
      'r2',
      'r3',
      'r4',
      'later',
    ]);
    expect(invalid).toEqual(['dropped 95 message(s) over the rate limit']);
  });
});

describe('the capture switch from the isolated side', () => {
  it('tells the MAIN world at once, again only when it changes, and keeps quiet without an answer', async () => {
    const sent: unknown[] = [];
    const port = { postMessage: (m: unknown) => sent.push(m) };
    let active = true;
    let fail = false;
    let changed: () => void = () => {};
    const stop = startCaptureSwitch({
      port: () => port,
      active: async () => {
        if (fail) throw new Error('background asleep');
        return active;
      },
      watch: (cb) => {
        changed = cb;
        return () => {};
      },
    });
    await vi.waitFor(() => expect(sent).toEqual([{ kind: 'capture', body: { on: true } }]));
    changed();
    await nextTurn();
    expect(sent).toHaveLength(1);
    active = false;
    changed();
    await vi.waitFor(() => expect(sent.at(-1)).toEqual({ kind: 'capture', body: { on: false } }));
    fail = true;
    active = true;
    changed();
    await nextTurn();
    expect(sent).toHaveLength(2);
    stop();
  });
});
