import { Hono } from 'hono';
import { encodeExportRow, exportHeader, exportRow } from '../../lib/domain/export-row';
import { EXPORT_FILE } from '../../lib/reports/download';
import { zoneFormatter } from '../../lib/reports/time';
import { EVENTS_XLSX } from '../../lib/reports/xlsx';
import { ExportQuerySchema, type ExportRow } from '../../lib/schemas/api';
import { requireRole } from '../core/auth';
import { parseQuery } from '../core/body';
import type { AppEnv, Deps } from '../core/context';
import { fromEventRow } from '../core/events';
import type { EventsTable } from '../db/types';
import { EXPORT_PAGE_SIZE, type ExportCursor, type ExportFilters, exportPage } from '../reports/export-query';
import { xlsxStream } from '../reports/xlsx-stream';

type Joined = EventsTable & { member: string };

const CONTENT_TYPES = {
  csv: 'text/csv; charset=utf-8; header=present',
  json: 'application/x-ndjson; charset=utf-8',
  xlsx: EXPORT_FILE.xlsx.mime,
} as const;

/** A stored event as the shared export row (`lib/domain/export-row.ts`), times in the export's zone. */
const toExportRow = (r: Joined, time: (iso: string) => string): ExportRow =>
  exportRow({ ...fromEventRow(r), member: r.member }, time);

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
          if (csv) controller.enqueue(encoder.encode(exportHeader('csv', Boolean(q.bom))));
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
              chunk += encodeExportRow(toExportRow(row, time), csv ? 'csv' : 'json');
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
