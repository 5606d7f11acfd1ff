import { Hono } from 'hono';
import { EventsBatchRequestSchema, type EventsBatchResponse } from '../../lib/schemas/api';
import type { ActivityEvent } from '../../lib/schemas/event';
import { readJson } from '../core/body';
import type { AppEnv, Deps } from '../core/context';
import { applyRepliesToThreads, REPLY_ACTIONS, type ReplyFact } from '../core/threads';
import { isoUtc } from '../core/time';
import type { EventsTable } from '../db/types';

// 100 rows x 17 columns stays well under both SQLite's and Postgres's bound-parameter limits.
const INSERT_CHUNK = 100;

function toRow(e: ActivityEvent, memberId: string, receivedAt: string): EventsTable {
  return {
    id: e.id,
    member_id: memberId,
    platform: e.platform,
    action: e.action,
    target_id: e.targetId,
    target_author: e.targetAuthor ?? null,
    conversation_id: e.conversationId ?? null,
    page_url: e.pageUrl,
    reply_id: e.replyId ?? null,
    reply_text: e.replyText ?? null,
    category: e.category ?? null,
    suggested_category: e.suggestedCategory ?? null,
    playbook_id: e.playbookId ?? null,
    template_id: e.templateId ?? null,
    occurred_at: isoUtc(e.occurredAt),
    source: e.source,
    received_at: receivedAt,
  };
}

export function eventsRoutes(deps: Deps) {
  return new Hono<AppEnv>().post('/events', async (c) => {
    const { events, client } = await readJson(c, EventsBatchRequestSchema);
    const member = c.get('member');
    const receivedAt = deps.clock().toISOString();

    const unique = new Map<string, ActivityEvent>();
    for (const e of events) if (!unique.has(e.id)) unique.set(e.id, e);
    // Sorted so overlapping batches lock ids in the same order: no deadlock between them on Postgres.
    const rows = [...unique.values()]
      .map((e) => toRow(e, member.id, receivedAt))
      .sort((a, b) => (a.id < b.id ? -1 : 1));

    // One transaction: a batch is stored whole or not at all, thread bookkeeping included.
    const accepted = await deps.db.transaction().execute(async (trx) => {
      const fresh = new Set<string>();
      for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
        const inserted = await trx
          .insertInto('events')
          .values(rows.slice(i, i + INSERT_CHUNK))
          .onConflict((oc) => oc.column('id').doNothing())
          .returning('id')
          .execute();
        for (const r of inserted) fresh.add(r.id);
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
        .filter((r) => fresh.has(r.id) && (REPLY_ACTIONS as readonly string[]).includes(r.action))
        .map((r) => ({
          platform: r.platform,
          targetId: r.target_id,
          conversationId: r.conversation_id,
          occurredAt: r.occurred_at,
          member: member.name,
        }));
      await applyRepliesToThreads(trx, replies, receivedAt);
      return fresh;
    });

    // Everything not stored now was stored before (or repeats an id earlier in this request).
    const seen = new Set<string>();
    const response: EventsBatchResponse = { accepted: [], duplicates: [] };
    for (const e of events) {
      if (accepted.has(e.id) && !seen.has(e.id)) response.accepted.push(e.id);
      else response.duplicates.push(e.id);
      seen.add(e.id);
    }
    return c.json(response);
  });
}
