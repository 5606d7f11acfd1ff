import { z } from 'zod';
import { PlatformIdSchema } from '../schemas/common';
import { type Action, ActionSchema } from '../schemas/event';

/**
 * The contract between the MAIN-world network observer and the isolated content script.
 * Everything crossing the channel (lib/capture/channel.ts) is parsed with these before it is believed.
 */
/** An action the page showed as done: the same four kinds the log keeps (lib/schemas/event.ts). */
export const OpSchema = ActionSchema;
export type Op = Action;

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
    /** Fields the adapter reads that this answer lacked (the site is reshaping it): reported, not fatal. */
    missing: z.array(z.string().max(60)).max(10).optional(),
  }),
  z.object({ kind: z.literal('failed'), ...base, reason: z.string().max(500) }),
  /**
   * The call was ours but its answer could not be read (the site reshaped it): the platform may well
   * have accepted the action, so the page decides, and the reason is reported (lib/health).
   */
  z.object({ kind: z.literal('unreadable'), ...base, reason: z.string().max(500) }),
  /**
   * Not an action: a call that is ours (or looks like it, e.g. a renamed operation) which the adapter
   * could not read. Reported for the team (lib/health); `shape` holds key paths only, never values.
   */
  z.object({
    kind: z.literal('drift'),
    check: z
      .string()
      .max(120)
      .regex(/^[A-Za-z0-9_.:/-]+$/),
    op: OpSchema.optional(),
    detail: z.string().max(300),
    shape: z.array(z.string().max(100)).max(50).optional(),
  }),
]);
export type NetworkSignal = z.infer<typeof NetworkSignalSchema>;
/** A signal about one action (everything but `drift`). */
export type ActionSignal = Exclude<NetworkSignal, { kind: 'drift' }>;
export type DriftSignal = Extract<NetworkSignal, { kind: 'drift' }>;

/** What the page's DOM shows happened (the fallback and cross-check). */
export const DomSignalSchema = z.object({
  op: OpSchema,
  targetId: PlatformIdSchema,
  /** For a reply: the text that was in the composer when send was pressed. */
  text: z.string().max(10_000).optional(),
});
export type DomSignal = z.infer<typeof DomSignalSchema>;

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
  | { ok: true; replyId?: string; replyText?: string; conversationId?: string; missing?: string[] }
  | { ok: false; reason: string; unreadable?: false }
  /** Not a refusal: the answer said nothing we could read. Never a reason to drop what the page shows. */
  | { ok: false; reason: string; unreadable: true };

/** A call the platform adapter recognised as an action (what `match` returns). */
export interface NetworkMatch {
  op: Op;
  targetId: string;
}

/** The MAIN-world hook says hello on the channel once installed, with what it watches (diagnostics). */
export const HelloSchema = z.object({ watching: z.array(z.string().max(100)).max(50) });
export type Hello = z.infer<typeof HelloSchema>;

/**
 * A timeline or comment-list answer the page received, passed on as text for mention capture
 * (lib/monitoring/capture.ts parses it). `source` is the X operation or youtubei endpoint.
 */
export const MAX_ANSWER_CHARS = 8_000_000;
export const AnswerSchema = z.object({
  source: z.string().min(1).max(64),
  text: z.string().max(MAX_ANSWER_CHARS),
});
export type Answer = z.infer<typeof AnswerSchema>;

/**
 * What the MAIN-world forwarder passes on (lib/capture/main-world.ts RawCall / RawOutcome), bounded
 * before the call judge reads it. A body or answer over the bound is dropped with a reason: then
 * the page's own display (the DOM fallback) decides.
 */
const MAX_CALL_CHARS = 2_000_000;
const CallId = z.number().int().nonnegative();
export const RawCallSchema = z.object({
  callId: CallId,
  method: z.string().min(1).max(16),
  url: z.string().min(1).max(8192),
  body: z.string().max(MAX_CALL_CHARS).nullable(),
  full: z.boolean(),
});
export const RawOutcomeSchema = z.union([
  z.object({
    callId: CallId,
    status: z.number().int().min(0).max(999),
    text: z.string().max(MAX_CALL_CHARS).nullable(),
  }),
  z.object({ callId: CallId, failed: z.string().max(500) }),
  z.object({ callId: CallId, unreadable: z.string().max(500) }),
]);
