import type { DBCore, DBCoreMutateRequest, DBCoreTable, DBCoreTransaction, Middleware } from 'dexie';
import { type ActionTally, tally } from '../domain/metrics';
import type { Action, StoredEvent } from '../schemas/event';
import type { ReplyTrackerDB } from './db';

/**
 * Counts kept beside the activity log (issue 10), so the sidebar's and the popup's numbers are a few
 * small reads however long the log grows, never a scan of it (IndexedDB counts an index range entry by
 * entry: ~0.6 s for 100,000 events in Chromium).
 *
 * One row per UTC day, hour and quarter hour with the tally of the events that happened in it (the
 * tally is lib/domain/metrics' one definition), and one row with the number of events waiting to be
 * sent. Every time zone's midnight falls on a quarter hour, so "today" and "this month" are a few
 * quarters, hours and days summed; any other boundary reads the events before the next quarter.
 *
 * Exactly once: a DBCore middleware adds this table to every transaction that writes events and updates
 * it from the rows as they were and as they are, in that transaction, whoever writes (the log, the sync
 * engine, an upgrade). A write that fails changes no count. An upgrade's own transaction is left alone:
 * the version that adds the table builds it from the whole log (`rebuildCounts`).
 */
export const COUNTS_TABLE = 'counts';

export interface CountRow extends ActionTally {
  /** `d|2026-11-26`, `h|2026-11-26T07`, `q|2026-11-26T07:15`, or `pending`. */
  key: string;
  /** Only on `pending`: events not yet confirmed by the team server. */
  n?: number;
}

const PENDING = 'pending';

type Counted = Pick<StoredEvent, 'action' | 'occurredAt' | 'syncState'>;

/** The day, hour and quarter hour an event counts in (occurredAt is ISO UTC, so text order is time order). */
export function bucketsOf(occurredAt: string): [day: string, hour: string, quarter: string] {
  const minute = Number(occurredAt.slice(14, 16));
  const quarter = Number.isFinite(minute) ? String(Math.floor(minute / 15) * 15).padStart(2, '0') : '00';
  return [
    `d|${occurredAt.slice(0, 10)}`,
    `h|${occurredAt.slice(0, 13)}`,
    `q|${occurredAt.slice(0, 14)}${quarter}`,
  ];
}

/** What adding (sign 1) or removing (sign -1) these events does to each row. */
function deltas(events: readonly (Counted | undefined)[], sign: 1 | -1, into: Map<string, CountRow>): void {
  const row = (key: string): CountRow => {
    let r = into.get(key);
    if (!r) {
      r = { key, replies: 0, likes: 0, unlikes: 0, n: 0 };
      into.set(key, r);
    }
    return r;
  };
  for (const e of events) {
    if (!e) continue;
    if (e.syncState === 'pending') row(PENDING).n! += sign;
    if (typeof e.occurredAt !== 'string' || typeof e.action !== 'string') continue;
    const t = tally([{ action: e.action as Action }]);
    for (const key of bucketsOf(e.occurredAt)) {
      const r = row(key);
      r.replies += sign * t.replies;
      r.likes += sign * t.likes;
      r.unlikes += sign * t.unlikes;
    }
  }
}

async function applyDeltas(counts: DBCoreTable, trans: DBCoreTransaction, changes: Map<string, CountRow>) {
  const keys = [...changes.keys()].filter((k) => {
    const c = changes.get(k)!;
    return c.replies !== 0 || c.likes !== 0 || c.unlikes !== 0 || (c.n ?? 0) !== 0;
  });
  if (keys.length === 0) return;
  const current = (await counts.getMany({ trans, keys })) as (CountRow | undefined)[];
  const put: CountRow[] = [];
  const drop: string[] = [];
  keys.forEach((key, i) => {
    const c = changes.get(key)!;
    const was = current[i] ?? { key, replies: 0, likes: 0, unlikes: 0, n: 0 };
    const next: CountRow = {
      key,
      replies: was.replies + c.replies,
      likes: was.likes + c.likes,
      unlikes: was.unlikes + c.unlikes,
      n: (was.n ?? 0) + (c.n ?? 0),
    };
    if (next.replies === 0 && next.likes === 0 && next.unlikes === 0 && next.n === 0) drop.push(key);
    else put.push(next);
  });
  if (put.length > 0) await counts.mutate({ type: 'put', trans, values: put });
  if (drop.length > 0) await counts.mutate({ type: 'delete', trans, keys: drop });
}

const isUpgrade = (trans: DBCoreTransaction): boolean =>
  (trans as unknown as Partial<IDBTransaction>).mode === 'versionchange';

const hasCounts = (trans: DBCoreTransaction): boolean => {
  const names = (trans as unknown as Partial<IDBTransaction>).objectStoreNames;
  return names === undefined || names.contains(COUNTS_TABLE);
};

/**
 * What a read-write transaction has read or written of the log, as the counts see it (key → the row's
 * counted fields, `undefined` for no row). A write after a read in the same transaction (Dexie's
 * `modify` and `update`, the outbox's marking) then needs no second read of the same rows: writes to
 * the log go through this middleware, and IndexedDB lets no other transaction write the store while a
 * read-write one holds it, so what this one saw is what the store has.
 */
const seen = new WeakMap<DBCoreTransaction, Map<unknown, Counted | undefined>>();

const counted = (v: unknown): Counted | undefined => {
  if (!v) return undefined;
  const { action, occurredAt, syncState } = v as Counted;
  return { action, occurredAt, syncState };
};

const isReadWrite = (trans: DBCoreTransaction): boolean =>
  (trans as unknown as Partial<IDBTransaction>).mode === 'readwrite';

function remember(trans: DBCoreTransaction, keys: readonly unknown[], rows: readonly unknown[]): void {
  if (!isReadWrite(trans)) return;
  let known = seen.get(trans);
  if (!known) {
    known = new Map();
    seen.set(trans, known);
  }
  for (let i = 0; i < keys.length; i++) known.set(keys[i], counted(rows[i]));
}

function countingEvents(events: DBCoreTable, counts: () => DBCoreTable): DBCoreTable {
  const idOf = (v: unknown) => (v as { id: unknown }).id;
  /** The rows these keys have now: what this transaction saw, the rest read. */
  const rowsOf = async (trans: DBCoreTransaction, keys: readonly unknown[]): Promise<unknown[]> => {
    const known = seen.get(trans);
    const missing = known ? keys.filter((k) => !known.has(k)) : [...keys];
    if (missing.length > 0) remember(trans, missing, await events.getMany({ trans, keys: missing }));
    const now = seen.get(trans);
    // Not remembered only outside a read-write transaction, where nothing is written anyway.
    if (!now) return events.getMany({ trans, keys: [...keys] });
    return keys.map((k) => now.get(k));
  };
  const before = async (req: DBCoreMutateRequest): Promise<unknown[]> => {
    switch (req.type) {
      case 'add':
        return [];
      case 'put':
        return rowsOf(req.trans, req.keys ?? req.values.map(idOf));
      case 'delete':
        return rowsOf(req.trans, req.keys);
      case 'deleteRange':
        return (
          await events.query({
            trans: req.trans,
            values: true,
            query: { index: events.schema.primaryKey, range: req.range },
          })
        ).result;
    }
  };
  return {
    ...events,
    // Chained on the store's own promises, not awaited: Dexie's callers continue in their transaction's
    // zone only through its promise type.
    get(req) {
      return events.get(req).then((row) => {
        remember(req.trans, [req.key], [row]);
        return row;
      });
    },
    getMany(req) {
      return events.getMany(req).then((rows) => {
        remember(req.trans, req.keys, rows);
        return rows;
      });
    },
    query(req) {
      return events.query(req).then((res) => {
        if (req.values && isReadWrite(req.trans)) remember(req.trans, res.result.map(idOf), res.result);
        return res;
      });
    },
    async mutate(req) {
      if (isUpgrade(req.trans) || !hasCounts(req.trans)) {
        seen.delete(req.trans);
        return events.mutate(req);
      }
      const old = (await before(req)) as (Counted | undefined)[];
      let res: Awaited<ReturnType<DBCoreTable['mutate']>>;
      try {
        res = await events.mutate(req);
      } catch (err) {
        // What the store has now is unknown: read it again next time.
        seen.delete(req.trans);
        throw err;
      }
      const changes = new Map<string, CountRow>();
      if (req.type === 'deleteRange') {
        deltas(old, -1, changes);
        seen.delete(req.trans);
      } else if (req.type !== 'add') {
        // In order, as the store applied them: a key twice in one request counts its latest row.
        const keys = req.keys ?? (req.type === 'put' ? req.values.map(idOf) : []);
        const now = new Map<unknown, Counted | undefined>();
        keys.forEach((key, i) => {
          if (Object.hasOwn(res.failures, i)) return;
          const was = now.has(key) ? now.get(key) : old[i];
          const next = req.type === 'put' ? counted(req.values[i]) : undefined;
          deltas([was], -1, changes);
          deltas([next], 1, changes);
          now.set(key, next);
        });
        const known = seen.get(req.trans);
        if (known) for (const [key, row] of now) known.set(key, row);
      } else {
        const added = req.values.filter((_, i) => !Object.hasOwn(res.failures, i));
        deltas(added as Counted[], 1, changes);
        remember(req.trans, added.map(idOf), added);
      }
      await applyDeltas(counts(), req.trans, changes);
      return res;
    },
  };
}

/** The middleware (see above). `db.use(countsMiddleware)` in the database's constructor. */
export const countsMiddleware: Middleware<DBCore> = {
  stack: 'dbcore',
  name: 'reply-tracker-counts',
  // Right above IndexedDB, below Dexie's own layers (hooks, cache, observability at -1…2): it sees
  // every write as the store gets it, and awaiting here cannot lose their transaction zone.
  level: -10,
  create(down) {
    return {
      ...down,
      transaction(stores, mode, options) {
        const scope =
          mode === 'readwrite' && stores.includes('events') && !stores.includes(COUNTS_TABLE)
            ? [...stores, COUNTS_TABLE]
            : stores;
        return down.transaction(scope, mode, options);
      },
      table(name) {
        const table = down.table(name);
        // Looked up when used: an upgrade's stack is built before this table exists.
        return name === 'events' ? countingEvents(table, () => down.table(COUNTS_TABLE)) : table;
      },
    };
  },
};

/** The count rows a log of these events has (what the upgrade builds; a bench seeds with it). */
export function countRowsOf(events: Iterable<Counted>): CountRow[] {
  const changes = new Map<string, CountRow>();
  deltas([...events], 1, changes);
  return [...changes.values()].filter(
    (r) => r.replies !== 0 || r.likes !== 0 || r.unlikes !== 0 || r.n !== 0,
  );
}

/** Builds every count from the whole log: the upgrade that adds the table, and nothing else. */
export async function rebuildCounts(tx: {
  table(name: string): {
    toCollection(): { each(fn: (e: StoredEvent) => void): Promise<unknown> };
    clear(): Promise<unknown>;
    bulkPut(rows: unknown[]): Promise<unknown>;
  };
}): Promise<void> {
  const changes = new Map<string, CountRow>();
  const batch: Counted[] = [];
  await tx
    .table('events')
    .toCollection()
    .each((e) => {
      batch.push(e);
      if (batch.length >= 1000) deltas(batch.splice(0), 1, changes);
    });
  deltas(batch, 1, changes);
  await tx.table(COUNTS_TABLE).clear();
  await tx
    .table(COUNTS_TABLE)
    .bulkPut(
      [...changes.values()].filter((r) => r.replies !== 0 || r.likes !== 0 || r.unlikes !== 0 || r.n !== 0),
    );
}

const iso = (ms: number) => new Date(ms).toISOString();
const ceilTo = (ms: number, step: number) => Math.ceil(ms / step) * step;
const QUARTER = 15 * 60_000;
const HOUR = 60 * 60_000;
const DAY = 24 * HOUR;

/**
 * The tally of the events that happened at or after `since` (ISO text order, as the log is read), from
 * the count rows: the quarters to the next hour, the hours to the next UTC day, the days from there;
 * the events before the first quarter boundary (none at any time zone's midnight) are read themselves.
 */
export async function tallySince(db: ReplyTrackerDB, since: Date): Promise<ActionTally> {
  const t = since.getTime();
  const q = ceilTo(t, QUARTER);
  const h = ceilTo(t, HOUR);
  const d = ceilTo(t, DAY);
  const counts = db.counts;
  const [edge, quarters, hours, days] = await Promise.all([
    q > t ? db.events.where('occurredAt').between(since.toISOString(), iso(q), true, false).toArray() : [],
    counts
      .where('key')
      .between(`q|${iso(q).slice(0, 16)}`, `q|${iso(h).slice(0, 16)}`, true, false)
      .toArray(),
    counts
      .where('key')
      .between(`h|${iso(h).slice(0, 13)}`, `h|${iso(d).slice(0, 13)}`, true, false)
      .toArray(),
    counts
      .where('key')
      .between(`d|${iso(d).slice(0, 10)}`, 'd|\uffff', true, true)
      .toArray(),
  ]);
  const total = tally(edge);
  for (const r of [...quarters, ...hours, ...days]) {
    total.replies += r.replies;
    total.likes += r.likes;
    total.unlikes += r.unlikes;
  }
  return total;
}

/** Events waiting for the team server, from the count row. */
export async function pendingFromCounts(db: ReplyTrackerDB): Promise<number> {
  return (await db.counts.get(PENDING))?.n ?? 0;
}
