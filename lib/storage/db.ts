import { Dexie, type EntityTable } from 'dexie';
import type { QueuedCorrection } from '../schemas/classifier';
import type { StoredEvent } from '../schemas/event';
import type { HealthRecord } from '../schemas/health';
import type { CapturedMention } from '../schemas/mention';
import type { TrackedThread } from '../schemas/thread';
import { type CountRow, countsMiddleware, rebuildCounts } from './counts';

/** A small key/value row: the connection, the sync bookkeeping, pull cursors, the playbooks cache. */
export interface KvRow {
  key: string;
  value: unknown;
}

export const DB_NAME = 'reply-tracker';

/** A captured mention waiting for (or done with) its upload: one row per platform + post id. */
export interface OutboxMention {
  /** `mentionKey`: platform and post id, so twenty sightings of one post are one row. */
  key: string;
  mention: CapturedMention;
  syncState: 'pending' | 'sent';
  attempts: number;
  /** Why the server refused it; a held row waits for "Sync now". */
  lastError?: string;
  /** When the server confirmed it: "sent today" counts these. */
  sentAt?: string;
}
/**
 * A health record under its `healthKey`. `rev` counts its changes and `sentRev` is the one the team
 * server confirmed, so a change made while an upload is on its way is sent again, never lost (not
 * indexed: at most 200 rows, read whole).
 */
export type HealthRow = HealthRecord & {
  key: string;
  rev?: number;
  sentRev?: number;
  /** Why the team server refused this record; it is not sent again until it changes. */
  sendError?: string;
};

/** The extension's own IndexedDB. Only the background (and extension pages) open it. */
export class ReplyTrackerDB extends Dexie {
  events!: EntityTable<StoredEvent, 'id'>;
  /** Threads tracked on this machine only (before, or without, a team server). */
  threads!: EntityTable<TrackedThread, 'id'>;
  /** The team's threads as last pulled from the server; shown instead of `threads` while connected. */
  teamThreads!: EntityTable<TrackedThread, 'id'>;
  kv!: EntityTable<KvRow, 'key'>;
  /** The mention capture's outbox (issue 12). */
  mentions!: EntityTable<OutboxMention, 'key'>;
  /** What the counting depends on that failed, one row per platform + page type + check (issue 14). */
  health!: EntityTable<HealthRow, 'key'>;
  /** Category corrections waiting to reach the team server (issue 13), oldest first. */
  corrections!: EntityTable<QueuedCorrection, 'id'>;
  /** The log's tallies per day, hour and quarter and its pending count, kept with it (counts.ts). */
  counts!: EntityTable<CountRow, 'key'>;

  constructor(name = DB_NAME) {
    super(name);
    // v1 (2026-11-21): the first cut: the activity log and locally tracked threads.
    this.version(1).stores({
      events: 'id, occurredAt, targetId, conversationId',
      threads: 'id, &[platform+canonicalId]',
    });
    // v2 (2026-11-21): exactly-once needs a unique key per action that survives service-worker
    // restarts (an id is minted per write, so it cannot de-duplicate), and the outbox needs to find
    // pending events oldest first without scanning the whole log.
    this.version(2)
      .stores({
        events: 'id, occurredAt, targetId, conversationId, &dedupeKey, [syncState+occurredAt]',
      })
      .upgrade((tx) =>
        tx
          .table('events')
          .toCollection()
          .modify((e: Partial<StoredEvent> & { id: string }) => {
            e.dedupeKey ??= `legacy:${e.id}`;
            e.syncState ??= 'pending';
            e.attempts ??= 0;
          }),
      );
    // v3 (2026-11-24): the team server. Its threads get their own table so local-only ones survive a
    // disconnect untouched; the access token lives in `kv` (IndexedDB, which content scripts cannot
    // read, unlike storage.local), beside the sync bookkeeping that must outlive the service worker.
    this.version(3).stores({
      teamThreads: 'id, &[platform+canonicalId], updatedAt',
      kv: 'key',
    });
    // v5 (2026-11-26): mention capture. Mentions wait in their own outbox, one row per post (the key
    // de-duplicates what several tabs see), found oldest-pending first, and counted by upload time.
    this.version(5).stores({
      mentions: 'key, [syncState+mention.seenAt], sentAt',
    });
    // v6 (2026-11-26): health records. A site change must never stop the counting quietly: each failed
    // check is kept (first and last seen, by which version) for the sidebar, the popup and the team.
    this.version(6).stores({ health: 'key, platform, lastSeen' });
    // v9 (2026-11-26): a manager's category corrections are labelled examples for the classifier; they
    // wait here until the server has them, so nothing is lost offline.
    this.version(9).stores({ corrections: 'id, queuedAt' });
    // v10 (2026-11-26): the sidebar's and the popup's counts read a few rows, not the log (issue 10):
    // tallies per day, hour and quarter and the pending count, kept in the transaction that writes an
    // event (counts.ts), built here once from the log. Held events (refused by the server, a few) get
    // an index, so the popup finds them without reading every pending event.
    this.version(10)
      .stores({
        events: 'id, occurredAt, targetId, conversationId, &dedupeKey, [syncState+occurredAt], lastError',
        counts: 'key',
      })
      .upgrade((tx) => rebuildCounts(tx));
    this.use(countsMiddleware);
  }
}

let shared: ReplyTrackerDB | undefined;

/** The one database the background uses; opened lazily so a killed worker reopens it on wake. */
export function getDb(): ReplyTrackerDB {
  shared ??= new ReplyTrackerDB();
  return shared;
}
