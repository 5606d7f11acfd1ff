import type { SyncErrorKind, SyncStatus } from '../schemas/status';
import type { Connection, SyncRecord } from '../settings/schema';
import { connectionItem, readSyncRecord, syncRecordItem } from '../settings/store';
import type { ApiFailure } from './api';
import { backoffDelay } from './backoff';
import { createConnection } from './connection';
import { createSyncContext, type SyncEngineDeps } from './context';
import { pushCorrections } from './corrections';
import { describeFailure } from './errors';
import { pushHealth } from './health';
import { pushMentions } from './mentions';
import { createOutbox } from './outbox';
import { createPulls } from './pulls';
import { createTeamServices } from './team';
import type { RunOptions, RunReport } from './types';

/**
 * The sync coordinator. Each job is its own service over one shared context (`./context.ts`):
 * - the outbox (`./outbox.ts`): logged events to the server, in batches, exactly once;
 * - the pulls (`./pulls.ts`): the team's threads, playbooks, terms and classifier model;
 * - the other uploads: mentions, health records, classifier corrections (`./mentions.ts`, …);
 * - the connection (`./connection.ts`): connect, disconnect, status, who may change what;
 * - the team services (`./team.ts`): what a member asks the server live, outside a run.
 * This file only runs them in order, one run at a time, and turns a failure into the backoff.
 */

export { HEARTBEAT_MS } from './outbox';
export type { RunOptions, RunReport, SyncEngineDeps, SyncStatus };

function kindOf(f: ApiFailure): SyncErrorKind {
  switch (f.kind) {
    case 'network':
      return 'offline';
    case 'server':
      return 'server';
    case 'rate-limited':
      return 'rate-limited';
    case 'unauthorized':
      return 'auth';
    case 'bad-request':
      return 'rejected';
    default:
      return 'other';
  }
}

export function createSyncEngine(deps: SyncEngineDeps) {
  const ctx = createSyncContext(deps);
  const { db, now, random, batchSize } = ctx;
  const outbox = createOutbox(ctx);
  const pulls = createPulls(ctx);
  const connection = createConnection(ctx, outbox, () => inFlight !== undefined);
  const team = createTeamServices(ctx, connection, pulls);

  // --- A run --------------------------------------------------------------------------------------
  async function fail(
    conn: Connection,
    record: SyncRecord,
    f: ApiFailure,
    batchLimit?: number,
  ): Promise<RunReport> {
    const at = now();
    const kind = kindOf(f);
    const lastError = { kind, message: describeFailure(f, conn.serverUrl), at: at.toISOString() };
    if (f.kind === 'unauthorized') {
      // Retrying with a dead token helps nobody: stop until the user reconnects.
      await connectionItem.set(db, {
        ...conn,
        rejectedAt: at.toISOString(),
        rejectedReason: lastError.message,
      });
      await syncRecordItem.set(db, {
        ...record,
        lastAttemptAt: at.toISOString(),
        lastError,
        nextAttemptAt: undefined,
      });
      return { ran: true, sent: 0, error: kind };
    }
    const failures = f.kind === 'rate-limited' ? record.failures : record.failures + 1;
    const { batchLimit: previousLimit, ...rest } = record;
    const limit = batchLimit ?? previousLimit;
    const wait = f.kind === 'rate-limited' ? f.retryAfterMs : backoffDelay(failures, random);
    await syncRecordItem.set(db, {
      ...rest,
      failures,
      lastAttemptAt: at.toISOString(),
      nextAttemptAt: new Date(at.getTime() + wait).toISOString(),
      lastError,
      ...(limit !== undefined && limit < batchSize ? { batchLimit: limit } : {}),
    });
    return { ran: true, sent: 0, error: kind };
  }

  async function runOnce({ manual = false, skipBackoff = manual }: RunOptions): Promise<RunReport> {
    const conn = await connectionItem.get(db);
    if (!conn || conn.rejectedAt) return { ran: false, sent: 0 };
    const record = await readSyncRecord(db);
    const t = now().getTime();
    const waitUntil = record.nextAttemptAt ? Date.parse(record.nextAttemptAt) : 0;
    // "Sync now" may skip our own backoff, never the server's explicit Retry-After.
    if (waitUntil > t && (!skipBackoff || record.lastError?.kind === 'rate-limited'))
      return { ran: false, sent: 0 };

    const client = ctx.api(conn);
    const pushed = await outbox.push(client, record, manual);
    if (!pushed.ok) {
      const r = await fail(conn, record, pushed.failure, pushed.batchLimit);
      return { ...r, sent: pushed.sent };
    }
    const threads = await pulls.threads(client);
    if (!threads.ok) return { ...(await fail(conn, record, threads.failure)), sent: pushed.sent };
    const playbooks = await pulls.playbooks(client);
    if (!playbooks.ok) return { ...(await fail(conn, record, playbooks.failure)), sent: pushed.sent };
    const monitoring = await pulls.monitoring(client);
    if (!monitoring.ok) return { ...(await fail(conn, record, monitoring.failure)), sent: pushed.sent };
    const mentions = await pushMentions(db, client, { manual, now });
    if (!mentions.ok) return { ...(await fail(conn, record, mentions.failure)), sent: pushed.sent };
    const health = await pushHealth(db, client, ctx.version.slice(0, 40));
    if (!health.ok) return { ...(await fail(conn, record, health.failure)), sent: pushed.sent };
    const corrections = await pushCorrections(db, client);
    if (!corrections.ok) return { ...(await fail(conn, record, corrections.failure)), sent: pushed.sent };
    const model = await pulls.model(client);
    if (!model.ok) return { ...(await fail(conn, record, model.failure)), sent: pushed.sent };

    const at = now().toISOString();
    await syncRecordItem.set(db, {
      failures: 0,
      lastAttemptAt: at,
      lastSyncedAt: at,
      ...(pushed.contacted
        ? { lastContactAt: at }
        : record.lastContactAt
          ? { lastContactAt: record.lastContactAt }
          : {}),
    });
    if (threads.changed) await ctx.changed('threads');
    if (playbooks.changed) await ctx.changed('playbooks');
    if (monitoring.changed) await ctx.changed('monitoring');
    if (model.changed) await ctx.changed('classifier');
    return { ran: true, sent: pushed.sent };
  }

  // Only the background runs syncs and its worker is single-threaded, so an in-memory flight is the
  // lock; a killed worker takes it along, and the next run simply resends (the server de-duplicates).
  let inFlight: Promise<RunReport> | undefined;
  let queued: { promise: Promise<RunReport>; opts: RunOptions } | undefined;
  function run(opts: RunOptions = {}): Promise<RunReport> {
    if (!inFlight) {
      inFlight = runOnce(opts).finally(() => {
        inFlight = undefined;
      });
      return inFlight;
    }
    // A trigger during a run gets one more run after it, so nothing logged meanwhile waits a minute.
    if (queued) {
      queued.opts = {
        manual: Boolean(queued.opts.manual || opts.manual),
        skipBackoff: Boolean(queued.opts.skipBackoff || opts.skipBackoff || opts.manual),
      };
      return queued.promise;
    }
    const opened: RunOptions = { ...opts };
    const promise = inFlight
      .catch(() => undefined)
      .then(() => {
        const merged = queued?.opts ?? opened;
        queued = undefined;
        return run(merged);
      });
    queued = { promise, opts: opened };
    return promise;
  }

  return {
    run,
    status: connection.status,
    connect: connection.connect,
    disconnect: connection.disconnect,
    isConnected: connection.isConnected,
    ...team,
  };
}
export type SyncEngine = ReturnType<typeof createSyncEngine>;
