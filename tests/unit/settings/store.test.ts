import { describe, expect, it } from 'vitest';
import {
  CONNECTION_KEYS,
  capturePauseItem,
  clockItem,
  connectionItem,
  readSyncRecord,
  threadsCursorItem,
} from '@/lib/settings/store';
import { freshDbs } from '../storage/fresh-db';

/*
 * The extension's stored settings (lib/settings): one typed, validated key each in the kv table, and
 * the keys a disconnect forgets together.
 */
const { fresh } = freshDbs('rt-settings');

const connection = {
  serverUrl: 'https://replies.example.org',
  token: 'rt_secret',
  name: 'amber',
  role: 'ambassador' as const,
  connectedAt: '2026-11-26T08:00:00.000Z',
};

describe('stored settings', () => {
  it('read back what was stored, with the schema’s defaults filled in', async () => {
    const db = fresh();
    await connectionItem.set(db, connection);
    expect(await connectionItem.get(db)).toEqual(connection);
    expect(await readSyncRecord(db)).toEqual({ failures: 0 });
    // A row written without the failure count (as before the backoff) reads with it.
    await db.kv.put({ key: 'sync', value: { lastSyncedAt: '2026-11-26T08:05:00.000Z' } });
    expect(await readSyncRecord(db)).toEqual({ failures: 0, lastSyncedAt: '2026-11-26T08:05:00.000Z' });
  });

  it('read a row that no longer fits its schema as absent, not half-valid', async () => {
    const db = fresh();
    await db.kv.put({ key: 'connection', value: { ...connection, role: 'owner' } });
    await db.kv.put({ key: 'clock', value: { skewMs: 1.5, measuredAt: 'yesterday' } });
    expect(await connectionItem.get(db)).toBeUndefined();
    expect(await clockItem.get(db)).toBeUndefined();
  });

  it('refuse to store a value that does not fit, and keep the one stored before', async () => {
    const db = fresh();
    await connectionItem.set(db, connection);
    await expect(connectionItem.set(db, { ...connection, serverUrl: 'not a url' })).rejects.toThrow();
    await expect(connectionItem.set(db, { ...connection, token: '' })).rejects.toThrow();
    expect(await connectionItem.get(db)).toEqual(connection);
  });

  it('forget everything of one connection together on disconnect, and keep the member’s own pause', async () => {
    const db = fresh();
    await connectionItem.set(db, connection);
    await threadsCursorItem.set(db, { cursor: 'c1', etag: '"7"' });
    await clockItem.set(db, { skewMs: 250, measuredAt: '2026-11-26T08:00:00.000Z' });
    await capturePauseItem.set(db, { paused: true, at: '2026-11-26T07:00:00.000Z' });
    await db.kv.bulkDelete([...CONNECTION_KEYS]);
    expect(await connectionItem.get(db)).toBeUndefined();
    expect(await threadsCursorItem.get(db)).toBeUndefined();
    expect(await clockItem.get(db)).toBeUndefined();
    expect(await capturePauseItem.get(db)).toEqual({ paused: true, at: '2026-11-26T07:00:00.000Z' });
  });
});
