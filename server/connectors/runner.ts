import { type ConnectorId, ConnectorIdSchema, type ConnectorState } from '../../lib/schemas/mention';
import type { ConnectorsTable, Db } from '../db/types';
import { type Connector, type ConnectorDeps, ConnectorError, type Cursor } from './types';

/** The first retry after an error waits this long, doubling per failure in a row up to BACKOFF_MAX. */
export const BACKOFF_BASE_MS = 60_000;
export const BACKOFF_MAX_MS = 6 * 3_600_000;

export function backoffMs(failures: number): number {
  return Math.min(BACKOFF_BASE_MS * 2 ** Math.max(0, failures - 1), BACKOFF_MAX_MS);
}

async function loadRow(db: Db, id: ConnectorId): Promise<ConnectorsTable> {
  const row = await db.selectFrom('connectors').selectAll().where('id', '=', id).executeTakeFirst();
  if (row) return row;
  const fresh: ConnectorsTable = {
    id,
    cursor: '{}',
    last_run_at: null,
    last_success_at: null,
    last_error: null,
    last_error_at: null,
    failures: 0,
    quota_left: null,
    quota_reset_at: null,
    next_run_at: null,
    stored: 0,
  };
  await db
    .insertInto('connectors')
    .values(fresh)
    .onConflict((oc) => oc.column('id').doNothing())
    .execute();
  return (
    (await db.selectFrom('connectors').selectAll().where('id', '=', id).executeTakeFirstOrThrow()) ?? fresh
  );
}

function parseCursor(raw: string, log: (l: string) => void, id: string): Cursor {
  try {
    const v = JSON.parse(raw) as unknown;
    if (v && typeof v === 'object' && !Array.isArray(v)) return v as Cursor;
  } catch {
    // fall through
  }
  log(`${id} connector: its stored cursor was unreadable; starting from the lookback window`);
  return {};
}

const later = (a: number, b: string | undefined) => (b && Date.parse(b) > a ? Date.parse(b) : a);

/**
 * One run of one connector from its stored cursor. The cursor advances only through the connector's
 * own `save` after each stored page; an error records itself (plain words, time, quota) and schedules
 * the next try with backoff, never touching the cursor.
 */
export async function runConnector(deps: ConnectorDeps, connector: Connector): Promise<ConnectorsTable> {
  const { db } = deps;
  const row = await loadRow(db, connector.id);
  const started = deps.now();
  const save = async (cursor: Cursor, stored: number) => {
    await db
      .updateTable('connectors')
      .set((eb) => ({ cursor: JSON.stringify(cursor), stored: eb('stored', '+', stored) }))
      .where('id', '=', connector.id)
      .execute();
  };
  try {
    const out = await connector.run(
      deps,
      {
        cursor: parseCursor(row.cursor, deps.log, connector.id),
        quotaLeft: row.quota_left ?? undefined,
        quotaResetAt: row.quota_reset_at ?? undefined,
      },
      save,
    );
    const end = deps.now();
    const next = later(end.getTime() + connector.intervalSeconds * 1000, out.notBefore);
    await db
      .updateTable('connectors')
      .set({
        last_run_at: started.toISOString(),
        last_success_at: end.toISOString(),
        last_error: null,
        last_error_at: null,
        failures: 0,
        quota_left: out.quotaLeft ?? null,
        quota_reset_at: out.quotaResetAt ?? null,
        next_run_at: new Date(next).toISOString(),
      })
      .where('id', '=', connector.id)
      .execute();
    if (out.stored > 0 || out.pages > 0)
      deps.log(`${connector.id} connector: ${out.pages} page(s), ${out.stored} new mention(s)`);
  } catch (err) {
    const end = deps.now();
    const known = err instanceof ConnectorError ? err : undefined;
    const message = known?.message ?? `Unexpected failure: ${(err as Error)?.message ?? String(err)}`;
    if (!known) console.error(`${connector.id} connector failed`, err);
    else deps.log(`${connector.id} connector: ${message}`);
    const failures = row.failures + 1;
    const next = later(end.getTime() + backoffMs(failures), known?.opts.retryAt);
    await db
      .updateTable('connectors')
      .set({
        last_run_at: started.toISOString(),
        last_error: message,
        last_error_at: end.toISOString(),
        failures,
        ...(known?.opts.quotaLeft !== undefined && { quota_left: known.opts.quotaLeft }),
        ...(known?.opts.quotaResetAt !== undefined && { quota_reset_at: known.opts.quotaResetAt }),
        next_run_at: new Date(next).toISOString(),
      })
      .where('id', '=', connector.id)
      .execute();
  }
  return db.selectFrom('connectors').selectAll().where('id', '=', connector.id).executeTakeFirstOrThrow();
}

export interface Timers {
  setTimeout: (fn: () => void, ms: number) => unknown;
  clearTimeout: (handle: unknown) => void;
}

/** A run that crashes mid-way (process killed) holds its claim this long before another may run. */
export const RUN_LEASE_MS = 15 * 60_000;

/**
 * Claims a due run: moves `next_run_at` a lease ahead only if it is still due, in one statement, so
 * of several servers sharing one database exactly one runs each connector (the others see the lease).
 * Returns true when this process may run, else when the connector is next due.
 */
export async function claimRun(deps: ConnectorDeps, id: ConnectorId): Promise<true | number> {
  await loadRow(deps.db, id);
  const now = deps.now();
  const nowIso = now.toISOString();
  const res = await deps.db
    .updateTable('connectors')
    .set({ next_run_at: new Date(now.getTime() + RUN_LEASE_MS).toISOString() })
    .where('id', '=', id)
    .where((eb) => eb.or([eb('next_run_at', 'is', null), eb('next_run_at', '<=', nowIso)]))
    .executeTakeFirst();
  if (Number(res.numUpdatedRows ?? 0) === 1) return true;
  const row = await deps.db
    .selectFrom('connectors')
    .select('next_run_at')
    .where('id', '=', id)
    .executeTakeFirst();
  return row?.next_run_at ? Date.parse(row.next_run_at) : now.getTime() + RUN_LEASE_MS;
}

/** Never sleep longer than this between checks, so a clock change or a restored database is noticed. */
const MAX_SLEEP_MS = 60_000;

/**
 * Runs each connector when its `next_run_at` comes (at once on start when due or never run), one at
 * a time. Returns a stop function that waits for a run in progress.
 */
export function startConnectors(
  deps: ConnectorDeps,
  connectors: readonly Connector[],
  timers: Timers = { setTimeout, clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout) },
): () => Promise<void> {
  if (connectors.length === 0) return async () => {};
  let stopped = false;
  let handle: unknown;
  let running: Promise<void> = Promise.resolve();
  const tick = async () => {
    let soonest = deps.now().getTime() + MAX_SLEEP_MS;
    for (const c of connectors) {
      if (stopped) return;
      const claimed = await claimRun(deps, c.id);
      if (claimed === true) {
        const after = await runConnector(deps, c);
        soonest = Math.min(soonest, Date.parse(after.next_run_at ?? '') || soonest);
      } else soonest = Math.min(soonest, claimed);
    }
    if (stopped) return;
    const wait = Math.max(1000, Math.min(MAX_SLEEP_MS, soonest - deps.now().getTime()));
    handle = timers.setTimeout(() => {
      running = tick().catch((err) => console.error('connectors: scheduling failed', err));
    }, wait);
  };
  running = tick().catch((err) => console.error('connectors: scheduling failed', err));
  return async () => {
    stopped = true;
    if (handle !== undefined) timers.clearTimeout(handle);
    await running;
  };
}

/** `GET /monitoring/connectors`: both connectors, configured or not, as stored. */
export async function connectorStates(
  db: Db,
  connectors: readonly Connector[],
  defaults: Record<ConnectorId, number>,
): Promise<ConnectorState[]> {
  const rows = await db.selectFrom('connectors').selectAll().execute();
  return ConnectorIdSchema.options.map((id) => {
    const c = connectors.find((k) => k.id === id);
    const row = rows.find((r) => r.id === id);
    const state: ConnectorState = {
      id,
      configured: c !== undefined,
      intervalSeconds: c?.intervalSeconds ?? defaults[id],
      stored: Number(row?.stored ?? 0),
    };
    if (row?.last_run_at) state.lastRunAt = row.last_run_at;
    if (row?.last_success_at) state.lastSuccessAt = row.last_success_at;
    if (row?.last_error) state.lastError = row.last_error;
    if (row?.last_error_at) state.lastErrorAt = row.last_error_at;
    if (row?.quota_left !== null && row?.quota_left !== undefined) state.quotaLeft = Number(row.quota_left);
    if (row?.quota_reset_at) state.quotaResetAt = row.quota_reset_at;
    if (c && row?.next_run_at) state.nextRunAt = row.next_run_at;
    return state;
  });
}
