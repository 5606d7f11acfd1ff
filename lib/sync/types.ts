import type { Role } from '../schemas/member';
import type { SyncErrorKind } from '../settings/schema';

/** What the popup and options page show about syncing. Never carries the token. */
export interface SyncStatus {
  connected: boolean;
  serverUrl?: string;
  member?: { name: string; role: Role };
  /** Events not yet on the server, held ones included. */
  pending: number;
  /** Pending events the server refused; kept, retried by "Sync now". */
  held: number;
  lastSyncedAt?: string;
  lastError?: string;
  errorKind?: SyncErrorKind;
  nextAttemptAt?: string;
  /** The team server's clock minus this device's, when last measured. */
  clockSkewMs?: number;
  /** Set when the device clock is off by minutes: shown in the popup and options page. */
  clockWarning?: string;
  syncing: boolean;
}

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
