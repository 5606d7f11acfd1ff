import { createStore, type StateCreator, type StoreApi } from 'zustand/vanilla';
import { errorMessage } from '../errors';
import type { TeamHealthResponse } from '../schemas/health';
import { roleAtLeast } from '../schemas/member';
import type { ConnectorState } from '../schemas/mention';
import type { MentionsReport } from '../schemas/mentions-report';
import type { ReportSettings, ReportSettingsDocument } from '../schemas/reports';
import {
  createExportRunner,
  type ExportFormat,
  type ExportProgress,
  type ExportSink,
  type ExportStatus,
  IDLE_EXPORT,
} from './download';
import { currentMonth } from './format';
import { type MentionsExportSlice, mentionsExportSlice } from './mentions-export-slice';
import { type ModelSlice, modelSlice } from './model-slice';
import type {
  DashboardIdentity,
  ExportParams,
  PeriodQuery,
  ReportData,
  ReportKind,
  ReportsServices,
} from './services';

export type PeriodSelection = { mode: 'month'; month: string } | { mode: 'range'; from: string; to: string };

export interface PeriodSlice {
  selection: PeriodSelection;
  /** Undefined: the zone the lead stored on the server. */
  tz: string | undefined;
  selectMonth(month: string): void;
  selectRange(from: string, to: string): void;
  selectTimeZone(tz: string | undefined): void;
}

export interface DataSlice {
  identity: DashboardIdentity | undefined;
  data: Partial<ReportData>;
  loading: boolean;
  error: string | undefined;
  /** Who may be missing counts because X or YouTube changed (issue 14); not tied to the period. */
  siteHealth: TeamHealthResponse | undefined;
  siteHealthError: string | undefined;
  /** The period's mentions report and the server connectors (issue 12); absent from older servers. */
  mentions: MentionsReport | undefined;
  mentionsError: string | undefined;
  connectors: ConnectorState[] | undefined;
  connectorsError: string | undefined;
  /** Loads everything for the selected period; a newer load makes an older one's answers moot. */
  load(): Promise<void>;
}

export interface SettingsSlice {
  settings: ReportSettingsDocument | undefined;
  saving: boolean;
  settingsError: string | undefined;
  saveSettings(s: ReportSettings): Promise<boolean>;
}

export type { ExportStatus } from './download';

export interface ExportFilters {
  format: ExportFormat;
  bom: boolean;
  member: string;
  platform: string;
  category: string;
  action: string;
}

export interface ExportSlice {
  exportFilters: ExportFilters;
  exportStatus: ExportStatus;
  exportProgress: ExportProgress;
  exportError: string | undefined;
  setExportFilters(patch: Partial<ExportFilters>): void;
  /** Streams the selected period's events into the sink; `cancelExport` stops it. */
  startExport(sink: ExportSink): Promise<void>;
  cancelExport(): void;
}

export type DashboardState = PeriodSlice &
  DataSlice &
  SettingsSlice &
  ExportSlice &
  ModelSlice &
  MentionsExportSlice;
export type DashboardStore = StoreApi<DashboardState>;
type Slice<T> = StateCreator<DashboardState, [], [], T>;

const KINDS: ReportKind[] = ['summary', 'daily', 'categories', 'narratives', 'ambassadors', 'threads'];

export function periodQuery(s: Pick<DashboardState, 'selection' | 'tz'>): PeriodQuery {
  const tz = s.tz ? { tz: s.tz } : {};
  return s.selection.mode === 'month'
    ? { month: s.selection.month, ...tz }
    : { from: s.selection.from, to: s.selection.to, ...tz };
}

export const selectCanEdit = (s: DashboardState) => s.identity?.role === 'lead';
export const selectIsManager = (s: DashboardState) =>
  Boolean(s.identity && roleAtLeast(s.identity.role, 'manager'));
/** The zone the figures are in: what the server answered with, else what was asked. */
export const selectTimeZone = (s: DashboardState) => s.data.summary?.period.tz ?? s.tz ?? 'UTC';

/** `dashboard.html?month=2026-11&tz=Europe/Moscow` (or `from=&to=`): a link to one report. */
export function initialFromSearch(search: string, now: Date): { selection: PeriodSelection; tz?: string } {
  const q = new URLSearchParams(search);
  const tz = q.get('tz') ?? undefined;
  const month = q.get('month');
  const from = q.get('from');
  const to = q.get('to');
  const date = /^\d{4}-\d{2}-\d{2}$/;
  const selection: PeriodSelection =
    month && /^\d{4}-(0[1-9]|1[0-2])$/.test(month)
      ? { mode: 'month', month }
      : from && to && date.test(from) && date.test(to) && from <= to
        ? { mode: 'range', from, to }
        : { mode: 'month', month: currentMonth(now) };
  return { selection, ...(tz ? { tz } : {}) };
}

const periodSlice =
  (initial: { selection: PeriodSelection; tz?: string }): Slice<PeriodSlice> =>
  (set, get) => ({
    selection: initial.selection,
    tz: initial.tz,
    selectMonth(month) {
      set({ selection: { mode: 'month', month } });
      void get().load();
    },
    selectRange(from, to) {
      set({ selection: { mode: 'range', from, to } });
      void get().load();
    },
    selectTimeZone(tz) {
      set({ tz });
      void get().load();
    },
  });

const dataSlice =
  (services: ReportsServices): Slice<DataSlice> =>
  (set, get) => {
    let generation = 0;
    return {
      identity: undefined,
      data: {},
      loading: false,
      error: undefined,
      siteHealth: undefined,
      siteHealthError: undefined,
      mentions: undefined,
      mentionsError: undefined,
      connectors: undefined,
      connectorsError: undefined,
      async load() {
        const mine = ++generation;
        set({ loading: true, error: undefined });
        try {
          const identity = get().identity ?? (await services.identity());
          if (mine !== generation) return;
          set({ identity });
          // Beside the reports, never in their way: an older server without it leaves the panel out.
          if (services.teamHealth && roleAtLeast(identity.role, 'manager')) {
            services.teamHealth().then(
              (siteHealth) => set({ siteHealth, siteHealthError: undefined }),
              (err: unknown) => set({ siteHealthError: errorMessage(err) }),
            );
          }
          const query = periodQuery(get());
          if (roleAtLeast(identity.role, 'manager')) void get().loadModel();
          if (roleAtLeast(identity.role, 'manager')) {
            services.connectors?.().then(
              (r) => set({ connectors: r.connectors, connectorsError: undefined }),
              (err: unknown) => set({ connectorsError: errorMessage(err) }),
            );
            services.mentionsReport?.(query).then(
              (mentions) => {
                if (mine === generation) set({ mentions, mentionsError: undefined });
              },
              (err: unknown) => {
                if (mine === generation) set({ mentions: undefined, mentionsError: errorMessage(err) });
              },
            );
          }
          const [settings, ...reports] = await Promise.all([
            services.settings(),
            ...KINDS.map((k) => services.report(k, query)),
          ]);
          if (mine !== generation) return;
          const data = Object.fromEntries(KINDS.map((k, i) => [k, reports[i]])) as Partial<ReportData>;
          set({ data, settings, loading: false });
        } catch (err) {
          if (mine === generation) set({ loading: false, error: errorMessage(err) });
        }
      },
    };
  };

const settingsSlice =
  (services: ReportsServices): Slice<SettingsSlice> =>
  (set, get) => ({
    settings: undefined,
    saving: false,
    settingsError: undefined,
    async saveSettings(s) {
      set({ saving: true, settingsError: undefined });
      try {
        const saved = await services.saveSettings(s);
        set({ settings: saved, saving: false });
        // Targets, levels or the zone changed: every figure may read differently.
        await get().load();
        return true;
      } catch (err) {
        set({ saving: false, settingsError: errorMessage(err) });
        return false;
      }
    },
  });

export function exportParams(s: DashboardState): ExportParams {
  const f = s.exportFilters;
  const period = s.data.summary?.period;
  return {
    format: f.format,
    bom: f.bom,
    ...(period ? { from: period.start, to: period.end, tz: period.tz } : {}),
    ...(f.member ? { member: f.member } : {}),
    ...(f.platform ? { platform: f.platform } : {}),
    ...(f.category ? { category: f.category } : {}),
    ...(f.action ? { action: f.action } : {}),
  };
}

const exportSlice =
  (services: ReportsServices): Slice<ExportSlice> =>
  (set, get) => {
    const runner = createExportRunner(({ status, progress, error }) =>
      set({ exportStatus: status, exportProgress: progress, exportError: error }),
    );
    return {
      exportFilters: { format: 'csv', bom: true, member: '', platform: '', category: '', action: '' },
      exportStatus: IDLE_EXPORT.status,
      exportProgress: IDLE_EXPORT.progress,
      exportError: IDLE_EXPORT.error,
      setExportFilters(patch) {
        set({ exportFilters: { ...get().exportFilters, ...patch } });
      },
      async startExport(sink) {
        const params = exportParams(get());
        await runner.start(sink, params.format, (signal) => services.exportEvents(params, signal));
      },
      cancelExport() {
        runner.cancel();
      },
    };
  };

export function createDashboardStore(
  services: ReportsServices,
  initial = initialFromSearch('', new Date()),
): DashboardStore {
  return createStore<DashboardState>()((...a) => ({
    ...periodSlice(initial)(...a),
    ...dataSlice(services)(...a),
    ...settingsSlice(services)(...a),
    ...exportSlice(services)(...a),
    ...modelSlice<DashboardState>(services)(...a),
    ...mentionsExportSlice<DashboardState>(services)(...a),
  }));
}
