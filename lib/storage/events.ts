import { eventId } from '../domain/event-id';
import { tally } from '../domain/metrics';
import type { Platform } from '../schemas/common';
import {
  cleanEventText,
  type ObservedAction,
  ObservedActionSchema,
  type StoredEvent,
} from '../schemas/event';
import type { ActivityCounts } from '../schemas/status';
import { pendingFromCounts, tallySince } from './counts';
import type { ReplyTrackerDB } from './db';
import { isQuotaError } from './errors';
import type { HeldActions } from './held';

export interface RecordResult {
  event: StoredEvent;
  duplicate: boolean;
  /**
   * How many actions wait in the browser's memory because the disk is full (storage/held.ts), this one
   * included when it is among them. Absent when none wait.
   */
  held?: number;
}

/**
 * Logs an observed action exactly once: a second report with the same dedupeKey (the DOM fallback
 * after the network signal, a resend after a service-worker restart) returns the stored event.
 */
export async function recordAction(
  db: ReplyTrackerDB,
  input: ObservedAction,
  newId: () => string = () => eventId(),
  /** Where actions wait when IndexedDB has no room; without it such a failure is thrown. */
  hold?: HeldActions,
): Promise<RecordResult> {
  const parsed = ObservedActionSchema.safeParse(cleanEventText(input));
  if (!parsed.success) {
    const where = parsed.error.issues.map((i) => `${i.path.join('.') || 'action'}: ${i.message}`).join('; ');
    throw new Error(`Refused to log a malformed action (${where})`);
  }
  const action = parsed.data;
  const waiting = hold ? await hold.list() : [];
  const heldCopy = waiting.find((e) => e.dedupeKey === action.dedupeKey);
  if (heldCopy) return { event: heldCopy, duplicate: true, held: waiting.length };
  const event: StoredEvent = { ...action, id: newId(), syncState: 'pending', attempts: 0 };
  try {
    return await db.transaction('rw', db.events, async () => {
      const existing = await db.events.where('dedupeKey').equals(action.dedupeKey).first();
      if (existing) return { event: existing, duplicate: true };
      await db.events.add(event);
      return { event, duplicate: false };
    });
  } catch (err) {
    // No room on disk: the browser's memory holds it, as the event it will be, until there is.
    if (!hold || !isQuotaError(err)) throw err;
    return { event, duplicate: false, held: await hold.add(event) };
  }
}

/** My events on this post or anywhere in its conversation, newest first. */
export async function threadActivity(
  db: ReplyTrackerDB,
  platform: Platform,
  targetId: string,
  conversationId?: string,
): Promise<StoredEvent[]> {
  const ids = [...new Set([targetId, conversationId].filter((v): v is string => Boolean(v)))];
  const [byTarget, byConversation] = await Promise.all([
    db.events.where('targetId').anyOf(ids).toArray(),
    db.events.where('conversationId').anyOf(ids).toArray(),
  ]);
  const seen = new Map<string, StoredEvent>();
  for (const e of [...byTarget, ...byConversation]) if (e.platform === platform) seen.set(e.id, e);
  return [...seen.values()].sort((a, b) => b.occurredAt.localeCompare(a.occurredAt));
}

/** Local midnight and the first of the month, as the ambassador sees their day and month. */
export function periodStarts(now: Date): { today: Date; month: Date } {
  return {
    today: new Date(now.getFullYear(), now.getMonth(), now.getDate()),
    month: new Date(now.getFullYear(), now.getMonth(), 1),
  };
}

/** My replies, likes and unlikes (lib/domain/metrics defines how they add up). */
export const countActions: (events: Iterable<Pick<StoredEvent, 'action'>>) => ActivityCounts = tally;

/** Today's and this month's tallies, from the count rows kept with the log (counts.ts), not a scan. */
export async function myCounts(
  db: ReplyTrackerDB,
  now: Date = new Date(),
): Promise<{ today: ActivityCounts; month: ActivityCounts }> {
  const { today, month } = periodStarts(now);
  return db.transaction('r', db.events, db.counts, async () => {
    const [t, m] = await Promise.all([tallySince(db, today), tallySince(db, month)]);
    return { today: t, month: m };
  });
}

/** Events waiting for the team server (a count row, so a long offline backlog costs nothing to show). */
export const pendingCount = (db: ReplyTrackerDB): Promise<number> => pendingFromCounts(db);

/** Pending events the team server refused, oldest first: a few, found by their index. */
export async function heldEvents(db: ReplyTrackerDB): Promise<StoredEvent[]> {
  // Filtered here, not with Dexie's filter(), which would walk a cursor instead of one getAll.
  const flagged = await db.events.where('lastError').aboveOrEqual('').toArray();
  return flagged
    .filter((e) => e.syncState === 'pending')
    .sort((a, b) => a.occurredAt.localeCompare(b.occurredAt));
}
