/**
 * The dashboard's mentions export (issue 12): the period's mentions as CSV, JSON Lines or an Excel
 * workbook from `GET /export/mentions`, streamed into a file the way the events export is.
 */

import type { StateCreator } from 'zustand/vanilla';
import {
  type ExportFormat,
  type ExportProgress,
  type ExportSink,
  type ExportStatus,
  pipeExport,
} from './download';
import type { ReportsServices } from './services';

export type MentionsExportStatus = ExportStatus;

export interface MentionsExportParams {
  format: ExportFormat;
  bom: boolean;
  /** UTC instants by the post's own time: `from` inclusive, `to` exclusive. */
  from?: string;
  to?: string;
}

export interface MentionsExportSlice {
  mentionsExport: {
    format: ExportFormat;
    bom: boolean;
    status: MentionsExportStatus;
    progress: ExportProgress;
    error: string | undefined;
  };
  setMentionsExport(patch: { format?: ExportFormat; bom?: boolean }): void;
  /** Streams the period's mentions into the sink; `cancelMentionsExport` stops it. */
  startMentionsExport(sink: ExportSink, period: { from: string; to: string } | undefined): Promise<void>;
  cancelMentionsExport(): void;
}

const message = (err: unknown) => (err instanceof Error ? err.message : String(err));

export function mentionsExportSearch(p: MentionsExportParams): string {
  const q = new URLSearchParams({ format: p.format });
  if (p.format === 'csv' && p.bom) q.set('bom', '1');
  if (p.from) q.set('from', p.from);
  if (p.to) q.set('to', p.to);
  return q.toString();
}

export const mentionsExportSlice =
  <S extends MentionsExportSlice>(services: ReportsServices): StateCreator<S, [], [], MentionsExportSlice> =>
  (set, get) => {
    let controller: AbortController | undefined;
    const patch = (p: Partial<MentionsExportSlice['mentionsExport']>) =>
      set({ mentionsExport: { ...get().mentionsExport, ...p } } as Partial<S>);
    return {
      mentionsExport: {
        format: 'csv',
        bom: true,
        status: 'idle',
        progress: { bytes: 0, rows: 0 },
        error: undefined,
      },
      setMentionsExport(p) {
        patch(p);
      },
      async startMentionsExport(sink, period) {
        controller?.abort();
        const mine = new AbortController();
        controller = mine;
        patch({ status: 'running', progress: { bytes: 0, rows: 0 }, error: undefined });
        try {
          if (!services.exportMentions) throw new Error('This dashboard cannot export mentions.');
          const { format, bom } = get().mentionsExport;
          const body = await services.exportMentions({ format, bom, ...period }, mine.signal);
          const done = await pipeExport(body, format, sink, (progress) => patch({ progress }));
          patch({ status: 'done', progress: done });
        } catch (err) {
          await sink.abort();
          if (mine.signal.aborted) patch({ status: 'cancelled' });
          else patch({ status: 'failed', error: message(err) });
        } finally {
          if (controller === mine) controller = undefined;
        }
      },
      cancelMentionsExport() {
        controller?.abort();
      },
    };
  };
