import { Hono } from 'hono';
import { csvRow, UTF8_BOM, xlsxText } from '../../lib/domain/csv';
import { EXPORT_FILE } from '../../lib/reports/download';
import type { XlsxCell, XlsxTable } from '../../lib/reports/xlsx';
import {
  MENTION_EXPORT_COLUMNS,
  type MentionExportColumn,
  MentionsExportQuerySchema,
} from '../../lib/schemas/mentions-report';
import { requireRole } from '../core/auth';
import { parseQuery } from '../core/body';
import type { AppEnv, Deps } from '../core/context';
import { type TeamReplies, teamRepliesFor } from '../core/mentions';
import type { MentionsTable } from '../db/types';
import { xlsxStream } from '../reports/xlsx-stream';

const PAGE = 1000;
type Cell = string | number | boolean | string[] | null;

function exportRow(r: MentionsTable, replies: TeamReplies | undefined): Record<MentionExportColumn, Cell> {
  const list = (json: string) => {
    try {
      const v = JSON.parse(json) as unknown;
      return Array.isArray(v) ? v.map(String) : [];
    } catch {
      return [];
    }
  };
  const n = (v: number | string | null) => (v === null ? null : Number(v));
  return {
    id: r.id,
    platform: r.platform,
    kind: r.kind,
    postId: r.post_id,
    conversationId: r.conversation_id,
    url: r.url,
    authorHandle: r.author_handle,
    authorFollowers: n(r.author_followers),
    text: r.text,
    textDropped: Number(r.text_dropped) === 1,
    language: r.language,
    postedAt: r.posted_at,
    replies: n(r.replies),
    likes: n(r.likes),
    reposts: n(r.reposts),
    views: n(r.views),
    reach: n(r.reach),
    sources: r.sources.split(','),
    matchedTerms: list(r.matched_terms),
    suggestedCategory: r.suggested_category,
    confidence: Number(r.confidence),
    reason: list(r.reason),
    polarity: r.polarity,
    category: r.category,
    effectiveCategory: r.effective_category,
    priority: r.priority,
    status: r.status,
    dismissReason: r.dismiss_reason,
    assignee: r.assignee,
    threadId: r.thread_id,
    slaDueAt: r.sla_due_at,
    firstReplyAt: replies?.firstReplyAt ?? null,
    repliedBy: replies?.repliedBy ?? [],
    firstSeenAt: r.first_seen_at,
    decidedBy: r.decided_by,
    decidedAt: r.decided_at,
  };
}

const csvCellOf = (v: Cell) =>
  Array.isArray(v) ? v.join('; ') : typeof v === 'boolean' ? (v ? 'yes' : 'no') : v;

type MentionRow = Record<MentionExportColumn, Cell>;
const MENTION_DATES: ReadonlySet<string> = new Set<MentionExportColumn>([
  'postedAt',
  'slaDueAt',
  'firstReplyAt',
  'firstSeenAt',
  'decidedAt',
]);

/** Mentions as sheets: text as strings (never a formula), counts as numbers, times as UTC dates. */
const MENTIONS_XLSX: XlsxTable<MentionRow> = {
  sheetName: 'Mentions',
  columns: MENTION_EXPORT_COLUMNS,
  widths: { id: 38, url: 44, text: 60, postedAt: 20, slaDueAt: 20, firstReplyAt: 20 },
  dateColumns: MENTION_DATES,
  header: (tz) => MENTION_EXPORT_COLUMNS.map((k) => (MENTION_DATES.has(k) ? `${k} (${tz})` : k)),
  cells: (row) =>
    MENTION_EXPORT_COLUMNS.map((k): XlsxCell => {
      const v = csvCellOf(row[k]);
      if (v === null || v === undefined) return null;
      if (typeof v === 'number') return v;
      return MENTION_DATES.has(k) ? new Date(v) : xlsxText(v);
    }),
};

/**
 * Mentions as CSV or JSON Lines, for managers and leads, streamed a page at a time in post order
 * (keyset on the inbox's own (posted_at, id) index), so a million rows never sit in memory.
 */
export function mentionsExportRoutes(deps: Deps) {
  const { db } = deps;
  return new Hono<AppEnv>().get('/export/mentions', requireRole('manager'), async (c) => {
    const q = parseQuery(c, MentionsExportQuerySchema);
    const csv = q.format === 'csv';
    const xlsx = q.format === 'xlsx';
    const encoder = new TextEncoder();
    let after: { at: string; id: string } | null = null;
    let done = false;
    const page = () => {
      let query = db.selectFrom('mentions').selectAll();
      if (q.from) query = query.where('posted_at', '>=', new Date(q.from).toISOString());
      if (q.to) query = query.where('posted_at', '<', new Date(q.to).toISOString());
      if (after) {
        const a = after;
        query = query
          .where('posted_at', '>=', a.at)
          .where((eb) => eb(eb.refTuple('posted_at', 'id'), '>', eb.tuple(a.at, a.id)));
      }
      return query.orderBy('posted_at').orderBy('id').limit(PAGE).execute();
    };
    async function* rowPages(): AsyncGenerator<MentionRow[]> {
      for (;;) {
        const rows = await page();
        const replies = await teamRepliesFor(db, rows);
        yield rows.map((r) => exportRow(r, replies.get(`${r.platform}:${r.post_id}`)));
        const last = rows.at(-1);
        if (!last || rows.length < PAGE) return;
        after = { at: last.posted_at, id: last.id };
      }
    }
    const stamp = deps.clock().toISOString().slice(0, 10);
    if (xlsx) {
      return c.body(
        xlsxStream(
          rowPages(),
          { tz: 'UTC', ...(deps.xlsxEventsPerSheet ? { eventsPerSheet: deps.xlsxEventsPerSheet } : {}) },
          MENTIONS_XLSX,
        ),
        200,
        {
          'Content-Type': EXPORT_FILE.xlsx.mime,
          'Content-Disposition': `attachment; filename="reply-tracker-mentions-${stamp}.xlsx"`,
          'Cache-Control': 'no-store',
        },
      );
    }
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        if (csv) controller.enqueue(encoder.encode((q.bom ? UTF8_BOM : '') + csvRow(MENTION_EXPORT_COLUMNS)));
      },
      async pull(controller) {
        if (done) return;
        try {
          const rows = await page();
          const replies = await teamRepliesFor(db, rows);
          let chunk = '';
          for (const r of rows) {
            const row = exportRow(r, replies.get(`${r.platform}:${r.post_id}`));
            chunk += csv
              ? csvRow(MENTION_EXPORT_COLUMNS.map((k) => csvCellOf(row[k])))
              : `${JSON.stringify(row)}\n`;
          }
          if (chunk) controller.enqueue(encoder.encode(chunk));
          const last = rows.at(-1);
          if (!last || rows.length < PAGE) {
            done = true;
            controller.close();
          } else after = { at: last.posted_at, id: last.id };
        } catch (err) {
          console.error('mentions export failed mid-stream', err);
          done = true;
          controller.error(err);
        }
      },
      cancel() {
        done = true;
      },
    });
    return c.body(stream, 200, {
      'Content-Type': csv ? 'text/csv; charset=utf-8; header=present' : 'application/x-ndjson; charset=utf-8',
      'Content-Disposition': `attachment; filename="reply-tracker-mentions-${stamp}.${csv ? 'csv' : 'jsonl'}"`,
      'Cache-Control': 'no-store',
    });
  });
}
