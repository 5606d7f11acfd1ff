import type { RawCall, RawOutcome } from './main-world';
import type { DriftSignal, NetworkMatch, NetworkSignal, NetworkVerdict } from './signals';

/**
 * The judging half of the network observer (see main-world.ts): turns the raw calls and outcomes the
 * MAIN-world forwarder passes on into signals, with the platform adapter's readers. Runs in the
 * isolated content script, where Zod and the adapters may be as large as they need to be.
 */
export interface CallJudgeOptions<M extends NetworkMatch> {
  match(method: string, url: string, bodyText: string | null): M | null;
  interpret(match: M, status: number, bodyText: string | null): NetworkVerdict;
  drift?(method: string, url: string, bodyText: string | null): DriftSignal | null;
  emit(signal: NetworkSignal): void;
  newRequestId?(): string;
}

export interface CallJudge {
  /** True when the call is one of ours, so its outcome matters. */
  call(call: RawCall): boolean;
  outcome(outcome: RawOutcome): void;
  /** Our calls still waiting for their outcome. */
  pending(): number;
}

/** Calls waiting for their outcome; a page that never answers must not grow this for hours. */
const MAX_PENDING = 200;

function describeError(err: unknown): string {
  if (err instanceof Error) return `${err.name}: ${err.message}`.slice(0, 300);
  return String(err).slice(0, 300);
}

function report(where: string, err: unknown): void {
  console.debug(`[reply-tracker] network observer: ${where}`, err);
}

export function createCallJudge<M extends NetworkMatch>(options: CallJudgeOptions<M>): CallJudge {
  const pending = new Map<number, { requestId: string; match: M }>();
  let counter = 0;
  const newRequestId =
    options.newRequestId ??
    (() => {
      try {
        if (typeof crypto?.randomUUID === 'function') return crypto.randomUUID();
      } catch {
        // non-secure context: fall through
      }
      counter += 1;
      return `${Date.now().toString(36)}-${counter.toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
    });

  const safeEmit = (signal: NetworkSignal): void => {
    try {
      options.emit(signal);
    } catch (err) {
      report('emit', err);
    }
  };

  const noteDrift = (call: RawCall): void => {
    if (!options.drift) return;
    try {
      const signal = options.drift(call.method, call.url, call.body);
      if (signal) safeEmit(signal);
    } catch (err) {
      report('drift', err);
    }
  };

  const verdictOf = (match: M, outcome: RawOutcome): NetworkVerdict => {
    if ('failed' in outcome) return { ok: false, reason: outcome.failed };
    if ('unreadable' in outcome) return { ok: false, unreadable: true, reason: outcome.unreadable };
    try {
      return options.interpret(match, outcome.status, outcome.text);
    } catch (err) {
      return {
        ok: false,
        unreadable: true,
        reason: `could not interpret the response: ${describeError(err)}`,
      };
    }
  };

  return {
    call(call) {
      let match: M | null = null;
      if (call.full) {
        try {
          match = options.match(call.method, call.url, call.body);
        } catch (err) {
          report('match', err);
        }
      }
      if (!match) {
        noteDrift(call);
        return false;
      }
      const requestId = newRequestId();
      pending.set(call.callId, { requestId, match });
      if (pending.size > MAX_PENDING) pending.delete(pending.keys().next().value as number);
      safeEmit({ kind: 'request-start', op: match.op, targetId: match.targetId, requestId });
      return true;
    },
    outcome(outcome) {
      const entry = pending.get(outcome.callId);
      if (!entry) return;
      pending.delete(outcome.callId);
      const verdict = verdictOf(entry.match, outcome);
      const { op, targetId } = entry.match;
      const base = { op, targetId, requestId: entry.requestId };
      if (verdict.ok) {
        const { replyId, replyText, conversationId, missing } = verdict;
        safeEmit({
          kind: 'confirmed',
          ...base,
          ...(replyId !== undefined && { replyId }),
          ...(replyText !== undefined && { replyText }),
          ...(conversationId !== undefined && { conversationId }),
          ...(missing?.length ? { missing: missing.slice(0, 10) } : {}),
        });
      } else {
        const kind = verdict.unreadable ? 'unreadable' : 'failed';
        safeEmit({ kind, ...base, reason: verdict.reason.slice(0, 500) });
      }
    },
    pending: () => pending.size,
  };
}
