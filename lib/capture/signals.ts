import { z } from 'zod';
import { PlatformIdSchema } from '../schemas/common';

/**
 * The contract between the MAIN-world network observer and the isolated content script.
 * Everything crossing window.postMessage is untrusted (the page can post too) and is parsed with these.
 */
export const OpSchema = z.enum(['reply', 'comment', 'like', 'unlike']);
export type Op = z.infer<typeof OpSchema>;

const base = {
  op: OpSchema,
  /** What was acted on: the tweet replied to / liked. */
  targetId: PlatformIdSchema,
  /** Correlates start and outcome of one request. */
  requestId: z.string().min(1).max(64),
};

export const NetworkSignalSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('request-start'), ...base }),
  z.object({
    kind: z.literal('confirmed'),
    ...base,
    replyId: PlatformIdSchema.optional(),
    replyText: z.string().max(10_000).optional(),
    conversationId: PlatformIdSchema.optional(),
  }),
  z.object({ kind: z.literal('failed'), ...base, reason: z.string().max(500) }),
  /**
   * The call was ours but its answer could not be read (the site reshaped it): the platform may well
   * have accepted the action, so the page decides, and the reason is reported (lib/health).
   */
  z.object({ kind: z.literal('unreadable'), ...base, reason: z.string().max(500) }),
]);
export type NetworkSignal = z.infer<typeof NetworkSignalSchema>;

/** What the page's DOM shows happened (the fallback and cross-check). */
export const DomSignalSchema = z.object({
  op: OpSchema,
  targetId: PlatformIdSchema,
  /** For a reply: the text that was in the composer when send was pressed. */
  text: z.string().max(10_000).optional(),
});
export type DomSignal = z.infer<typeof DomSignalSchema>;

/**
 * The envelope on window.postMessage from the MAIN world. No secret: anything the page could forge it
 * could also do for real, and the content script validates every field.
 */
export const RELAY_TAG = 'reply-tracker:network';
export const RelayMessageSchema = z.object({
  tag: z.literal(RELAY_TAG),
  signal: NetworkSignalSchema,
});
export type RelayMessage = z.infer<typeof RelayMessageSchema>;

/** A confirmed action, ready to be enriched with page context and logged. */
export interface ConfirmedAction {
  op: Op;
  targetId: string;
  replyId?: string;
  replyText?: string;
  conversationId?: string;
  source: 'network' | 'dom';
  /** Shared by every signal of this one action: the log is idempotent on it. */
  dedupeKey: string;
}

/** What a platform adapter concludes from a matched call's response; the observer turns it into a signal. */
export type NetworkVerdict =
  | { ok: true; replyId?: string; replyText?: string; conversationId?: string }
  | { ok: false; reason: string; unreadable?: false }
  /** Not a refusal: the answer said nothing we could read. Never a reason to drop what the page shows. */
  | { ok: false; reason: string; unreadable: true };

/** A call the platform adapter recognised as an action (what `match` returns). */
export interface NetworkMatch {
  op: Op;
  targetId: string;
}

/**
 * Liveness of the MAIN-world hook, on its own tag so RelayMessageSchema stays as it is. The MAIN world
 * says hello on install and again whenever the isolated script pings (it may start after the hello).
 */
export const HELLO_TAG = 'reply-tracker:network-hello';
export const PING_TAG = 'reply-tracker:network-ping';
export const HelloMessageSchema = z.object({
  tag: z.literal(HELLO_TAG),
  /** Which operations the hook watches, for diagnostics in the popup. */
  watching: z.array(z.string().max(100)).max(50),
});
export type HelloMessage = z.infer<typeof HelloMessageSchema>;
