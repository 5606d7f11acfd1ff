import type { SyncStatus } from '../schemas/status';

/**
 * The one answer to "is my activity reaching the team?", shown the same way by the sidebar's dot,
 * the popup and the options page. Each state has words and a shape, so colour is never the only cue.
 */
export type SyncStateKind =
  /** No team server: everything is counted on this computer only. */
  | 'local'
  /** Connected, nothing waiting, the last run went through. */
  | 'up-to-date'
  /** Connected and sending right now (or about to: events were just logged). */
  | 'syncing'
  /** The server could not be reached or refused some events: they wait here and are retried. */
  | 'waiting'
  /** The server no longer accepts the token (revoked): nothing is sent until the member reconnects. */
  | 'signed-out'
  /** A reconnect with a new token failed; the previous, still-valid one is in use. */
  | 'wrong-token';

export type SyncTone = 'ok' | 'busy' | 'warn' | 'error' | 'neutral';

export interface SyncStateView {
  kind: SyncStateKind;
  tone: SyncTone;
  /** Short, for a pill or the dot's name: "Up to date", "3 waiting to sync". */
  label: string;
  /** One sentence on what it means and what to do. */
  detail: string;
  /** The next automatic try, when one is scheduled in the future: "Next try at 14:05." */
  nextTry?: { at: string; text: string };
}

export interface SyncStateInput {
  now: Date;
  /**
   * Why the last Connect with a new token failed, while the old token still works; defaults to the one
   * the background noted (`status.reconnectError`), the options page passes its fresher one.
   */
  reconnectError?: string | undefined;
  /** Formats the next try; defaults to the local short time ("14:05"). */
  formatTime?: (iso: string) => string;
}

const waiting = (n: number) => (n === 1 ? '1 waiting to sync' : `${n} waiting to sync`);
const shortTime = (iso: string) => new Date(iso).toLocaleTimeString(undefined, { timeStyle: 'short' });

export function describeSyncState(status: SyncStatus, input: SyncStateInput): SyncStateView {
  const { now, formatTime = shortTime } = input;
  const reconnectError = input.reconnectError ?? status.reconnectError;
  if (!status.member) {
    const n = status.pending;
    return {
      kind: 'local',
      tone: 'neutral',
      label: 'Not connected',
      detail: `Your replies and likes are counted on this computer only${n ? ` (${n} so far)` : ''}. Connect to your team server so they count for the team.`,
    };
  }
  if (!status.connected) {
    return {
      kind: 'signed-out',
      tone: 'error',
      label: 'Signed out',
      detail: `${status.lastError ?? 'The team server no longer accepts your access token.'} ${
        status.pending ? `${waiting(status.pending)}: they are kept and sent once you reconnect.` : ''
      }`.trim(),
    };
  }
  const next =
    status.nextAttemptAt && Date.parse(status.nextAttemptAt) > now.getTime()
      ? status.nextAttemptAt
      : undefined;
  if (reconnectError) {
    return {
      kind: 'wrong-token',
      tone: 'warn',
      label: 'Still using your previous token',
      detail: `The new token did not work (${reconnectError.replace(/\.$/, '')}). Reply Tracker is still using your previous token, which works.`,
    };
  }
  if (status.lastError) {
    // Refused events wait for "Sync now"; everything else is retried on its own.
    const manual = status.errorKind === 'rejected';
    return {
      kind: 'waiting',
      tone: 'warn',
      label: status.pending > 0 ? waiting(status.pending) : "Can't reach the team server",
      detail: status.lastError,
      ...(next && !manual ? { nextTry: { at: next, text: `Next try at ${formatTime(next)}.` } } : {}),
    };
  }
  if (status.syncing || status.pending > 0) {
    return {
      kind: 'syncing',
      tone: 'busy',
      label: status.syncing ? 'Syncing…' : waiting(status.pending),
      detail: status.syncing
        ? 'Sending your latest activity to the team server.'
        : 'Your latest activity goes to the team server in a moment.',
    };
  }
  return {
    kind: 'up-to-date',
    tone: 'ok',
    label: 'Up to date',
    detail: 'Connected, and everything you did is on the team server.',
  };
}
