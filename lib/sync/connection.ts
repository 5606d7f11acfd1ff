import { teamModelItem } from '../classify/team-model';
import { errorMessage } from '../errors';
import { roleAtLeast } from '../schemas/member';
import type { SyncStatus } from '../schemas/status';
import type { Connection } from '../settings/schema';
import {
  CONNECTION_KEYS,
  clockItem,
  connectionItem,
  readSyncRecord,
  syncRecordItem,
} from '../settings/store';
import type { ApiFailure } from './api';
import { describeSkew } from './clock';
import type { SyncContext } from './context';
import { describeFailure, PlainError } from './errors';
import type { Outbox } from './outbox';
import { normalizeServerUrl } from './server-url';

/**
 * The connection to the team server: connecting checks the token against `/me` before keeping it,
 * disconnecting forgets the team's data, and `status` is the one answer to "is my activity reaching the
 * team?". It also says, in plain words, who may change the team's data and why a change was refused.
 */
export function createConnection(ctx: SyncContext, outbox: Outbox, syncing: () => boolean) {
  const { db, now } = ctx;

  async function status(): Promise<SyncStatus> {
    // One read-only transaction for the five reads: the popup asks on every change.
    const [conn, record, pending, heldRows, clock] = await db.transaction(
      'r',
      db.kv,
      db.events,
      db.counts,
      () =>
        Promise.all([
          connectionItem.get(db),
          readSyncRecord(db),
          outbox.pending(),
          outbox.held(),
          clockItem.get(db),
        ]),
    );
    const held = heldRows.length;
    const heldMessage =
      held > 0
        ? `The team server refused ${held === 1 ? '1 event' : `${held} events`} (${heldRows[0]!.lastError}). ${held === 1 ? 'It is' : 'They are'} kept; press Sync now to try again.`
        : undefined;
    const lastError = conn?.rejectedReason ?? record.lastError?.message ?? heldMessage;
    const errorKind = conn?.rejectedAt
      ? 'auth'
      : (record.lastError?.kind ?? (held > 0 ? 'rejected' : undefined));
    return {
      connected: Boolean(conn && !conn.rejectedAt),
      ...(conn ? { serverUrl: conn.serverUrl, member: { name: conn.name, role: conn.role } } : {}),
      pending,
      held,
      ...(record.lastSyncedAt ? { lastSyncedAt: record.lastSyncedAt } : {}),
      ...(conn && lastError ? { lastError } : {}),
      ...(conn && errorKind ? { errorKind } : {}),
      ...(conn && record.nextAttemptAt && record.lastError ? { nextAttemptAt: record.nextAttemptAt } : {}),
      ...(clock ? { clockSkewMs: clock.skewMs } : {}),
      ...(describeSkew(clock?.skewMs) ? { clockWarning: describeSkew(clock?.skewMs)! } : {}),
      syncing: syncing(),
      ...(conn && !conn.rejectedAt && conn.reconnectError ? { reconnectError: conn.reconnectError } : {}),
    };
  }

  async function forgetServerData(): Promise<void> {
    await db.transaction('rw', db.kv, db.teamThreads, async () => {
      await db.kv.bulkDelete([...CONNECTION_KEYS]);
      await db.teamThreads.clear();
    });
    // Another team's model has no business classifying for the next one.
    await teamModelItem.removeValue();
  }

  /**
   * Checks the URL and token against `/me`; stores them only when the server says yes. A failure while
   * a working connection exists keeps that connection and notes why, so the popup and the sidebar say
   * the previous token is still in use, not only the options page that tried.
   */
  async function connect(serverUrlInput: string, tokenInput: string): Promise<SyncStatus> {
    try {
      return await connectOrThrow(serverUrlInput, tokenInput);
    } catch (err) {
      const before = await connectionItem.get(db);
      if (before && !before.rejectedAt) {
        await connectionItem.set(db, {
          ...before,
          reconnectError: errorMessage(err),
        });
      }
      throw err;
    }
  }

  async function connectOrThrow(serverUrlInput: string, tokenInput: string): Promise<SyncStatus> {
    const serverUrl = normalizeServerUrl(serverUrlInput);
    const token = tokenInput.trim();
    if (!token) throw new PlainError('Paste your access token (it starts with rt_).');
    if (/\s/.test(token))
      throw new PlainError('The access token has a space in it: paste it again, all on one line.');
    const sentAt = now();
    const res = await ctx.api({ serverUrl, token }).me();
    if (!res.ok) {
      const f = res.error;
      if (f.kind === 'network') {
        throw new PlainError(
          `Can't reach ${serverUrl}. Check the address and that the server is running (and that this computer is online).`,
        );
      }
      if (f.kind === 'not-found')
        throw new PlainError(describeFailure({ kind: 'not-reply-tracker', message: '' }, serverUrl));
      throw new PlainError(describeFailure(f, serverUrl));
    }
    const before = await connectionItem.get(db);
    // Another server or another member: what we cached belongs to them, not to this connection.
    if (before && (before.serverUrl !== serverUrl || before.name !== res.data.name)) await forgetServerData();
    await connectionItem.set(db, {
      serverUrl,
      token,
      name: res.data.name,
      role: res.data.role,
      connectedAt: now().toISOString(),
    });
    await outbox.noteClock(res.data.serverTime, sentAt);
    // A fresh start: no inherited backoff or error from the last connection.
    const record = await readSyncRecord(db);
    await syncRecordItem.set(db, {
      failures: 0,
      ...(record.lastSyncedAt && before?.serverUrl === serverUrl
        ? { lastSyncedAt: record.lastSyncedAt }
        : {}),
    });
    return status();
  }

  async function disconnect(): Promise<{ status: SyncStatus; serverUrl?: string }> {
    const conn = await connectionItem.get(db);
    await forgetServerData();
    await ctx.changed('threads');
    return { status: await status(), ...(conn ? { serverUrl: conn.serverUrl } : {}) };
  }

  /** The connection that may change the team's threads, or a plain-words refusal. */
  async function managerConnection(
    refusal = 'Only a manager can track threads for the team.',
  ): Promise<Connection> {
    const conn = await connectionItem.get(db);
    if (!conn) throw new PlainError('Not connected to a team server.');
    if (conn.rejectedAt)
      throw new PlainError(conn.rejectedReason ?? 'Reconnect to the team server in Options.');
    if (!roleAtLeast(conn.role, 'manager')) throw new PlainError(refusal);
    return conn;
  }

  function changeRefused(conn: Connection, f: ApiFailure): PlainError {
    if (f.kind === 'network') {
      return new PlainError(
        `Can't reach the team server at ${conn.serverUrl}; nothing was changed. Try again when online.`,
      );
    }
    return new PlainError(describeFailure(f, conn.serverUrl));
  }

  function orThrow<T>(conn: Connection, res: { ok: true; data: T } | { ok: false; error: ApiFailure }): T {
    if (res.ok) return res.data;
    throw changeRefused(conn, res.error);
  }

  return {
    status,
    connect,
    disconnect,
    /** The stored connection, if any (a rejected one included). */
    current: () => connectionItem.get(db),
    async isConnected(): Promise<boolean> {
      return (await connectionItem.get(db)) !== undefined;
    },
    managerConnection,
    changeRefused,
    orThrow,
  };
}
export type ConnectionService = ReturnType<typeof createConnection>;
