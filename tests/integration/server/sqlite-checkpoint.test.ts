import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { openDatabase } from '../../../server/db/connect';
import { WRITER_AUTOCHECKPOINT_PAGES } from '../../../server/db/sqlite-checkpoint';
import type { Db } from '../../../server/db/types';

// Issue 10: a 500-event batch changes more pages than SQLite's default autocheckpoint (1,000), so each
// commit copied the WAL back into the file and synced it before returning. The server's connection
// leaves that to a thread of its own.
describe('SQLite checkpoints in a thread of its own', () => {
  let dir: string;
  let db: Db | undefined;
  afterEach(async () => {
    await db?.destroy();
    db = undefined;
    rmSync(dir, { recursive: true, force: true });
  });

  const path = () => join(dir, 'db.sqlite');
  /** ~8 MB of new pages in one transaction: 2,000 pages, over the default autocheckpoint. */
  async function writeBigTransaction(d: Db) {
    await sql`create table blobs (id integer primary key, b blob)`.execute(d);
    await d.transaction().execute(async (trx) => {
      for (let i = 0; i < 2_000; i++) await sql`insert into blobs (b) values (randomblob(4000))`.execute(trx);
    });
  }
  const pragma = async (d: Db, name: string) =>
    Object.values((await sql.raw(`pragma ${name}`).execute(d)).rows[0] as Record<string, number>)[0];

  it('commits without checkpointing, and the thread copies the WAL into the file soon after', async () => {
    dir = mkdtempSync(join(tmpdir(), 'rt-ckpt-'));
    db = openDatabase({ kind: 'sqlite', path: path() }, { checkpointThread: true });
    expect(await pragma(db, 'wal_autocheckpoint')).toBe(WRITER_AUTOCHECKPOINT_PAGES);
    const before = statSync(path()).size;
    await writeBigTransaction(db);
    // The pages reach the database file only through a checkpoint, and the writer's own threshold is
    // far above 2,000 pages: the file grows because the thread checkpointed.
    await vi.waitFor(() => expect(statSync(path()).size).toBeGreaterThan(before + 7_000_000), {
      timeout: 5_000,
    });
  });

  it('without the thread, SQLite keeps its own autocheckpoint (CLI runs, tests)', async () => {
    dir = mkdtempSync(join(tmpdir(), 'rt-ckpt-'));
    db = openDatabase({ kind: 'sqlite', path: path() });
    expect(await pragma(db, 'wal_autocheckpoint')).toBe(1000);
  });
});
