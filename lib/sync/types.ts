import type { SyncErrorKind } from '../schemas/status';

export interface RunOptions {
  /** The user pressed "Sync now": skip the backoff wait and retry refused events too. */
  manual?: boolean;
  /** Back online or a fresh browser start: the reason for the backoff may be gone. */
  skipBackoff?: boolean;
}

export interface RunReport {
  ran: boolean;
  /** Events the server now has (accepted or already had). */
  sent: number;
  error?: SyncErrorKind;
}
