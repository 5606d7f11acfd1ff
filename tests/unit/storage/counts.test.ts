import { type DBCore, Dexie } from 'dexie';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { tally } from '@/lib/domain/metrics';
import type { Action, StoredEvent } from '@/lib/schemas/event';
import { tallySince } from '@/lib/storage/counts';
import type { ReplyTrackerDB } from '@/lib/storage/db';
import { heldEvents, myCounts, pendingCount, periodStarts, recordAction } from '@/lib/storage/events';
import { freshDbs } from './fresh-db';

const { fresh, drop } = freshDbs('rt-counts');

/** The definition, straight from the log: what the counts must always equal. */
async function recomputed(db: ReplyTrackerDB, since: Date) {
  const all = await db.events.toArray();
  return tally(all.filter((e) => e.occurredAt >= since.toISOString()));
}
const pendingScan = async (db: ReplyTrackerDB) =>
  (await db.events.toArray()).filter((e) => e.syncState === 'pending').length;

const BASE = Date.parse('2026-10-30T00:00:00.000Z');
const SPAN = 5 * 86_400_000;
const ACTIONS: Action[] = ['like', 'unlike', 'reply', 'comment'];

const event = (i: number, action: Action, at: number, pending: boolean): StoredEvent => ({
  id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
  dedupeKey: `x:${action}:${i}`,
  platform: 'x',
  action,
  targetId: String(1_850_000_000_000_000_000n + BigInt(i)),
  pageUrl: 'https://x.com/a/status/1',
  occurredAt: new Date(at).toISOString(),
  source: 'network',
  syncState: pending ? 'pending' : 'synced',
  attempts: 0,
});

const idArb = fc.integer({ min: 0, max: 30 });
const atArb = fc.integer({ min: 0, max: SPAN }).map((ms) => BASE + ms);
const evArb = fc
  .tuple(idArb, fc.constantFrom(...ACTIONS), atArb, fc.boolean())
  .map(([i, a, at, p]) => event(i, a, at, p));

/** Every way the extension writes the log: one at a time, in bulk (some refused), changes, deletions. */
const opArb = fc.oneof(
  fc.record({ kind: fc.constant('add' as const), e: evArb }),
  fc.record({ kind: fc.constant('bulkAdd' as const), es: fc.array(evArb, { maxLength: 6 }) }),
  fc.record({ kind: fc.constant('bulkPut' as const), es: fc.array(evArb, { maxLength: 6 }) }),
  fc.record({ kind: fc.constant('markSynced' as const), ids: fc.array(idArb, { maxLength: 8 }) }),
  fc.record({
    kind: fc.constant('move' as const),
    id: idArb,
    at: atArb,
    action: fc.constantFrom(...ACTIONS),
  }),
  fc.record({ kind: fc.constant('hold' as const), id: idArb }),
  fc.record({ kind: fc.constant('delete' as const), ids: fc.array(idArb, { maxLength: 4 }) }),
  fc.record({ kind: fc.constant('deleteSince' as const), at: atArb }),
  fc.record({ kind: fc.constant('abort' as const), e: evArb }),
  fc.record({ kind: fc.constant('clear' as const) }),
);
type Op = typeof opArb extends fc.Arbitrary<infer T> ? T : never;

const idOf = (i: number) => event(i, 'like', BASE, true).id;

async function apply(db: ReplyTrackerDB, op: Op): Promise<void> {
  const quiet = (p: Promise<unknown>) => p.catch(() => undefined);
  switch (op.kind) {
    case 'add':
      return void (await quiet(db.events.add(op.e)));
    case 'bulkAdd':
      return void (await quiet(db.transaction('rw', db.events, () => db.events.bulkAdd(op.es))));
    case 'bulkPut':
      // Distinct dedupe keys per id, so a put replaces rather than clashing with another row's key.
      return void (await quiet(
        db.events.bulkPut(op.es.map((e) => ({ ...e, dedupeKey: `k:${e.id}` }))).then(() => undefined),
      ));
    case 'markSynced':
      return void (await db.events
        .where('id')
        .anyOf(op.ids.map(idOf))
        .modify((e) => {
          e.syncState = 'synced';
          delete e.lastError;
        }));
    case 'move':
      return void (await db.events.update(idOf(op.id), {
        occurredAt: new Date(op.at).toISOString(),
        action: op.action,
        syncState: 'pending',
      }));
    case 'hold':
      return void (await db.events.update(idOf(op.id), { lastError: 'refused' }));
    case 'delete':
      return void (await db.events.bulkDelete(op.ids.map(idOf)));
    case 'deleteSince':
      return void (await db.events.where('occurredAt').aboveOrEqual(new Date(op.at).toISOString()).delete());
    case 'abort':
      // A transaction that fails after writing: neither the event nor its count may stay.
      return void (await quiet(
        db.transaction('rw', db.events, async () => {
          await db.events.put(op.e);
          throw new Error('abort');
        }),
      ));
    case 'clear':
      return void (await db.events.clear());
  }
}

/** Writes in one transaction after reads of the same rows: what the counts reuse instead of reading again. */
const txOpArb = fc.oneof(
  fc.record({ kind: fc.constant('read' as const), ids: fc.array(idArb, { maxLength: 8 }) }),
  fc.record({ kind: fc.constant('readRange' as const), at: atArb }),
  fc.record({ kind: fc.constant('readOne' as const), id: idArb }),
  fc.record({ kind: fc.constant('put' as const), es: fc.array(evArb, { maxLength: 6 }) }),
  fc.record({ kind: fc.constant('add' as const), e: evArb }),
  fc.record({ kind: fc.constant('markSynced' as const), ids: fc.array(idArb, { maxLength: 8 }) }),
  fc.record({
    kind: fc.constant('move' as const),
    id: idArb,
    at: atArb,
    action: fc.constantFrom(...ACTIONS),
    pending: fc.boolean(),
  }),
  fc.record({ kind: fc.constant('delete' as const), ids: fc.array(idArb, { maxLength: 4 }) }),
  fc.record({ kind: fc.constant('deleteSince' as const), at: atArb }),
);
type TxOp = typeof txOpArb extends fc.Arbitrary<infer T> ? T : never;

async function applyInTx(db: ReplyTrackerDB, op: TxOp): Promise<void> {
  switch (op.kind) {
    case 'read':
      return void (await db.events.bulkGet(op.ids.map(idOf)));
    case 'readRange':
      return void (await db.events.where('occurredAt').aboveOrEqual(new Date(op.at).toISOString()).toArray());
    case 'readOne':
      return void (await db.events.get(idOf(op.id)));
    case 'put':
      return void (await db.events.bulkPut(op.es.map((e) => ({ ...e, dedupeKey: `k:${e.id}` }))));
    case 'add':
      // May clash with a row already there: refused, caught, the transaction goes on.
      return void (await db.events.add({ ...op.e, dedupeKey: `k:${op.e.id}` }).catch(() => undefined));
    case 'markSynced': {
      const rows = await db.events.bulkGet(op.ids.map(idOf));
      const marked = rows.flatMap((e) => (e ? [{ ...e, syncState: 'synced' as const }] : []));
      return void (await db.events.bulkPut(marked));
    }
    case 'move':
      return void (await db.events.update(idOf(op.id), {
        occurredAt: new Date(op.at).toISOString(),
        action: op.action,
        syncState: op.pending ? 'pending' : 'synced',
      }));
    case 'delete':
      return void (await db.events.bulkDelete(op.ids.map(idOf)));
    case 'deleteSince':
      return void (await db.events.where('occurredAt').aboveOrEqual(new Date(op.at).toISOString()).delete());
  }
}

/** Counts the rows of the log read from the store itself, below the counts middleware. */
function countReads(db: ReplyTrackerDB) {
  const reads = { rows: 0 };
  db.use({
    stack: 'dbcore',
    name: 'test-read-counter',
    level: -20,
    create: (down: DBCore): DBCore => ({
      ...down,
      table(name) {
        const t = down.table(name);
        if (name !== 'events') return t;
        return {
          ...t,
          get: (req) => {
            reads.rows += 1;
            return t.get(req);
          },
          getMany: (req) => {
            reads.rows += req.keys.length;
            return t.getMany(req);
          },
        };
      },
    }),
  });
  return reads;
}

describe('counts kept with the log', () => {
  it('equal the definition recomputed from the log after any sequence of writes', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(opArb, { maxLength: 25 }),
        fc.array(fc.integer({ min: -86_400_000, max: SPAN + 86_400_000 }), { minLength: 1, maxLength: 4 }),
        async (ops, sinceOffsets) => {
          const db = fresh();
          for (const op of ops) await apply(db, op);
          for (const offset of sinceOffsets) {
            // Any boundary, not only a quarter hour: the read covers the odd minutes itself.
            const since = new Date(BASE + offset);
            expect(await tallySince(db, since)).toEqual(await recomputed(db, since));
          }
          expect(await pendingCount(db)).toBe(await pendingScan(db));
          await drop(db);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('stay right when a transaction writes rows it has read (the counts reuse that read)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(evArb, { maxLength: 12 }),
        fc.array(fc.tuple(fc.array(txOpArb, { minLength: 1, maxLength: 8 }), fc.boolean()), { maxLength: 6 }),
        async (seed, transactions) => {
          const db = fresh();
          await db.events.bulkPut(seed.map((e) => ({ ...e, dedupeKey: `k:${e.id}` })));
          for (const [ops, abort] of transactions) {
            await db
              .transaction('rw', db.events, async () => {
                for (const op of ops) await applyInTx(db, op);
                if (abort) throw new Error('abort');
              })
              .catch((err: Error) => {
                if (err.message !== 'abort') throw err;
              });
          }
          expect(await tallySince(db, new Date(BASE))).toEqual(await recomputed(db, new Date(BASE)));
          expect(await tallySince(db, new Date(BASE + SPAN / 2))).toEqual(
            await recomputed(db, new Date(BASE + SPAN / 2)),
          );
          expect(await pendingCount(db)).toBe(await pendingScan(db));
          await drop(db);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('read each row once when a transaction reads rows and then writes them (modify, or get and put)', async () => {
    const db = fresh();
    const reads = countReads(db);
    const events = Array.from({ length: 500 }, (_, i) => event(i, ACTIONS[i % 4]!, BASE + i * 60_000, true));
    await db.events.bulkAdd(events);
    const ids = events.map((e) => e.id);

    reads.rows = 0;
    await db.transaction('rw', db.events, async () => {
      const rows = await db.events.bulkGet(ids.slice(0, 250));
      await db.events.bulkPut(rows.map((e) => ({ ...e!, syncState: 'synced' as const })));
    });
    expect(reads.rows).toBe(250);

    reads.rows = 0;
    await db.events
      .where('id')
      .anyOf(ids.slice(250))
      .modify((e) => {
        e.syncState = 'synced';
      });
    expect(reads.rows).toBe(250);

    expect(await pendingCount(db)).toBe(0);
    expect(await tallySince(db, new Date(BASE))).toEqual(await recomputed(db, new Date(BASE)));
  });

  it("answer the sidebar's today and month as the log says, with a duplicate logged once", async () => {
    const db = fresh();
    const now = new Date('2026-11-26T15:00:00');
    const at = (iso: string) => new Date(iso).toISOString();
    const base = {
      platform: 'x' as const,
      pageUrl: 'https://x.com/a/status/1850000000000000001',
      source: 'network' as const,
      targetId: '1850000000000000001',
    };
    await recordAction(db, {
      ...base,
      action: 'like',
      occurredAt: at('2026-11-26T09:00:00'),
      dedupeKey: 'a',
    });
    await recordAction(db, {
      ...base,
      action: 'like',
      occurredAt: at('2026-11-26T09:00:00'),
      dedupeKey: 'a',
    });
    await recordAction(db, {
      ...base,
      action: 'reply',
      occurredAt: at('2026-11-26T00:00:00'),
      dedupeKey: 'b',
    });
    await recordAction(db, {
      ...base,
      action: 'unlike',
      occurredAt: at('2026-11-25T23:59:59'),
      dedupeKey: 'c',
    });
    await recordAction(db, {
      ...base,
      action: 'comment',
      occurredAt: at('2026-10-31T23:59:59'),
      dedupeKey: 'd',
    });
    expect(await myCounts(db, now)).toEqual({
      today: { replies: 1, likes: 1, unlikes: 0 },
      month: { replies: 1, likes: 1, unlikes: 1 },
    });
    const { month } = periodStarts(now);
    expect(await tallySince(db, month)).toEqual(await recomputed(db, month));
    expect(await pendingCount(db)).toBe(4);
  });

  it('are built from the existing log when an older database upgrades', async () => {
    const name = `rt-counts-upgrade-${crypto.randomUUID()}`;
    const v9 = new Dexie(name);
    v9.version(9).stores({
      events: 'id, occurredAt, targetId, conversationId, &dedupeKey, [syncState+occurredAt]',
    });
    const old = [
      event(1, 'like', BASE + 1000, true),
      event(2, 'reply', BASE + 7 * 60_000, false),
      { ...event(3, 'unlike', BASE + 3 * 86_400_000, true), lastError: 'refused' },
    ];
    await v9.table('events').bulkAdd(old);
    v9.close();
    const db = fresh(name);
    expect(await tallySince(db, new Date(BASE))).toEqual({ replies: 1, likes: 1, unlikes: 1 });
    expect(await tallySince(db, new Date(BASE + 60_000))).toEqual({ replies: 1, likes: 0, unlikes: 1 });
    expect(await pendingCount(db)).toBe(2);
    expect((await heldEvents(db)).map((e) => e.id)).toEqual([old[2]!.id]);
  });
});
