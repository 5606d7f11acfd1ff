import { Dexie } from 'dexie';
import type { EventConflict } from '../schemas/api';
import { type ActivityEvent, ActivityEventSchema, cleanEventText, type StoredEvent } from '../schemas/event';
import type { SyncRecord } from '../settings/schema';
import { clockItem } from '../settings/store';
import { heldEvents, pendingCount } from '../storage/events';
import type { ApiClient, ApiFailure } from './api';
import { measureSkew, onServerClock } from './clock';
import { clip, type Step, type SyncContext } from './context';

/**
 * The outbox: logged events waiting for the team server, sent in batches that halve around an event
 * the server chokes on, put right when the server names a conflict, and held (never dropped) when it
 * refuses one. It also carries the heartbeat that tells the team view an idle extension is alive.
 */

/** The server hears from an idle extension this often, so the team view can tell idle from broken. */
export const HEARTBEAT_MS = 15 * 60_000;
/** A run stops after this many requests and lets the next trigger continue: no endless loop. */
const MAX_REQUESTS_PER_RUN = 40;
/**
 * Failed batches (5xx, timeouts, dropped connections) a run tries before it backs off. Each one halves
 * the batch, and the size is kept across runs, so a batch the server keeps failing on is split until
 * the event it fails on is alone.
 */
const MAX_FAILURES_PER_RUN = 3;

/** Strips the outbox bookkeeping; the server gets exactly the shared contract. */
function toWire(e: StoredEvent): { ok: true; event: ActivityEvent } | { ok: false; message: string } {
  const parsed = ActivityEventSchema.safeParse(cleanEventText(e));
  if (parsed.success) return { ok: true, event: parsed.data };
  return {
    ok: false,
    message: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '),
  };
}

/** Events to send and how many are waiting, read together. */
interface Batch {
  events: StoredEvent[];
  pending: number;
  /** Checked and put in the wire's shape already (while the batch before was on its way). */
  checked?: Checked;
}

/** A batch in the wire's shape, and the events stored in a shape the server can't take. */
interface Checked {
  wire: ActivityEvent[];
  invalid: Map<string, string>;
}

function check(events: readonly StoredEvent[]): Checked {
  const wire: ActivityEvent[] = [];
  const invalid = new Map<string, string>();
  for (const e of events) {
    const w = toWire(e);
    if (w.ok) wire.push(w.event);
    else invalid.set(e.id, `Stored in a shape the server can't take (${w.message})`);
  }
  return { wire, invalid };
}

export function createOutbox(ctx: SyncContext) {
  const { db, now, newId, batchSize, version } = ctx;

  /**
   * The next events to send, oldest first, and the pending count, in one read-only transaction. The
   * events come from one read of the pending range (IndexedDB's getAll; a Dexie `filter` would walk a
   * cursor, a round trip per row): held events (unless `includeHeld`) and `skip` are left out here, so
   * the read asks for as many more rows as could be left out. `from` starts the range at an
   * occurredAt, the newest of the batch just sent, all of whose older neighbours were in it; a run
   * ends only after a read from the start finds nothing, so an event that slips in behind is still sent.
   */
  const nextBatch = (
    limit: number,
    includeHeld: boolean,
    skip: ReadonlyMap<string, string>,
    from?: string,
  ): Promise<Batch> =>
    db.transaction('r', db.events, db.counts, async () => {
      const lower = from ?? '';
      const left = new Set<string>();
      if (!includeHeld) {
        // Held events have their own index, and are a few.
        const held = await db.events.where('lastError').aboveOrEqual('').toArray();
        for (const e of held) if (e.syncState === 'pending' && e.occurredAt >= lower) left.add(e.id);
      }
      for (const [id, occurredAt] of skip) if (occurredAt >= lower) left.add(id);
      const [rows, pending] = await Promise.all([
        db.events
          .where('[syncState+occurredAt]')
          .between(['pending', from ?? Dexie.minKey], ['pending', Dexie.maxKey], true, true)
          .limit(limit + left.size)
          .toArray(),
        pendingCount(db),
      ]);
      const events = rows.filter((e) => !left.has(e.id) && (includeHeld || !e.lastError)).slice(0, limit);
      return { events, pending };
    });

  async function noteClock(serverTime: string | undefined, sentAt: Date): Promise<number | undefined> {
    const skewMs = serverTime ? measureSkew(serverTime, sentAt, now()) : undefined;
    if (skewMs !== undefined) await clockItem.set(db, { skewMs, measuredAt: now().toISOString() });
    return skewMs ?? (await clockItem.get(db))?.skewMs;
  }

  /**
   * Events the server refused one by one, put right and left pending for the next batch; never marked
   * synced. `foreign_id`: another member owns the id, so the same event (same dedupeKey, still logged
   * once) gets a new id. `future_date`: the device clock is fast, so the date moves onto the server's
   * clock (and never past the server's own time).
   */
  async function settleConflicts(
    conflicts: EventConflict[],
    skewMs: number | undefined,
    serverTime?: string,
  ) {
    await db.transaction('rw', db.events, async () => {
      for (const { id, reason, message } of conflicts) {
        const e = await db.events.get(id);
        if (e?.syncState !== 'pending') continue;
        if (reason === 'foreign_id') {
          await db.events.delete(id);
          await db.events.add({ ...e, id: newId(), attempts: e.attempts + 1 });
        } else if (skewMs !== undefined && serverTime) {
          const moved = onServerClock(e.occurredAt, skewMs);
          const occurredAt = moved > serverTime ? serverTime : moved;
          await db.events.update(id, { occurredAt, attempts: e.attempts + 1 });
        } else {
          await db.events.update(id, { attempts: e.attempts + 1, lastError: clip(message, 500) });
        }
      }
    });
  }

  /**
   * Changes these events in one transaction, whole or not at all: read, changed, written back (the
   * counts middleware reuses the read). `fn` answers false to leave an event as it is. `span`: the
   * pending events between these two occurredAt hold them, read in one request rather than by key
   * (anything not found there is still read by key).
   */
  async function change(
    ids: readonly string[],
    fn: (e: StoredEvent) => StoredEvent | false,
    span?: readonly [from: string, to: string],
  ) {
    if (ids.length === 0) return;
    await db.transaction('rw', db.events, async () => {
      const wanted = new Set(ids);
      const rows = new Map<string, StoredEvent>();
      if (span) {
        const around = await db.events
          .where('[syncState+occurredAt]')
          .between(['pending', span[0]], ['pending', span[1]], true, true)
          .toArray();
        for (const e of around) if (wanted.has(e.id)) rows.set(e.id, e);
      }
      const missing = ids.filter((id) => !rows.has(id));
      if (missing.length > 0) for (const e of await db.events.bulkGet(missing)) if (e) rows.set(e.id, e);
      const changed: StoredEvent[] = [];
      for (const e of rows.values()) {
        const next = fn(e);
        if (next) changed.push(next);
      }
      if (changed.length > 0) await db.events.bulkPut(changed);
    });
  }

  /** Only what the server confirmed, and only while still pending, in one transaction. */
  async function markSynced(ids: readonly string[], span?: readonly [string, string]): Promise<void> {
    const syncedAt = now().toISOString();
    await change(
      ids,
      ({ lastError: _, ...e }) =>
        e.syncState === 'pending' ? { ...e, syncState: 'synced', syncedAt } : false,
      span,
    );
  }

  /** The server refused these events: keep them, say why, and stop sending them automatically. */
  async function hold(reasons: ReadonlyMap<string, string>): Promise<void> {
    await change([...reasons.keys()], (e) => ({
      ...e,
      attempts: e.attempts + 1,
      lastError: clip(reasons.get(e.id) ?? 'Refused by the team server', 500),
    }));
  }

  async function countAttempt(ids: string[]): Promise<void> {
    await change(ids, (e) => ({ ...e, attempts: e.attempts + 1 }));
  }

  async function push(
    client: ApiClient,
    record: SyncRecord,
    manual: boolean,
  ): Promise<Step & { contacted: boolean; sent: number; batchLimit?: number }> {
    let limit = Math.min(record.batchLimit ?? batchSize, batchSize);
    let sent = 0;
    let contacted = false;
    let failures = 0;
    /** Halved in this run: stay small until the culprit is found. */
    let shrunk = false;
    let lastFailure: ApiFailure | undefined;
    /** Sent alone and failed in this run: the culprit if the server takes other events meanwhile. */
    const suspects = new Map<string, { why: string; occurredAt: string }>();
    /**
     * Held in this run because they are stored in a shape the server can't take: Sync now reads held
     * events too, and without this it would read (and hold again) the same ones batch after batch, never
     * reaching the events behind them.
     */
    const unsendable = new Map<string, string>();
    /** What this run's reads leave out: the suspects and the unsendable events, by id → occurredAt. */
    const leftOut = () =>
      new Map([...unsendable, ...[...suspects].map(([id, s]) => [id, s.occurredAt] as const)]);
    const holdSuspects = () => hold(new Map([...suspects].map(([id, s]) => [id, s.why])));

    /**
     * Pipelined: while a batch is on its way, the batch before it (confirmed by the server) is marked
     * synced and its conflicts settled, then the next one is read and checked, so it goes out as soon as
     * the answer is in. Nothing is marked before the server confirms it; if the worker dies first, the
     * next run sends those events again and the server answers them as duplicates.
     */
    let marking: Promise<void> | undefined;
    /** Waits for the batch being marked; its failure is this run's. */
    const marked = async () => {
      const m = marking;
      marking = undefined;
      await m;
    };
    /** The next batch, read while the last one was on its way (used only if the server took that one). */
    let prefetched: Batch | undefined;
    try {
      for (let requests = 0; requests < MAX_REQUESTS_PER_RUN; ) {
        let next = prefetched;
        prefetched = undefined;
        if (!next) {
          await marked();
          next = await nextBatch(limit, manual, leftOut());
        }
        const batch = next.events;
        // Empty while a batch was being marked: read again from the start once it is.
        if (batch.length === 0) {
          if (marking) continue;
          break;
        }
        requests++;

        const { wire, invalid } = next.checked ?? check(batch);
        if (invalid.size > 0) {
          await hold(invalid);
          for (const e of batch) if (invalid.has(e.id)) unsendable.set(e.id, e.occurredAt);
        }
        if (wire.length === 0) continue;

        const sentAt = now();
        const answer = client.postEvents({
          events: wire,
          client: {
            pending: Math.max(0, next.pending - wire.length),
            ...(record.lastError ? { lastError: clip(record.lastError.message, 500) } : {}),
            version,
          },
        });
        // Meanwhile: the batch before this one marked, then the one after it read (without this one,
        // still pending) and checked, at the size it will have if this one goes through.
        let ahead: Batch;
        const grown = shrunk ? limit : Math.min(batchSize, limit * 2);
        try {
          await marked();
          const skip = leftOut();
          for (const e of batch) skip.set(e.id, e.occurredAt);
          ahead = await nextBatch(grown, manual, skip, batch.at(-1)!.occurredAt);
          ahead.checked = check(ahead.events);
        } finally {
          // Never leave the request behind: its answer decides what is marked.
          await answer;
        }
        const res = await answer;
        if (res.ok) {
          contacted = true;
          const { conflicts, serverTime } = res.data;
          const conflicting = new Set(conflicts.map((c) => c.id));
          const ids = [...res.data.accepted, ...res.data.duplicates].filter((id) => !conflicting.has(id));
          sent += ids.length;
          // The server is taking events: what failed alone meanwhile fails on its own account.
          if (suspects.size > 0) {
            await holdSuspects();
            suspects.clear();
          }
          // While halving, stay small until the culprit is found: its neighbours go through meanwhile.
          // A size inherited from failed runs grows back once batches go through.
          limit = grown;
          prefetched = { ...ahead, pending: Math.max(0, ahead.pending - ids.length) };
          const span = [batch[0]!.occurredAt, batch.at(-1)!.occurredAt] as const;
          const settling = noteClock(serverTime, sentAt).then(async (skewMs) => {
            await markSynced(ids, span);
            await settleConflicts(conflicts, skewMs, serverTime);
          });
          // Awaited by `marked()`; until then its failure must not count as unhandled.
          settling.catch(() => undefined);
          marking = settling;
          continue;
        }

        const f = res.error;
        if (f.kind === 'bad-request') {
          const eventIssues = f.issues.filter((i) => i.path[0] === 'events' && typeof i.path[1] === 'number');
          if (eventIssues.length > 0) {
            // The server names the bad events: hold exactly those, send the rest.
            const reasons = new Map<string, string>();
            for (const i of eventIssues) {
              const e = wire[i.path[1] as number];
              if (e) reasons.set(e.id, `${i.path.slice(2).join('.') || 'event'}: ${i.message}`);
            }
            await hold(reasons);
            continue;
          }
          if (f.issues.length > 0) return { ok: false, failure: f, contacted, sent };
        }
        if (f.kind === 'bad-request' || f.kind === 'too-large') {
          // No pointer to the culprit (or simply too big): halve until the bad one is alone.
          if (wire.length === 1) {
            await hold(new Map([[wire[0]!.id, f.message]]));
            limit = batchSize;
          } else {
            limit = Math.ceil(wire.length / 2);
            shrunk = true;
          }
          continue;
        }
        await countAttempt(wire.map((e) => e.id));
        if (f.kind === 'server' || f.kind === 'network') {
          // A dead server and an event it chokes on look alike: split, and let the others tell.
          failures += 1;
          lastFailure = f;
          shrunk = true;
          if (wire.length > 1) limit = Math.ceil(wire.length / 2);
          else {
            const why = f.kind === 'server' ? `HTTP ${f.status}` : f.message;
            suspects.set(wire[0]!.id, {
              why: clip(`The team server failed on this event alone (${why})`, 500),
              occurredAt: wire[0]!.occurredAt,
            });
          }
          if (failures < MAX_FAILURES_PER_RUN) continue;
        }
        return { ok: false, failure: f, contacted, sent, batchLimit: limit };
      }
    } finally {
      await marked();
    }
    // Nothing was taken after the lone failure: the server, not the event, is the likelier problem.
    if (suspects.size > 0 && lastFailure) {
      return { ok: false, failure: lastFailure, contacted, sent, batchLimit: limit };
    }

    const quietFor = record.lastContactAt ? now().getTime() - Date.parse(record.lastContactAt) : Infinity;
    if (!contacted && quietFor >= HEARTBEAT_MS) {
      const res = await client.postEvents({
        events: [],
        client: {
          pending: await pendingCount(db),
          ...(record.lastError ? { lastError: clip(record.lastError.message, 500) } : {}),
          version,
        },
      });
      if (!res.ok) return { ok: false, failure: res.error, contacted, sent };
      contacted = true;
    }
    return { ok: true, contacted, sent };
  }

  return {
    push,
    noteClock,
    /** Events not yet on the server, held ones included. */
    pending: () => pendingCount(db),
    /** Events the server refused, kept with the reason until "Sync now". */
    held: () => heldEvents(db),
  };
}
export type Outbox = ReturnType<typeof createOutbox>;
