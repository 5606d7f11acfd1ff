/** What the extension's pages show about syncing and about my own activity. */
import { z } from 'zod';
import type { Role } from './member';

export const SyncErrorKindSchema = z.enum(['offline', 'server', 'rate-limited', 'rejected', 'auth', 'other']);
export type SyncErrorKind = z.infer<typeof SyncErrorKindSchema>;

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
  /** The last Connect with a new token failed; the previous, working token is still in use. */
  reconnectError?: string;
}

/** My activity totals for a period. `likes` counts like events; net likes are likes − unlikes. */
export interface ActivityCounts {
  replies: number;
  likes: number;
  unlikes: number;
}
