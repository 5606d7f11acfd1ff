import { Hono } from 'hono';
import { replyUrl, targetUrl } from '../../lib/reports/links';
import { zoneFormatter } from '../../lib/reports/time';
import { EXPORT_COLUMNS, ExportQuerySchema, type ExportRow } from '../../lib/schemas/api';
import { requireRole } from '../core/auth';
import { parseQuery } from '../core/body';
import type { AppEnv, Deps } from '../core/context';
import { csvRow, UTF8_BOM } from '../core/csv';
import { isoUtc } from '../core/time';
import type { EventsTable } from '../db/types';

// Big enough that per-query overhead is small, small enough that a page is a few hundred KB.
const PAGE_SIZE = 1000;

type Joined = EventsTable & { member: string };

function toExportRow(r: Joined, time: (iso: string) => string): ExportRow {
  const row: Record<string, string> = {};
  const set = (key: keyof ExportRow, v: string | null | undefined) => {
    if (v !== null && v !== undefined) row[key] = v;
  };
  set('id', r.id);
  set('member', r.member);
  set('platform', r.platform);
  set('action', r.action);
  set('targetId', r.target_id);
  set(
    'targetUrl',
    targetUrl({
      platform: r.platform,
      action: r.action,
      targetId: r.target_id,
      conversationId: r.conversation_id,
    }),
  );
  set('targetAuthor', r.target_author);
  set('conversationId', r.conversation_id);
  set('pageUrl', r.page_url);
  set('replyId', r.reply_id);
  set(
    'replyUrl',
    replyUrl({
      platform: r.platform,
      action: r.action,
      targetId: r.target_id,
      conversationId: r.conversation_id,
      replyId: r.reply_id,
    }),
  );
  set('replyText', r.reply_text);
  set('category', r.category);
  set('suggestedCategory', r.suggested_category);
  set('playbookId', r.playbook_id);
  set('templateId', r.template_id);
  set('occurredAt', time(r.occurred_at));
  set('source', r.source);
  set('receivedAt', time(r.received_at));
  // Built from validated columns; the cast avoids re-parsing every row of a large export.
  return row as unknown as ExportRow;
}

export function exportRoutes(deps: Deps) {
  const { db } = deps;
  return new Hono<AppEnv>().get('/export', requireRole('lead'), async (c) => {
    const q = parseQuery(c, ExportQuerySchema);
    const from = q.from ? isoUtc(q.from) : undefined;
    const to = q.to ? isoUtc(q.to) : undefined;
    const categories = q.category?.filter((x) => x !== 'none');
    const uncategorised = q.category?.includes('none') ?? false;

    const page = (after: { at: string; id: string } | null) => {
      let query = db
        .selectFrom('events')
        .innerJoin('members', 'members.id', 'events.member_id')
        .selectAll('events')
        .select('members.name as member');
      if (from) query = query.where('events.occurred_at', '>=', from);
      if (to) query = query.where('events.occurred_at', '<', to);
      if (q.member) query = query.where('members.name', 'in', q.member);
      if (q.platform) query = query.where('events.platform', 'in', q.platform);
      if (q.action) query = query.where('events.action', 'in', q.action);
      if (q.category) {
        query = query.where((eb) =>
          eb.or([
            ...(categories && categories.length > 0 ? [eb('events.category', 'in', categories)] : []),
            ...(uncategorised ? [eb('events.category', 'is', null)] : []),
          ]),
        );
      }
      // Keyset paging: memory stays flat however many events there are, and no OFFSET rescans. The
      // plain `>=` lets either database start the index range scan right at the last page's end.
      if (after) {
        query = query
          .where('events.occurred_at', '>=', after.at)
          .where((eb) =>
            eb(eb.refTuple('events.occurred_at', 'events.id'), '>', eb.tuple(after.at, after.id)),
          );
      }
      return query.orderBy('events.occurred_at').orderBy('events.id').limit(PAGE_SIZE).execute();
    };

    const csv = q.format === 'csv';
    const time = zoneFormatter(q.tz ?? 'UTC');
    const encoder = new TextEncoder();
    let after: { at: string; id: string } | null = null;
    let done = false;
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        if (csv) controller.enqueue(encoder.encode((q.bom ? UTF8_BOM : '') + csvRow(EXPORT_COLUMNS)));
      },
      // Pulled only when the client has read what was sent: a slow reader slows the queries down.
      async pull(controller) {
        if (done) return;
        try {
          const rows = await page(after);
          let chunk = '';
          for (const r of rows) {
            const row = toExportRow(r, time);
            chunk += csv ? csvRow(EXPORT_COLUMNS.map((k) => row[k])) : `${JSON.stringify(row)}\n`;
          }
          if (chunk) controller.enqueue(encoder.encode(chunk));
          const last = rows.at(-1);
          if (!last || rows.length < PAGE_SIZE) {
            done = true;
            controller.close();
          } else {
            after = { at: last.occurred_at, id: last.id };
          }
        } catch (err) {
          console.error('export failed mid-stream', err);
          done = true;
          controller.error(err);
        }
      },
      cancel() {
        // The client went away: stop querying.
        done = true;
      },
    });

    const stamp = deps.clock().toISOString().slice(0, 10);
    return c.body(stream, 200, {
      'Content-Type': csv ? 'text/csv; charset=utf-8; header=present' : 'application/x-ndjson; charset=utf-8',
      'Content-Disposition': `attachment; filename="reply-tracker-events-${stamp}.${csv ? 'csv' : 'jsonl'}"`,
      'Cache-Control': 'no-store',
    });
  });
}
