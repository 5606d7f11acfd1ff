import { z } from 'zod';

/**
 * The receiving end of the private channel (see handshake.ts for how the port is handed over). Nothing on
 * the port is trusted either way: every message is validated against its kind's schema and the rate
 * is bounded, so a bug or a compromised MAIN world cannot flood the log.
 */

type PortLike = Pick<MessagePort, 'addEventListener' | 'removeEventListener' | 'start'>;

/** One handler per message kind, with the schema its body must match. */
export type ChannelHandlers = Record<string, { schema: z.ZodType; handle(body: never): void }>;

export function on<S extends z.ZodType>(schema: S, handle: (body: z.infer<S>) => void) {
  return { schema, handle: handle as (body: never) => void };
}

export interface ChannelLimits {
  /** Messages allowed at once. */
  burst: number;
  /** Messages allowed per second after the burst. */
  perSecond: number;
}

/** Generous for a person's actions, far below what a loop could post. */
export const DEFAULT_LIMITS: ChannelLimits = { burst: 200, perSecond: 50 };

const EnvelopeSchema = z.object({ kind: z.string().max(64), body: z.unknown() });

function explain(error: z.ZodError): string {
  return z.prettifyError(error).replace(/\s+/g, ' ').trim().slice(0, 500);
}

/**
 * Dispatch every valid message on `port` to its kind's handler. Malformed, unknown and over-rate
 * messages go to `onInvalid` with the reason (over-rate ones once per refill, not once each).
 */
export function listenOnChannel(
  port: PortLike,
  handlers: ChannelHandlers,
  options: { onInvalid?: (reason: string) => void; limits?: ChannelLimits; now?: () => number } = {},
): () => void {
  const { burst, perSecond } = options.limits ?? DEFAULT_LIMITS;
  const now = options.now ?? (() => performance.now());
  let tokens = burst;
  let last = now();
  let dropped = 0;

  const admit = (): boolean => {
    const t = now();
    tokens = Math.min(burst, tokens + ((t - last) / 1000) * perSecond);
    last = t;
    if (tokens >= 1) {
      tokens -= 1;
      if (dropped > 0) {
        options.onInvalid?.(`dropped ${dropped} message(s) over the rate limit`);
        dropped = 0;
      }
      return true;
    }
    dropped += 1;
    return false;
  };

  const listener = (event: Event): void => {
    if (!admit()) return;
    const envelope = EnvelopeSchema.safeParse((event as MessageEvent).data);
    if (!envelope.success) {
      options.onInvalid?.(`malformed channel message: ${explain(envelope.error)}`);
      return;
    }
    const { kind, body } = envelope.data;
    // Own properties only: a kind such as "constructor" must not reach Object.prototype.
    const handler = Object.hasOwn(handlers, kind) ? handlers[kind] : undefined;
    if (!handler) {
      options.onInvalid?.(`unknown channel message kind: ${kind}`);
      return;
    }
    const parsed = handler.schema.safeParse(body);
    if (!parsed.success) {
      options.onInvalid?.(`malformed ${kind}: ${explain(parsed.error)}`);
      return;
    }
    try {
      handler.handle(parsed.data as never);
    } catch (err) {
      console.debug(`[reply-tracker] channel: ${kind} handler failed`, err);
    }
  };
  port.addEventListener('message', listener);
  port.start();
  return () => port.removeEventListener('message', listener);
}
