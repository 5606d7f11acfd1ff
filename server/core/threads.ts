import { randomUUID } from 'node:crypto';
import { sql, type Transaction } from 'kysely';
import { REPLY_ACTIONS } from '../../lib/domain/metrics';
import { mergeAnswers, type Replier } from '../../lib/domain/threads';
import type { Platform } from '../../lib/schemas/common';
import {
  type NewTrackedThread,
  type ThreadStatus,
  type TrackedThread,
  TrackedThreadSchema,
} from '../../lib/schemas/thread';
import type { Database, ThreadsTable } from '../db/types';

type Trx = Transaction<Database>;

/** Next value of the threads change counter; call it before writing so the row lock orders commits. */
export async function nextThreadSeq(trx: Trx): Promise<number> {
  const row = await trx
    .updateTable('counters')
    .set((eb) => ({ value: eb('value', '+', 1) }))
    .where('name', '=', 'threads')
    .returning('value')
    .executeTakeFirstOrThrow();
  return Number(row.value);
}

export function toThread(row: ThreadsTable): TrackedThread {
  const optional = (v: string | null) => v ?? undefined;
  // Parsed so a row that drifted from the contract fails here, not in every extension.
  return TrackedThreadSchema.parse({
    id: row.id,
    platform: row.platform,
    url: row.url,
    canonicalId: row.canonical_id,
    parentId: optional(row.parent_id),
    author: optional(row.author),
    excerpt: optional(row.excerpt),
    category: row.category,
    priority: row.priority,
    note: row.note,
    status: row.status,
    slaDueAt: row.sla_due_at,
    createdBy: row.created_by,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    firstReplyAt: optional(row.first_reply_at),
    repliedBy: row.replied_by ? (JSON.parse(row.replied_by) as Replier[]).map((r) => r.name) : undefined,
    origin: 'server',
  });
}

/** A reply or comment by a member, as far as thread bookkeeping cares. */
export interface ReplyFact {
  platform: Platform | string;
  targetId: string;
  conversationId: string | null;
  /** When the reply counts (events.counted_at). */
  at: string;
  member: string;
}

/** Merges replies into a thread's derived fields (lib/domain/threads); returns null when nothing changes. */
export function mergeReplies(
  thread: Pick<ThreadsTable, 'first_reply_at' | 'replied_by' | 'status'>,
  replies: readonly ReplyFact[],
): Pick<ThreadsTable, 'first_reply_at' | 'replied_by' | 'status'> | null {
  const next = mergeAnswers(
    {
      firstReplyAt: thread.first_reply_at,
      repliedBy: thread.replied_by ? (JSON.parse(thread.replied_by) as Replier[]) : [],
      // Rows hold only statuses the schema allowed in.
      status: thread.status as ThreadStatus,
    },
    replies,
  );
  return next
    ? { first_reply_at: next.firstReplyAt, replied_by: JSON.stringify(next.repliedBy), status: next.status }
    : null;
}

/** The tracked threads the replies point at (by target or conversation), in id order. */
async function threadsRepliedTo(trx: Trx, replies: readonly ReplyFact[]): Promise<ThreadsTable[]> {
  const byPlatform = new Map<string, Set<string>>();
  for (const r of replies) {
    const ids = byPlatform.get(r.platform) ?? new Set<string>();
    ids.add(r.targetId);
    if (r.conversationId) ids.add(r.conversationId);
    byPlatform.set(r.platform, ids);
  }
  const matched: ThreadsTable[] = [];
  for (const [platform, ids] of byPlatform) {
    const rows = await trx
      .selectFrom('threads')
      .selectAll()
      .where('platform', '=', platform)
      .where('canonical_id', 'in', [...ids])
      .orderBy('id')
      .execute();
    matched.push(...rows);
  }
  return matched;
}

function changesFor(matched: readonly ThreadsTable[], replies: readonly ReplyFact[]) {
  const changes: (Pick<ThreadsTable, 'first_reply_at' | 'replied_by' | 'status'> & { id: string })[] = [];
  for (const thread of matched) {
    const mine = replies.filter(
      (r) =>
        r.platform === thread.platform &&
        (r.targetId === thread.canonical_id || r.conversationId === thread.canonical_id),
    );
    const change = mergeReplies(thread, mine);
    if (change) changes.push({ id: thread.id, ...change });
  }
  return changes;
}

/**
 * Updates every tracked thread the new replies point at (by target or conversation).
 *
 * Every writer of threads takes the change counter's row lock first (nextThreadSeq), so it orders
 * their commits; batches that change no thread (most) never take it. One that does takes it, reads
 * its threads again under it (a concurrent batch may have merged its own repliers meanwhile) and
 * writes them all in one statement, so the lock is held for two statements and the commit.
 */
export async function applyRepliesToThreads(
  trx: Trx,
  replies: readonly ReplyFact[],
  now: string,
): Promise<void> {
  if (replies.length === 0) return;
  if (changesFor(await threadsRepliedTo(trx, replies), replies).length === 0) return;
  const seq = await nextThreadSeq(trx);
  const changes = changesFor(await threadsRepliedTo(trx, replies), replies);
  if (changes.length === 0) return;
  const values = sql.join(
    changes.map(
      (c) =>
        sql`(cast(${c.id} as text), cast(${c.first_reply_at} as text), cast(${c.replied_by} as text), cast(${c.status} as text))`,
    ),
  );
  // VALUES names its columns column1… in both dialects (SQLite takes no column list after the alias).
  await sql`update threads set first_reply_at = v.column2, replied_by = v.column3, status = v.column4,
      updated_at = ${now}, change_seq = ${seq}
    from (values ${values}) as v
    where threads.id = v.column1`.execute(trx);
}

/** Replies logged before a thread was tracked still count for it. */
export async function earlierReplies(trx: Trx, platform: string, canonicalId: string): Promise<ReplyFact[]> {
  const rows = await trx
    .selectFrom('events')
    .innerJoin('members', 'members.id', 'events.member_id')
    .select([
      'events.platform',
      'events.target_id',
      'events.conversation_id',
      'events.counted_at',
      'members.name',
    ])
    .where('events.platform', '=', platform)
    .where('events.action', 'in', [...REPLY_ACTIONS])
    .where((eb) =>
      eb.or([eb('events.target_id', '=', canonicalId), eb('events.conversation_id', '=', canonicalId)]),
    )
    .orderBy('events.counted_at')
    .execute();
  return rows.map((r) => ({
    platform: r.platform,
    targetId: r.target_id,
    conversationId: r.conversation_id,
    at: r.counted_at,
    member: r.name,
  }));
}

/**
 * Starts tracking a post: one thread per platform + post, with the replies logged before it counted.
 * Answers `{ conflict: id }` when the post is already tracked (id null if another request won a race).
 */
export async function createThread(
  trx: Trx,
  opts: {
    input: Omit<NewTrackedThread, 'priority' | 'slaDueAt'>;
    priority: string;
    slaDueAt: string;
    by: string;
    now: string;
  },
): Promise<{ row: ThreadsTable } | { conflict: string | null }> {
  const { input } = opts;
  const existing = await trx
    .selectFrom('threads')
    .select('id')
    .where('platform', '=', input.platform)
    .where('canonical_id', '=', input.canonicalId)
    .executeTakeFirst();
  if (existing) return { conflict: existing.id };
  const seq = await nextThreadSeq(trx);
  const base = { first_reply_at: null, replied_by: null, status: 'open' };
  const derived = mergeReplies(base, await earlierReplies(trx, input.platform, input.canonicalId)) ?? base;
  const row: ThreadsTable = {
    id: randomUUID(),
    platform: input.platform,
    url: input.url,
    canonical_id: input.canonicalId,
    parent_id: input.parentId ?? null,
    author: input.author ?? null,
    excerpt: input.excerpt ?? null,
    category: input.category,
    priority: opts.priority,
    note: input.note ?? '',
    sla_due_at: opts.slaDueAt,
    created_by: opts.by,
    created_at: opts.now,
    updated_at: opts.now,
    change_seq: seq,
    ...derived,
  };
  // Read back before it is written: a row the list could not answer with is never committed.
  toThread(row);
  const inserted = await trx
    .insertInto('threads')
    .values(row)
    .onConflict((oc) => oc.columns(['platform', 'canonical_id']).doNothing())
    .returning('id')
    .execute();
  return inserted.length > 0 ? { row } : { conflict: null };
}
