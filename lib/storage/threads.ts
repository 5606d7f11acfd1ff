import { isReply } from '../domain/metrics';
import { slaDueAt } from '../domain/sla';
import { mergeAnswers } from '../domain/threads';
import { categoryConfig } from '../schemas/categories';
import type { Platform } from '../schemas/common';
import type { StoredEvent } from '../schemas/event';
import {
  type NewTrackedThread,
  NewTrackedThreadSchema,
  type ThreadPatch,
  ThreadPatchSchema,
  type TrackedThread,
} from '../schemas/thread';
import type { ReplyTrackerDB } from './db';

/**
 * The threads a member works on, wherever they are kept. Two implementations: this machine's own
 * (`createLocalThreads`, before any connection) and the team's (`lib/sync/team.ts`, tracked on the
 * server by a manager); the background picks one per request (`lib/background/threads.ts`), so no
 * handler asks "connected?" itself.
 */
export interface ThreadRepository {
  /** The threads to show (the team's: open and answered ones), optionally one platform's. */
  list(platform?: Platform): Promise<TrackedThread[]>;
  /** Starts tracking; a thread tracked already is answered as it is. */
  track(input: NewTrackedThread): Promise<TrackedThread>;
  update(id: string, patch: ThreadPatch): Promise<TrackedThread>;
  untrack(id: string): Promise<void>;
}

export interface LocalThreadsDeps {
  now?: () => Date;
  /** Called after every write, so open sidebars refresh. */
  changed?: () => Promise<void> | void;
  /** Who a local thread says tracked it. */
  createdBy?: string;
}

/** Threads tracked on this machine only (the team server shares threads with the team). */
export function createLocalThreads(
  db: ReplyTrackerDB,
  { now = () => new Date(), changed, createdBy = 'me' }: LocalThreadsDeps = {},
): ThreadRepository {
  return {
    async list(platform) {
      const all = await db.threads.toArray();
      return platform ? all.filter((t) => t.platform === platform) : all;
    },
    async track(input) {
      const thread = await trackLocally(db, input, createdBy, now());
      await changed?.();
      return thread;
    },
    async update(id, patch) {
      const thread = await updateThread(db, id, patch, now());
      await changed?.();
      return thread;
    },
    async untrack(id) {
      await db.threads.delete(id);
      await changed?.();
    },
  };
}

async function trackLocally(
  db: ReplyTrackerDB,
  input: NewTrackedThread,
  createdBy: string,
  now: Date,
): Promise<TrackedThread> {
  const t = NewTrackedThreadSchema.parse(input);
  const cat = categoryConfig(t.category);
  const at = now.toISOString();
  const thread: TrackedThread = {
    ...t,
    id: crypto.randomUUID(),
    priority: t.priority ?? cat.priority,
    note: t.note ?? '',
    status: 'open',
    slaDueAt: t.slaDueAt ?? slaDueAt(now, t.category),
    createdBy,
    createdAt: at,
    updatedAt: at,
    origin: 'local',
  };
  return db.transaction('rw', db.threads, async () => {
    const existing = await db.threads
      .where('[platform+canonicalId]')
      .equals([thread.platform, thread.canonicalId])
      .first();
    if (existing) return existing;
    await db.threads.add(thread);
    return thread;
  });
}

async function updateThread(
  db: ReplyTrackerDB,
  id: string,
  patch: ThreadPatch,
  now: Date,
): Promise<TrackedThread> {
  const p = ThreadPatchSchema.parse(patch);
  return db.transaction('rw', db.threads, async () => {
    const current = await db.threads.get(id);
    if (!current) throw new Error(`No tracked thread with id ${id}`);
    const next: TrackedThread = { ...current, ...p, updatedAt: now.toISOString() };
    await db.threads.put(next);
    return next;
  });
}

/**
 * A reply of mine to a tracked thread answers it: its SLA clock stops at the first one. Both stores
 * at once, this machine's threads and the team's (so the sidebar shows "answered" at once; the next
 * pull brings the server's view), whichever the member sees now.
 */
export async function markAnswered(db: ReplyTrackerDB, e: StoredEvent, now: Date): Promise<void> {
  if (!isReply(e.action)) return;
  const ids = [e.targetId, e.conversationId].filter((v): v is string => Boolean(v));
  await db.transaction('rw', db.threads, db.teamThreads, async () => {
    for (const table of [db.threads, db.teamThreads]) {
      // A team tracks hundreds of threads, not millions: a scan is cheaper than another index.
      const candidates = (await table.toArray()).filter((t) => ids.includes(t.canonicalId));
      for (const t of candidates) {
        if (t.platform !== e.platform) continue;
        const next = mergeAnswers({ firstReplyAt: t.firstReplyAt ?? null, repliedBy: [], status: t.status }, [
          { member: 'me', at: e.occurredAt },
        ]);
        if (!next || (next.firstReplyAt === t.firstReplyAt && next.status === t.status)) continue;
        await table.update(t.id, {
          firstReplyAt: next.firstReplyAt ?? undefined,
          status: next.status,
          updatedAt: now.toISOString(),
        });
      }
    }
  });
}
