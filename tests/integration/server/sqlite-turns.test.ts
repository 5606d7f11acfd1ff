// @vitest-environment node
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, TurnTaker } from '../../../server/db/connect';
import type { Db } from '../../../server/db/types';

describe('the SQLite connection passes from one holder to the next through a turn of the event loop', () => {
  let db: Db | undefined;
  afterEach(async () => {
    await db?.destroy();
    db = undefined;
  });

  it('lets what arrived during a transaction be read before the next queued transaction runs', async () => {
    db = openDatabase({ kind: 'sqlite', path: ':memory:' });
    const order: string[] = [];
    const trx = (name: string) =>
      db!.transaction().execute(async (t) => {
        await sql`select 1`.execute(t);
        // A request's body arriving meanwhile: read on the next turn of the event loop.
        if (name === 'first') setImmediate(() => order.push('request read'));
        order.push(name);
      });
    await Promise.all([trx('first'), trx('second'), trx('third')]);
    // Before: the queued transactions ran back to back on microtasks, the request waited for all.
    expect(order).toEqual(['first', 'request read', 'second', 'third']);
  });

  it('serves holders in the order they asked, a newcomer during the hand-over behind those waiting', async () => {
    const turns = new TurnTaker();
    const order: string[] = [];
    const hold = async (name: string) => {
      await turns.lock();
      order.push(name);
      turns.unlock();
    };
    await turns.lock();
    const waiting = [hold('b'), hold('c')];
    turns.unlock();
    const late = hold('d');
    await Promise.all([...waiting, late]);
    expect(order).toEqual(['b', 'c', 'd']);
    // Free again once nobody waits: the next holder gets it at once.
    await turns.lock();
    turns.unlock();
  });
});
