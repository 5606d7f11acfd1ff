import { Hono } from 'hono';
import { isReply } from '../../lib/domain/metrics';
import {
  type EventConflict,
  EventsBatchRequestSchema,
  type EventsBatchResponse,
  MAX_FUTURE_SKEW_MS,
} from '../../lib/schemas/api';
import type { ActivityEvent } from '../../lib/schemas/event';
import { readJson } from '../core/body';
import type { AppEnv, Deps } from '../core/context';
import { insertNewEvents, toEventRow } from '../core/events';
import { applyRepliesToThreads, type ReplyFact } from '../core/threads';

// The owners of ids already stored are read this many at a time (bound parameters stay well under
// SQLite's 32,766 and Postgres's 65,535).
const LOOKUP_CHUNK = 500;

export function eventsRoutes(deps: Deps) {
  return new Hono<AppEnv>().post('/events', async (c) => {
    const { events, client } = await readJson(c, EventsBatchRequestSchema);
    const member = c.get('member');
    const now = deps.clock();
    const receivedAt = now.toISOString();

    // Clock policy: an event dated ahead of the server (beyond a small skew) would inflate today's and
    // this month's counts for good; it is refused alone and the client corrects its date.
    const refused = new Map<string, EventConflict>();
    const unique = new Map<string, ActivityEvent>();
    for (const e of events) {
      if (unique.has(e.id) || refused.has(e.id)) continue;
      const ahead = Date.parse(e.occurredAt) - now.getTime();
      if (ahead > MAX_FUTURE_SKEW_MS) {
        refused.set(e.id, {
          id: e.id,
          reason: 'future_date',
          message: `occurredAt is ${Math.round(ahead / 1000)} s ahead of the server's clock (${receivedAt}); correct the device clock`,
        });
      } else unique.set(e.id, e);
    }
    // Sorted so overlapping batches lock ids in the same order: no deadlock between them on Postgres.
    const rows = [...unique.values()]
      .map((e) => toEventRow(e, member.id, receivedAt))
      .sort((a, b) => (a.id < b.id ? -1 : 1));

    // One transaction: a batch is stored whole or not at all, thread bookkeeping included.
    const { fresh, foreign } = await deps.db.transaction().execute(async (trx) => {
      const fresh = new Set(await insertNewEvents(trx, rows));
      // An id that was there already is this member's resend, or another member's event: the latter
      // must not come back as "duplicate", or that client would drop an event the server never stored.
      const foreign = new Set<string>();
      const known = rows.filter((r) => !fresh.has(r.id)).map((r) => r.id);
      for (let i = 0; i < known.length; i += LOOKUP_CHUNK) {
        const owners = await trx
          .selectFrom('events')
          .select(['id', 'member_id'])
          .where('id', 'in', known.slice(i, i + LOOKUP_CHUNK))
          .execute();
        for (const o of owners) if (o.member_id !== member.id) foreign.add(o.id);
      }
      await trx
        .updateTable('members')
        .set({
          last_sync_at: receivedAt,
          ...(client
            ? {
                client_pending: client.pending,
                client_last_error: client.lastError ?? null,
                client_version: client.version ?? null,
              }
            : {}),
        })
        .where('id', '=', member.id)
        .execute();
      const replies: ReplyFact[] = rows
        .filter((r) => fresh.has(r.id) && isReply(r.action))
        .map((r) => ({
          platform: r.platform,
          targetId: r.target_id,
          conversationId: r.conversation_id,
          at: r.counted_at,
          member: member.name,
        }));
      await applyRepliesToThreads(trx, replies, receivedAt);
      return { fresh, foreign };
    });

    const seen = new Set<string>();
    const response: EventsBatchResponse = {
      accepted: [],
      duplicates: [],
      conflicts: [],
      serverTime: receivedAt,
    };
    for (const e of events) {
      const conflict =
        refused.get(e.id) ??
        (foreign.has(e.id)
          ? {
              id: e.id,
              reason: 'foreign_id' as const,
              message: 'Another member already logged an event with this id; send it again with a new id',
            }
          : undefined);
      if (conflict) response.conflicts.push(conflict);
      else if (fresh.has(e.id) && !seen.has(e.id)) response.accepted.push(e.id);
      else response.duplicates.push(e.id);
      seen.add(e.id);
    }
    return c.json(response);
  });
}
