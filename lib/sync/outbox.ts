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

export function createOutbox(ctx: SyncContext) {
  const { db, now, newId, batchSize, version } = ctx;

  const pendingRange = () =>
    db.events.where('[syncState+occurredAt]').between(['pending', Dexie.minKey], ['pending', Dexie.maxKey]);

  const nextBatch = (limit: number, includeHeld: boolean, skip: ReadonlySet<string>) =>
    pendingRange()
      .filter((e) => (includeHeld || !e.lastError) && !skip.has(e.id))
      .limit(limit)
      .toArray();

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

  async function markSynced(ids: string[]): Promise<void> {
    const at = now().toISOString();
    // One transaction: a batch is marked whole or not at all, like the server stores it.
    await db.transaction('rw', db.events, () =>
      db.events
        .where('id')
        .anyOf(ids)
        .modify((e) => {
          e.syncState = 'synced';
          e.syncedAt = at;
          delete e.lastError;
        }),
    );
  }

  /** The server refused these events: keep them, say why, and stop sending them automatically. */
  async function hold(reasons: Map<string, string>): Promise<void> {
    await db.transaction('rw', db.events, () =>
      db.events
        .where('id')
        .anyOf([...reasons.keys()])
        .modify((e) => {
          e.attempts += 1;
          e.lastError = clip(reasons.get(e.id) ?? 'Refused by the team server', 500);
        }),
    );
  }

  async function countAttempt(ids: string[]): Promise<void> {
    await db.events
      .where('id')
      .anyOf(ids)
      .modify((e) => {
        e.attempts += 1;
      });
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
    const suspects = new Map<string, string>();
    for (let requests = 0; requests < MAX_REQUESTS_PER_RUN; requests++) {
      const batch = await nextBatch(limit, manual, new Set(suspects.keys()));
      if (batch.length === 0) break;

      const wire: ActivityEvent[] = [];
      const invalid = new Map<string, string>();
      for (const e of batch) {
        const w = toWire(e);
        if (w.ok) wire.push(w.event);
        else invalid.set(e.id, `Stored in a shape the server can't take (${w.message})`);
      }
      if (invalid.size > 0) await hold(invalid);
      if (wire.length === 0) continue;

      const total = await pendingCount(db);
      const sentAt = now();
      const res = await client.postEvents({
        events: wire,
        client: {
          pending: Math.max(0, total - wire.length),
          ...(record.lastError ? { lastError: clip(record.lastError.message, 500) } : {}),
          version,
        },
      });
      if (res.ok) {
        contacted = true;
        const { conflicts, serverTime } = res.data;
        const skewMs = await noteClock(serverTime, sentAt);
        const conflicting = new Set(conflicts.map((c) => c.id));
        const ids = [...res.data.accepted, ...res.data.duplicates].filter((id) => !conflicting.has(id));
        await markSynced(ids);
        await settleConflicts(conflicts, skewMs, serverTime);
        sent += ids.length;
        // The server is taking events: what failed alone meanwhile fails on its own account.
        if (suspects.size > 0) {
          await hold(suspects);
          suspects.clear();
        }
        // While halving, stay small until the culprit is found: its neighbours go through meanwhile.
        // A size inherited from failed runs grows back once batches go through.
        if (!shrunk) limit = Math.min(batchSize, limit * 2);
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
          suspects.set(wire[0]!.id, clip(`The team server failed on this event alone (${why})`, 500));
        }
        if (failures < MAX_FAILURES_PER_RUN) continue;
      }
      return { ok: false, failure: f, contacted, sent, batchLimit: limit };
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
