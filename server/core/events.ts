/**
 * The one mapping between a stored events row and the shared event record, used by ingest
 * (`POST /events`), the team activity (`GET /activity`) and the export (`GET /export`).
 */
import { countedAt } from '../../lib/reports/clock';
import type { ActivityEvent } from '../../lib/schemas/event';
import type { EventsTable } from '../db/types';
import { conversationKey } from '../reports/conversation';
import { isoUtc } from './time';

/** The row for an accepted event: the record's fields, plus what the server derives from them. */
export function toEventRow(e: ActivityEvent, memberId: string, receivedAt: string): EventsTable {
  const occurredAt = isoUtc(e.occurredAt, 'occurredAt');
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
    occurred_at: occurredAt,
    source: e.source,
    received_at: receivedAt,
    conversation_key: conversationKey(e.platform, e.conversationId, e.targetId),
    counted_at: countedAt(occurredAt, receivedAt),
  };
}

/** A stored event as the shared record, absent fields left out, with when the server received it. */
export function fromEventRow(r: EventsTable): ActivityEvent & { receivedAt: string } {
  const e: Record<string, string> = {
    id: r.id,
    platform: r.platform,
    action: r.action,
    targetId: r.target_id,
    pageUrl: r.page_url,
    occurredAt: r.occurred_at,
    source: r.source,
    receivedAt: r.received_at,
  };
  if (r.target_author !== null) e.targetAuthor = r.target_author;
  if (r.conversation_id !== null) e.conversationId = r.conversation_id;
  if (r.reply_id !== null) e.replyId = r.reply_id;
  if (r.reply_text !== null) e.replyText = r.reply_text;
  if (r.category !== null) e.category = r.category;
  if (r.suggested_category !== null) e.suggestedCategory = r.suggested_category;
  if (r.playbook_id !== null) e.playbookId = r.playbook_id;
  if (r.template_id !== null) e.templateId = r.template_id;
  // Rows were validated on the way in; callers that answer with them parse again where it matters.
  return e as unknown as ActivityEvent & { receivedAt: string };
}
