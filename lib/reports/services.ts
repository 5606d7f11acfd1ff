import { ErrorBodySchema } from '../schemas/api';
import {
  type ModelRun,
  ModelRunSchema,
  type ModelRunsResponse,
  ModelRunsResponseSchema,
} from '../schemas/classifier';
import { type TeamHealthResponse, TeamHealthResponseSchema } from '../schemas/health';
import type { Role } from '../schemas/member';
import { type ConnectorsResponse, ConnectorsResponseSchema } from '../schemas/mention';
import { type MentionsReport, MentionsReportSchema } from '../schemas/mentions-report';
import {
  AmbassadorsResponseSchema,
  CategoriesResponseSchema,
  DailyResponseSchema,
  NarrativesResponseSchema,
  type ReportSettings,
  type ReportSettingsDocument,
  ReportSettingsDocumentSchema,
  SummaryResponseSchema,
  ThreadsReportResponseSchema,
} from '../schemas/reports';
import { queryOf, type TeamServer, teamServer, withJson } from '../sync/client';
import type { ExportFormat } from './download';
import { type MentionsExportParams, mentionsExportSearch } from './mentions-export-slice';

export const REPORT_SCHEMAS = {
  summary: SummaryResponseSchema,
  daily: DailyResponseSchema,
  categories: CategoriesResponseSchema,
  narratives: NarrativesResponseSchema,
  ambassadors: AmbassadorsResponseSchema,
  threads: ThreadsReportResponseSchema,
} as const;
export type ReportKind = keyof typeof REPORT_SCHEMAS;
export type ReportData = { [K in ReportKind]: ReturnType<(typeof REPORT_SCHEMAS)[K]['parse']> };

export type PeriodQuery = { month: string; tz?: string } | { from: string; to: string; tz?: string };

export interface ExportParams {
  format: ExportFormat;
  bom: boolean;
  /** UTC instants: `from` inclusive, `to` exclusive. */
  from?: string;
  to?: string;
  tz?: string;
  member?: string;
  platform?: string;
  category?: string;
  action?: string;
}

export interface DashboardIdentity {
  serverUrl: string;
  name: string;
  role: Role;
}

/** Everything the dashboard needs from outside; tests pass fakes. */
export interface ReportsServices {
  /** Who is connected; throws a readable error when the extension is not connected. */
  identity(): Promise<DashboardIdentity>;
  report<K extends ReportKind>(kind: K, period: PeriodQuery): Promise<ReportData[K]>;
  settings(): Promise<ReportSettingsDocument>;
  saveSettings(settings: ReportSettings): Promise<ReportSettingsDocument>;
  /** Members whose counting an X or YouTube change affects (issue 14); absent in older fakes. */
  teamHealth?(): Promise<TeamHealthResponse>;
  /** Mentions (issue 12): the monitoring report for the period, and the server connectors' state. */
  mentionsReport?(period: PeriodQuery): Promise<MentionsReport>;
  connectors?(): Promise<ConnectorsResponse>;
  /** The classifier (issue 13): the team's training runs, and a retraining now. */
  classifierRuns?(): Promise<ModelRunsResponse>;
  retrainClassifier?(): Promise<ModelRun>;
  /** Mentions (issue 12) as `GET /export/mentions` streams them; absent in older fakes. */
  exportMentions?(params: MentionsExportParams, signal: AbortSignal): Promise<ReadableStream<Uint8Array>>;
  /** The streaming response; the caller reads the body. */
  exportEvents(params: ExportParams, signal: AbortSignal): Promise<ReadableStream<Uint8Array>>;
}

export class ReportsError extends Error {
  override name = 'ReportsError';
}

export interface ServerConnection extends DashboardIdentity {
  token: string;
}

export function exportSearch(p: ExportParams): string {
  const q = new URLSearchParams({ format: p.format });
  if (p.format === 'csv' && p.bom) q.set('bom', '1');
  for (const key of ['from', 'to', 'tz', 'member', 'platform', 'category', 'action'] as const) {
    const v = p[key];
    if (v) q.set(key, v);
  }
  return q.toString();
}

export function periodSearch(p: PeriodQuery): string {
  const q = new URLSearchParams('month' in p ? { month: p.month } : { from: p.from, to: p.to });
  if (p.tz) q.set('tz', p.tz);
  return q.toString();
}

/**
 * Talks to the team server straight from the dashboard page, through the one typed client
 * (`lib/sync/client.ts`). Extension pages may hold the token (content scripts never can), and an
 * export must stream into the page, which a runtime message cannot carry.
 */
export function createServerReportsServices(opts: {
  connection: () => Promise<ServerConnection | undefined>;
  fetch: typeof fetch;
}): ReportsServices {
  const conn = async (): Promise<ServerConnection> => {
    const c = await opts.connection();
    if (!c)
      throw new ReportsError('Not connected to a team server. Connect in Reply Tracker’s options first.');
    return c;
  };
  const call = async (send: (api: TeamServer) => Promise<Response>): Promise<Response> => {
    const c = await conn();
    let res: Response;
    try {
      res = await send(teamServer({ serverUrl: c.serverUrl, token: c.token, fetch: opts.fetch }));
    } catch (err) {
      if (err instanceof DOMException && err.name === 'AbortError') throw err;
      throw new ReportsError(`The team server at ${c.serverUrl} cannot be reached.`);
    }
    if (!res.ok) {
      const body = ErrorBodySchema.safeParse(await res.json().catch(() => null));
      const msg = body.success ? body.data.error.message : `HTTP ${res.status}`;
      throw new ReportsError(res.status === 403 ? `Reports are for managers and leads. ${msg}` : msg);
    }
    return res;
  };
  return {
    async identity() {
      const { serverUrl, name, role } = await conn();
      return { serverUrl, name, role };
    },
    async report(kind, period) {
      const res = await call((api) => api.reports[kind].$get({ query: queryOf(periodSearch(period)) }));
      return REPORT_SCHEMAS[kind].parse(await res.json()) as ReportData[typeof kind];
    },
    async settings() {
      return ReportSettingsDocumentSchema.parse(
        await (await call((api) => api.reports.settings.$get())).json(),
      );
    },
    async saveSettings(settings) {
      const res = await call((api) => api.reports.settings.$put(undefined, withJson(settings)));
      return ReportSettingsDocumentSchema.parse(await res.json());
    },
    async mentionsReport(period) {
      return MentionsReportSchema.parse(
        await (
          await call((api) => api.reports.mentions.$get({ query: queryOf(periodSearch(period)) }))
        ).json(),
      );
    },
    async connectors() {
      return ConnectorsResponseSchema.parse(
        await (await call((api) => api.monitoring.connectors.$get())).json(),
      );
    },
    async teamHealth() {
      return TeamHealthResponseSchema.parse(await (await call((api) => api.team.health.$get())).json());
    },
    async classifierRuns() {
      return ModelRunsResponseSchema.parse(await (await call((api) => api.classifier.runs.$get())).json());
    },
    async retrainClassifier() {
      return ModelRunSchema.parse(await (await call((api) => api.classifier.retrain.$post())).json());
    },
    async exportMentions(params, signal) {
      const res = await call((api) =>
        api.export.mentions.$get({ query: queryOf(mentionsExportSearch(params)) }, { init: { signal } }),
      );
      if (!res.body) throw new ReportsError('The server sent no data.');
      return res.body;
    },
    async exportEvents(params, signal) {
      const res = await call((api) =>
        api.export.$get({ query: queryOf(exportSearch(params)) }, { init: { signal } }),
      );
      if (!res.body) throw new ReportsError('The server sent no data.');
      return res.body;
    },
  };
}
