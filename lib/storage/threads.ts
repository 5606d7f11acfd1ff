import { slaDueAt } from '../domain/sla';
import { categoryConfig } from '../schemas/categories';
import type { Platform } from '../schemas/common';
import {
  type NewTrackedThread,
  NewTrackedThreadSchema,
  type ThreadPatch,
  ThreadPatchSchema,
  type TrackedThread,
} from '../schemas/thread';
import type { ReplyTrackerDB } from './db';

export async function listThreads(db: ReplyTrackerDB, platform?: Platform): Promise<TrackedThread[]> {
  const all = await db.threads.toArray();
  return platform ? all.filter((t) => t.platform === platform) : all;
}

/** Tracks a thread on this machine only (the backend shares threads with the team). */
export async function trackLocally(
  db: ReplyTrackerDB,
  input: NewTrackedThread,
  createdBy: string,
  now: Date = new Date(),
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

export async function updateThread(
  db: ReplyTrackerDB,
  id: string,
  patch: ThreadPatch,
  now: Date = new Date(),
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

export async function untrack(db: ReplyTrackerDB, id: string): Promise<void> {
  await db.threads.delete(id);
}
