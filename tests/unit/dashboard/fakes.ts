import type { ExportSink } from '@/lib/reports/download';
import type {
  ExportParams,
  PeriodQuery,
  ReportData,
  ReportKind,
  ReportsServices,
} from '@/lib/reports/services';
import type { ReportPeriod, ReportSettings, ReportSettingsDocument } from '@/lib/schemas/reports';
import { DEFAULT_REPORT_SETTINGS } from '@/lib/schemas/reports';

export const PERIOD: ReportPeriod = {
  from: '2026-11-01',
  to: '2026-11-30',
  tz: 'Europe/Moscow',
  start: '2026-10-31T21:00:00.000Z',
  end: '2026-11-30T21:00:00.000Z',
  days: 30,
  month: '2026-11',
};
export const PREVIOUS: ReportPeriod = {
  ...PERIOD,
  from: '2026-10-01',
  to: '2026-10-31',
  start: '2026-09-30T21:00:00.000Z',
  end: '2026-10-31T21:00:00.000Z',
  days: 31,
  month: '2026-10',
};

const m = (current: number, previous: number) => ({ current, previous });

export function fakeReports(): ReportData {
  const levels = DEFAULT_REPORT_SETTINGS.levels;
  return {
    summary: {
      period: PERIOD,
      previousPeriod: PREVIOUS,
      kpis: {
        replies: m(512, 430),
        likes: m(470, 480),
        likesGiven: m(490, 481),
        unlikes: m(20, 1),
        activeAmbassadors: m(87, 90),
        threadsOpened: m(64, 50),
        threadsAnswered: m(58, 47),
        slaMet: m(50, 40),
        slaDecided: m(55, 46),
        slaCompliance: { current: 50 / 55, previous: 40 / 46 },
        medianFirstReplyMinutes: { current: 300, previous: 420 },
      },
      targets: DEFAULT_REPORT_SETTINGS.targets,
    },
    daily: {
      period: PERIOD,
      days: Array.from({ length: 30 }, (_, i) => ({
        date: `2026-11-${String(i + 1).padStart(2, '0')}`,
        x: { replies: i + 1, likes: 10, unlikes: i === 0 ? 3 : 0 },
        youtube: { replies: 2, likes: 4, unlikes: 0 },
      })),
    },
    categories: {
      period: PERIOD,
      previousPeriod: PREVIOUS,
      categories: [
        {
          category: 'support_needed',
          replies: m(200, 150),
          likes: m(100, 90),
          actions: m(300, 240),
          threadsOpened: m(20, 15),
          slaMet: m(18, 12),
          slaDecided: m(20, 15),
          slaCompliance: { current: 0.9, previous: 0.8 },
        },
        {
          category: 'trolling',
          replies: m(3, 1),
          likes: m(0, 0),
          actions: m(3, 1),
          threadsOpened: m(2, 0),
          slaMet: m(0, 0),
          slaDecided: m(0, 0),
          slaCompliance: { current: null, previous: null },
        },
      ],
    },
    narratives: {
      period: PERIOD,
      previousPeriod: PREVIOUS,
      months: ['2026-09', '2026-10', '2026-11'],
      categories: [
        {
          category: 'rumor_narrative',
          months: [
            { month: '2026-09', conversations: 2, actions: 3, threadsTracked: 0 },
            { month: '2026-10', conversations: 5, actions: 9, threadsTracked: 1 },
            { month: '2026-11', conversations: 11, actions: 20, threadsTracked: 2 },
          ],
          growing: true,
          growth: 7,
        },
      ],
      threads: [
        {
          platform: 'x',
          key: '1800',
          url: 'https://x.com/i/web/status/1800',
          category: 'rumor_narrative',
          excerpt: 'They are shutting down in Europe',
          current: 9,
          previous: 2,
        },
      ],
    },
    ambassadors: {
      period: PERIOD,
      previousPeriod: PREVIOUS,
      levels,
      members: [
        row('amber', 40, 30, 'mentor', ['x']),
        row('bo', 5, 10, 'regular', ['youtube']),
        row('cy', 1, 0, 'newcomer', ['x', 'youtube']),
        row('dee', 0, 0, null, []),
      ],
    },
    threads: {
      period: PERIOD,
      generatedAt: '2026-11-20T12:00:00.000Z',
      open: { total: 0, threads: [] },
      overdue: {
        total: 1,
        threads: [
          {
            id: '6f1c7c3e-0000-4000-8000-000000000001',
            platform: 'x',
            url: 'https://x.com/u/status/1',
            category: 'trust_doubt',
            priority: 'high',
            status: 'open',
            excerpt: 'Is this a scam?',
            createdAt: '2026-11-18T10:00:00.000Z',
            slaDueAt: '2026-11-19T10:00:00.000Z',
            repliedBy: [],
            overdueMinutes: 26 * 60,
          },
        ],
      },
      answered: { total: 0, threads: [] },
      closed: { total: 0, threads: [] },
    },
  };
}

function row(
  name: string,
  replies: number,
  likes: number,
  level: string | null,
  platforms: ('x' | 'youtube')[],
) {
  return {
    name,
    role: 'ambassador' as const,
    revoked: false,
    replies,
    likes,
    actions: replies + likes,
    previousActions: 3,
    threadsTouched: replies + likes,
    firstReplies: 1,
    firstRepliesWithinSla: 1,
    platforms,
    ...(replies + likes > 0 ? { lastActiveAt: '2026-11-19T10:00:00.000Z' } : {}),
    level,
  };
}

export interface FakeServices extends ReportsServices {
  queries: PeriodQuery[];
  saved: ReportSettings[];
  exports: ExportParams[];
  /** Feeds the current export's body; `end()` finishes it. */
  exportFeed?: { push(text: string): void; end(): void };
}

export function fakeServices(
  opts: { role?: 'lead' | 'manager' | 'ambassador'; data?: ReportData } = {},
): FakeServices {
  const data = opts.data ?? fakeReports();
  let doc: ReportSettingsDocument = { settings: DEFAULT_REPORT_SETTINGS };
  const self: FakeServices = {
    queries: [],
    saved: [],
    exports: [],
    identity: async () => ({ serverUrl: 'http://127.0.0.1:8787', name: 'leo', role: opts.role ?? 'lead' }),
    async report<K extends ReportKind>(kind: K, q: PeriodQuery) {
      if (kind === 'summary') self.queries.push(q);
      return data[kind];
    },
    settings: async () => doc,
    async saveSettings(s) {
      self.saved.push(s);
      doc = { settings: s, updatedAt: '2026-11-20T12:00:00.000Z', updatedBy: 'leo' };
      return doc;
    },
    async exportEvents(params, signal) {
      self.exports.push(params);
      const encoder = new TextEncoder();
      return new ReadableStream<Uint8Array>({
        start(controller) {
          self.exportFeed = {
            push: (t) => controller.enqueue(encoder.encode(t)),
            end: () => controller.close(),
          };
          signal.addEventListener('abort', () => controller.error(new DOMException('Aborted', 'AbortError')));
        },
      });
    },
  };
  return self;
}

export function memorySink(): ExportSink & { chunks: string[]; closed: boolean; aborted: boolean } {
  const decoder = new TextDecoder();
  const sink = {
    chunks: [] as string[],
    closed: false,
    aborted: false,
    async write(c: Uint8Array) {
      sink.chunks.push(decoder.decode(c));
    },
    async close() {
      sink.closed = true;
    },
    async abort() {
      sink.aborted = true;
    },
  };
  return sink;
}
