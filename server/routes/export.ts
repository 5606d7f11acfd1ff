import { Hono } from 'hono';
import { exportHeader, exportRow } from '../../lib/domain/export-row';
import { EXPORT_FILE } from '../../lib/reports/download';
import { zoneFormatter } from '../../lib/reports/time';
import { EVENTS_XLSX } from '../../lib/reports/xlsx';
import { ExportQuerySchema, type ExportRow } from '../../lib/schemas/api';
import { requireRole } from '../core/auth';
import { parseQuery } from '../core/body';
import type { AppEnv, Deps } from '../core/context';
import {
  CURSOR_AT,
  CURSOR_ID,
  type ExportColumn,
  exportedEvent,
  pageEncoder,
  type StoredValues,
  storedValues,
  type TextEncoding,
} from '../reports/export-encode';
import {
  EXPORT_PAGE_SIZE,
  type ExportCursor,
  type ExportFilters,
  exportPage,
  textExportSpec,
} from '../reports/export-query';
import { xlsxStream } from '../reports/xlsx-stream';

const CONTENT_TYPES = {
  csv: 'text/csv; charset=utf-8; header=present',
  json: 'application/x-ndjson; charset=utf-8',
  xlsx: EXPORT_FILE.xlsx.mime,
} as const;

/** Lets timers and other requests run: better-sqlite3 answers synchronously, so awaiting a query never does. */
const yieldToLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

export function exportRoutes(deps: Deps) {
  const { db } = deps;
  return new Hono<AppEnv>().get('/export', requireRole('lead'), async (c) => {
    const q = parseQuery(c, ExportQuerySchema);
    // Names are resolved once here: the page query reads the events table alone (see exportPage).
    const members = await db.selectFrom('members').select(['id', 'name']).execute();
    const wanted = q.member ? new Set(q.member) : undefined;
    const filters: ExportFilters = {
      ...q,
      ...(wanted ? { memberIds: members.filter((m) => wanted.has(m.name)).map((m) => m.id) } : {}),
    };
    const tz = q.tz ?? 'UTC';

    /**
     * Every page of the export as stored values, in order, until one comes back short, read through
     * `db` (the workbook, and text without `deps.exportText`). Each page first gives the event loop a
     * turn: on SQLite a query and the answer's write can otherwise chain on microtasks alone while the
     * client keeps up, and /health and every member's sync would wait for the whole export.
     */
    async function* valuePages(): AsyncGenerator<StoredValues[]> {
      let after: ExportCursor | null = null;
      for (;;) {
        await yieldToLoop();
        const rows = await exportPage(db, filters, after).execute();
        const values = rows.map((r) => storedValues(r as Record<ExportColumn, string | null>));
        if (values.length > 0) yield values;
        const last = values.at(-1);
        if (!last || values.length < EXPORT_PAGE_SIZE) return;
        after = { at: last[CURSOR_AT]!, id: last[CURSOR_ID]! };
      }
    }

    /** The text pages as bytes: through the server's export connection when there is one, else `db`. */
    function textPages(encoding: TextEncoding): AsyncGenerator<Uint8Array> {
      if (deps.exportText) return deps.exportText(textExportSpec(deps.reads, filters, encoding));
      return (async function* () {
        const encode = pageEncoder(encoding);
        const utf8 = new TextEncoder();
        for await (const page of valuePages()) yield utf8.encode(encode(page));
      })();
    }

    function xlsxExport(): ReadableStream<Uint8Array> {
      const names = new Map(members.map((m) => [m.id, m.name]));
      const time = zoneFormatter(tz);
      async function* rows(): AsyncGenerator<ExportRow[]> {
        for await (const page of valuePages())
          yield page.map((v) => exportRow(exportedEvent(v, names), time));
      }
      return xlsxStream(
        rows(),
        { tz, ...(deps.xlsxEventsPerSheet ? { eventsPerSheet: deps.xlsxEventsPerSheet } : {}) },
        EVENTS_XLSX,
      );
    }

    function textExport(format: 'csv' | 'json'): ReadableStream<Uint8Array> {
      const source = textPages({ format, tz, names: members.map((m) => [m.id, m.name] as const) });
      return new ReadableStream<Uint8Array>({
        start(controller) {
          if (format === 'csv')
            controller.enqueue(new TextEncoder().encode(exportHeader('csv', Boolean(q.bom))));
        },
        // Pulled only when the client has read what was sent: a slow reader slows the queries down.
        async pull(controller) {
          try {
            const next = await source.next();
            if (next.done) controller.close();
            else controller.enqueue(next.value);
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

    const stream = q.format === 'xlsx' ? xlsxExport() : textExport(q.format);
    const stamp = deps.clock().toISOString().slice(0, 10);
    return c.body(stream, 200, {
      'Content-Type': CONTENT_TYPES[q.format],
      'Content-Disposition': `attachment; filename="reply-tracker-events-${stamp}.${EXPORT_FILE[q.format].ext}"`,
      'Cache-Control': 'no-store',
    });
  });
}
