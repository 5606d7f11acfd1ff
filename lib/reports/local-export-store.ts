import { createStore, type StoreApi } from 'zustand/vanilla';
import { errorMessage } from '../errors';
import type { ExportFormat, ExportProgress, ExportSink, ExportStatus } from './download';
import { defaultFilters, filtersProblem, type LocalExportFilters } from './local-export';
import type { LocalExportServices } from './local-source';

export type LocalExportStatus = ExportStatus;

export interface LocalExportState {
  filters: LocalExportFilters;
  format: ExportFormat;
  bom: boolean;
  member: string | undefined;
  /** Matching events; undefined while counting or when the filters are incomplete. */
  count: number | undefined;
  counting: boolean;
  countError: string | undefined;
  status: LocalExportStatus;
  progress: ExportProgress;
  /** The count when the export started, for a determinate progress bar. */
  total: number | undefined;
  error: string | undefined;
  setFilters(patch: Partial<LocalExportFilters>): void;
  setFormat(format: ExportFormat): void;
  setBom(bom: boolean): void;
  /** Re-reads the member and the count; a newer call makes an older one's answer moot. */
  refresh(): Promise<void>;
  start(sink: ExportSink): Promise<void>;
  cancel(): void;
}

export type LocalExportStore = StoreApi<LocalExportState>;

export const browserTimeZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';

export function createLocalExportStore(
  services: LocalExportServices,
  initial: LocalExportFilters = defaultFilters(new Date(), browserTimeZone()),
): LocalExportStore {
  let generation = 0;
  let controller: AbortController | undefined;
  return createStore<LocalExportState>()((set, get) => ({
    filters: initial,
    format: 'csv',
    bom: true,
    member: undefined,
    count: undefined,
    counting: false,
    countError: undefined,
    status: 'idle',
    progress: { bytes: 0, rows: 0 },
    total: undefined,
    error: undefined,
    setFilters(patch) {
      set({ filters: { ...get().filters, ...patch } });
      void get().refresh();
    },
    setFormat(format) {
      set({ format });
    },
    setBom(bom) {
      set({ bom });
    },
    async refresh() {
      const mine = ++generation;
      const { filters } = get();
      if (filtersProblem(filters)) {
        set({ count: undefined, counting: false, countError: undefined });
        return;
      }
      set({ counting: true, countError: undefined });
      try {
        const [member, count] = await Promise.all([services.member(), services.count(filters)]);
        if (mine === generation) set({ member, count, counting: false });
      } catch (err) {
        if (mine === generation) set({ count: undefined, counting: false, countError: errorMessage(err) });
      }
    },
    async start(sink) {
      const { filters, format, bom, count } = get();
      const problem = filtersProblem(filters);
      if (problem) {
        await sink.abort();
        set({ status: 'failed', error: problem });
        return;
      }
      controller?.abort();
      const mine = new AbortController();
      controller = mine;
      set({ status: 'running', progress: { bytes: 0, rows: 0 }, total: count, error: undefined });
      try {
        // Read at the click: a connection made since the page opened names the rows.
        const member = await services.member();
        const done = await services.exportTo({
          filters,
          options: { format, bom: format === 'csv' && bom },
          member,
          sink,
          signal: mine.signal,
          onProgress: (progress) => {
            if (controller === mine) set({ progress });
          },
        });
        if (controller === mine) set({ status: 'done', progress: done, member, total: done.rows });
      } catch (err) {
        // Twice is harmless, and the member lookup can fail before the run owns the sink.
        await sink.abort();
        if (controller !== mine) return;
        if (mine.signal.aborted) set({ status: 'cancelled' });
        else set({ status: 'failed', error: errorMessage(err) });
      } finally {
        if (controller === mine) controller = undefined;
      }
    },
    cancel() {
      controller?.abort();
    },
  }));
}
