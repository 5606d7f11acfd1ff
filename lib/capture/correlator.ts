import type { ConfirmedAction, DomSignal, NetworkSignal } from './signals';

/**
 * Merges the two views of one action, the platform's own network call and what the DOM shows, into
 * exactly one ConfirmedAction. The network is the authority when it can be read; the DOM speaks when
 * the network stays silent (X renamed the operation) or answers something unreadable (a reshaped
 * answer). Only a refusal the platform stated ('failed') voids what the page shows.
 */
export interface CorrelatorOptions {
  emit(action: ConfirmedAction): void;
  now?: () => number;
  setTimeout?: (fn: () => void, ms: number) => unknown;
  clearTimeout?: (handle: unknown) => void;
  /** How long a DOM signal waits for a network request to show up. */
  graceMs?: number;
  /** How long a DOM signal waits for a request that is already in flight. */
  maxWaitMs?: number;
  /** How long a logged action absorbs the other signal of the same op + target. */
  windowMs?: number;
  /** First part of every dedupeKey. */
  platform?: string;
}

export interface Correlator {
  network(signal: NetworkSignal): void;
  dom(signal: DomSignal): void;
  dispose(): void;
  /**
   * What is still undecided: DOM signals waiting for the network (each ends in a log entry or is
   * claimed) and requests started with no outcome yet. 0: nothing more will be emitted on its own.
   */
  pending(): number;
}

interface WaitingDom {
  signal: DomSignal;
  at: number;
  seq: number;
  timer: unknown;
}

const keyOf = (s: { op: string; targetId: string }): string => `${s.op}:${s.targetId}`;

/** Per-key FIFO lists, dropping a key when its list empties so the maps stay small. */
class Queues<T> {
  readonly map = new Map<string, T[]>();
  push(key: string, item: T): void {
    const list = this.map.get(key);
    if (list) list.push(item);
    else this.map.set(key, [item]);
  }
  shift(key: string): T | undefined {
    const list = this.map.get(key);
    const item = list?.shift();
    if (list && list.length === 0) this.map.delete(key);
    return item;
  }
  has(key: string): boolean {
    return (this.map.get(key)?.length ?? 0) > 0;
  }
  remove(key: string, item: T): void {
    const list = this.map.get(key);
    if (!list) return;
    const i = list.indexOf(item);
    if (i >= 0) list.splice(i, 1);
    if (list.length === 0) this.map.delete(key);
  }
  prune(keep: (item: T) => boolean): void {
    for (const [key, list] of this.map) {
      const kept = list.filter(keep);
      if (kept.length === 0) this.map.delete(key);
      else if (kept.length !== list.length) this.map.set(key, kept);
    }
  }
}

export function createCorrelator(options: CorrelatorOptions): Correlator {
  const {
    emit,
    now = Date.now,
    graceMs = 3_000,
    maxWaitMs = 30_000,
    windowMs = 60_000,
    platform = 'x',
  } = options;
  const schedule = options.setTimeout ?? ((fn: () => void, ms: number) => globalThis.setTimeout(fn, ms));
  const cancel =
    options.clearTimeout ??
    ((handle: unknown) => globalThis.clearTimeout(handle as Parameters<typeof globalThis.clearTimeout>[0]));

  let disposed = false;
  let seq = 0;
  /** Requests started and not yet answered, per op + target: requestId → start time. */
  const inflight = new Map<string, Map<string, number>>();
  const waiting = new Queues<WaitingDom>();
  /** Network outcomes no DOM signal has claimed yet (expiry times). A DOM signal after them is the same action. */
  const unclaimedNetwork = new Queues<number>();
  /** DOM fallbacks no network confirmation has claimed yet (expiry times). */
  const unclaimedDom = new Queues<number>();
  /** Outcomes already handled, so a repeated relay of one signal changes nothing. */
  const handled = new Map<string, number>();

  const safeEmit = (action: ConfirmedAction): void => {
    try {
      emit(action);
    } catch (err) {
      console.debug('[reply-tracker] correlator: emit failed', err);
    }
  };

  const prune = (t: number): void => {
    unclaimedNetwork.prune((expires) => expires > t);
    unclaimedDom.prune((expires) => expires > t);
    for (const [key, requests] of inflight) {
      for (const [id, started] of requests) if (t - started > maxWaitMs) requests.delete(id);
      if (requests.size === 0) inflight.delete(key);
    }
    for (const [id, at] of handled) if (t - at > windowMs * 10) handled.delete(id);
  };

  const fallBack = (key: string, entry: WaitingDom): void => {
    if (disposed) return;
    waiting.remove(key, entry);
    const t = now();
    const { op, targetId, text } = entry.signal;
    safeEmit({
      op,
      targetId,
      ...(text !== undefined && { replyText: text }),
      source: 'dom',
      dedupeKey: `${platform}:${op}:${targetId}:dom-${entry.at}-${entry.seq}`,
    });
    unclaimedDom.push(key, t + windowMs);
  };

  const arm = (key: string, entry: WaitingDom, ms: number): void => {
    if (entry.timer !== undefined) cancel(entry.timer);
    entry.timer = schedule(() => fallBack(key, entry), Math.max(0, ms));
  };

  const network = (signal: NetworkSignal): void => {
    if (disposed || signal.kind === 'drift') return; // health news, not an action (lib/health)
    const t = now();
    prune(t);
    const key = keyOf(signal);
    if (handled.has(signal.requestId)) return;

    if (signal.kind === 'request-start') {
      const requests = inflight.get(key) ?? new Map<string, number>();
      requests.set(signal.requestId, t);
      inflight.set(key, requests);
      // The network will decide for DOM signals already waiting; give it the longer wait.
      for (const entry of waiting.map.get(key) ?? []) arm(key, entry, entry.at + maxWaitMs - t);
      return;
    }

    handled.set(signal.requestId, t);
    const requests = inflight.get(key);
    requests?.delete(signal.requestId);
    if (requests?.size === 0) inflight.delete(key);

    if (signal.kind === 'unreadable') {
      // Not a verdict: the page decides. DOM signals that waited on this request get the normal grace.
      if (!inflight.has(key)) for (const entry of waiting.map.get(key) ?? []) arm(key, entry, graceMs);
      return;
    }

    const claimed = waiting.shift(key);
    if (claimed && claimed.timer !== undefined) cancel(claimed.timer);

    if (signal.kind === 'failed') {
      // The action did not happen; a DOM signal for it that is still on its way is void too.
      if (!claimed) unclaimedNetwork.push(key, t + graceMs);
      return;
    }

    if (!claimed && unclaimedDom.shift(key) !== undefined) return; // already logged from the DOM
    const replyText = signal.replyText ?? claimed?.signal.text;
    safeEmit({
      op: signal.op,
      targetId: signal.targetId,
      ...(signal.replyId !== undefined && { replyId: signal.replyId }),
      ...(replyText !== undefined && { replyText }),
      ...(signal.conversationId !== undefined && { conversationId: signal.conversationId }),
      source: 'network',
      dedupeKey: `${platform}:${signal.op}:${signal.targetId}:${signal.requestId}`,
    });
    if (!claimed) unclaimedNetwork.push(key, t + windowMs);
  };

  const dom = (signal: DomSignal): void => {
    if (disposed) return;
    const t = now();
    prune(t);
    const key = keyOf(signal);
    if (unclaimedNetwork.shift(key) !== undefined) return; // the network already decided this one
    seq += 1;
    const entry: WaitingDom = { signal, at: t, seq, timer: undefined };
    waiting.push(key, entry);
    arm(key, entry, (inflight.get(key)?.size ?? 0) > 0 ? maxWaitMs : graceMs);
  };

  const dispose = (): void => {
    disposed = true;
    for (const list of waiting.map.values()) for (const entry of list) cancel(entry.timer);
    waiting.map.clear();
    inflight.clear();
    unclaimedNetwork.map.clear();
    unclaimedDom.map.clear();
    handled.clear();
  };

  const pending = (): number => {
    let n = 0;
    for (const list of waiting.map.values()) n += list.length;
    for (const requests of inflight.values()) n += requests.size;
    return n;
  };

  return { network, dom, dispose, pending };
}
