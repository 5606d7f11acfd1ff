import { Hono } from 'hono';
import { csvRow, UTF8_BOM } from '../../lib/reports/csv';
import { EXPORT_FILE } from '../../lib/reports/download';
import { replyUrl, targetUrl } from '../../lib/reports/links';
import { zoneFormatter } from '../../lib/reports/time';
import { EVENTS_XLSX } from '../../lib/reports/xlsx';
import { EXPORT_COLUMNS, ExportQuerySchema, type ExportRow } from '../../lib/schemas/api';
import { requireRole } from '../core/auth';
import { parseQuery } from '../core/body';
import type { AppEnv, Deps } from '../core/context';
import type { EventsTable } from '../db/types';
import { EXPORT_PAGE_SIZE, type ExportCursor, type ExportFilters, exportPage } from '../reports/export-query';
import { xlsxStream } from '../reports/xlsx-stream';

type Joined = EventsTable & { member: string };

const CONTENT_TYPES = {
  csv: 'text/csv; charset=utf-8; header=present',
  json: 'application/x-ndjson; charset=utf-8',
  xlsx: EXPORT_FILE.xlsx.mime,
} as const;

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

/** The CSV's cells of one row, in EXPORT_COLUMNS order: the same values as toExportRow, without the object. */
function csvCells(r: Joined, time: (iso: string) => string): (string | null | undefined)[] {
  const link = {
    platform: r.platform,
    action: r.action,
    targetId: r.target_id,
    conversationId: r.conversation_id,
    replyId: r.reply_id,
  };
  return [
    r.id,
    r.member,
    r.platform,
    r.action,
    r.target_id,
    targetUrl(link),
    r.target_author,
    r.conversation_id,
    r.page_url,
    r.reply_id,
    replyUrl(link),
    r.reply_text,
    r.category,
    r.suggested_category,
    r.playbook_id,
    r.template_id,
    time(r.occurred_at),
    r.source,
    time(r.received_at),
  ];
}

/** Lets timers and other requests run: better-sqlite3 answers synchronously, so awaiting a query never does. */
const yieldToLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

export function exportRoutes(deps: Deps) {
  // Pages stay on the main connection: each is one short index range (about 14 ms for 1,000 rows),
  // and moving a million rows through the reader thread's messages cost more than it freed.
  const { db } = deps;
  return new Hono<AppEnv>().get('/export', requireRole('lead'), async (c) => {
    const q = parseQuery(c, ExportQuerySchema);
    // Names are resolved once here: the page query reads the events table alone (see exportPage).
    const members = await db.selectFrom('members').select(['id', 'name']).execute();
    const names = new Map(members.map((m) => [m.id, m.name]));
    const wanted = q.member ? new Set(q.member) : undefined;
    const filters: ExportFilters = {
      ...q,
      ...(wanted ? { memberIds: members.filter((m) => wanted.has(m.name)).map((m) => m.id) } : {}),
    };
    const page = async (after: ExportCursor | null): Promise<Joined[]> => {
      const rows = (await exportPage(db, filters, after).execute()) as Joined[];
      // Each row is fresh from the driver: naming its member in place saves a copy of every row.
      for (const r of rows) r.member = names.get(r.member_id) ?? r.member_id;
      return rows;
    };

    const time = zoneFormatter(q.tz ?? 'UTC');
    const stream = q.format === 'xlsx' ? xlsxExport() : textExport(q.format === 'csv');

    /**
     * Every page of the export in order, until one comes back short. Each page first gives the event
     * loop a turn: on SQLite a query and the answer's write can otherwise chain on microtasks alone
     * while the client keeps up, and /health and every member's sync would wait for the whole export.
     */
    async function* rawPages(): AsyncGenerator<Joined[]> {
      let after: ExportCursor | null = null;
      for (;;) {
        await yieldToLoop();
        const rows = await page(after);
        if (rows.length > 0) yield rows;
        const last = rows.at(-1);
        if (!last || rows.length < EXPORT_PAGE_SIZE) return;
        after = { at: last.occurred_at, id: last.id };
      }
    }

    async function* pages(): AsyncGenerator<ExportRow[]> {
      for await (const rows of rawPages()) yield rows.map((r) => toExportRow(r, time));
    }

    function xlsxExport(): ReadableStream<Uint8Array> {
      return xlsxStream(
        pages(),
        {
          tz: q.tz ?? 'UTC',
          ...(deps.xlsxEventsPerSheet ? { eventsPerSheet: deps.xlsxEventsPerSheet } : {}),
        },
        EVENTS_XLSX,
      );
    }

    function textExport(csv: boolean): ReadableStream<Uint8Array> {
      const encoder = new TextEncoder();
      const source = rawPages();
      return new ReadableStream<Uint8Array>({
        start(controller) {
          if (csv) controller.enqueue(encoder.encode((q.bom ? UTF8_BOM : '') + csvRow(EXPORT_COLUMNS)));
        },
        // Pulled only when the client has read what was sent: a slow reader slows the queries down.
        async pull(controller) {
          try {
            const next = await source.next();
            if (next.done) {
              controller.close();
              return;
            }
            let chunk = '';
            for (const row of next.value) {
              chunk += csv ? csvRow(csvCells(row, time)) : `${JSON.stringify(toExportRow(row, time))}\n`;
            }
            controller.enqueue(encoder.encode(chunk));
          } catch (err) {
            console.error('export failed mid-stream', err);
            controller.error(err);
          }
        },
        async cancel() {
          // The client went away: stop querying.
          await source.return(undefined);
        },
      });
    }

    const stamp = deps.clock().toISOString().slice(0, 10);
    return c.body(stream, 200, {
      'Content-Type': CONTENT_TYPES[q.format],
      'Content-Disposition': `attachment; filename="reply-tracker-events-${stamp}.${EXPORT_FILE[q.format].ext}"`,
      'Cache-Control': 'no-store',
    });
  });
}
