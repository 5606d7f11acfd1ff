import type { z } from 'zod';
import type { ReplyTrackerDB } from '../storage/db';
import {
  type CachedMonitoring,
  CachedMonitoringSchema,
  type CachedPlaybooks,
  CachedPlaybooksSchema,
  type CapturePause,
  CapturePauseSchema,
  type Clock,
  ClockSchema,
  type Connection,
  ConnectionSchema,
  type SyncRecord,
  SyncRecordSchema,
  type ThreadsCursor,
  ThreadsCursorSchema,
} from './schema';

/** One typed, validated key in the `kv` table; a row that no longer parses reads as absent. */
export interface KvItem<T> {
  get(db: ReplyTrackerDB): Promise<T | undefined>;
  set(db: ReplyTrackerDB, value: T): Promise<void>;
  remove(db: ReplyTrackerDB): Promise<void>;
}

function item<S extends z.ZodType>(key: string, schema: S): KvItem<z.infer<S>> {
  return {
    async get(db) {
      const row = await db.kv.get(key);
      if (!row) return undefined;
      const parsed = schema.safeParse(row.value);
      return parsed.success ? parsed.data : undefined;
    },
    async set(db, value) {
      await db.kv.put({ key, value: schema.parse(value) });
    },
    async remove(db) {
      await db.kv.delete(key);
    },
  };
}

export const connectionItem: KvItem<Connection> = item('connection', ConnectionSchema);
export const syncRecordItem: KvItem<SyncRecord> = item('sync', SyncRecordSchema);
export const threadsCursorItem: KvItem<ThreadsCursor> = item('threads-cursor', ThreadsCursorSchema);
export const clockItem: KvItem<Clock> = item('clock', ClockSchema);
export const playbooksItem: KvItem<CachedPlaybooks> = item('playbooks', CachedPlaybooksSchema);
export const monitoringItem: KvItem<CachedMonitoring> = item('monitoring', CachedMonitoringSchema);
/** Kept across connections: a member who paused capture stays paused after reconnecting. */
export const capturePauseItem: KvItem<CapturePause> = item('capture-pause', CapturePauseSchema);

export async function readSyncRecord(db: ReplyTrackerDB): Promise<SyncRecord> {
  return (await syncRecordItem.get(db)) ?? { failures: 0 };
}

/** Keys that belong to one server connection; forgotten together on disconnect. */
export const CONNECTION_KEYS = [
  'connection',
  'sync',
  'threads-cursor',
  'playbooks',
  'clock',
  'monitoring',
] as const;
