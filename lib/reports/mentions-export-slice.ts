/**
 * The dashboard's mentions export (issue 12): the period's mentions as CSV, JSON Lines or an Excel
 * workbook from `GET /export/mentions`, streamed into a file the way the events export is.
 */

import type { StateCreator } from 'zustand/vanilla';
import {
  createExportRunner,
  type ExportFormat,
  type ExportProgress,
  type ExportSink,
  type ExportStatus,
  IDLE_EXPORT,
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
    const patch = (p: Partial<MentionsExportSlice['mentionsExport']>) =>
      set({ mentionsExport: { ...get().mentionsExport, ...p } } as Partial<S>);
    const runner = createExportRunner(patch);
    return {
      mentionsExport: { format: 'csv', bom: true, ...IDLE_EXPORT },
      setMentionsExport(p) {
        patch(p);
      },
      async startMentionsExport(sink, period) {
        const { format, bom } = get().mentionsExport;
        await runner.start(sink, format, (signal) => {
          if (!services.exportMentions) throw new Error('This dashboard cannot export mentions.');
          return services.exportMentions({ format, bom, ...period }, signal);
        });
      },
      cancelMentionsExport() {
        runner.cancel();
      },
    };
  };
