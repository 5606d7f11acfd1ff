import type { Context } from 'hono';
import { Hono } from 'hono';
import {
  type AmbassadorsResponse,
  type CategoriesResponse,
  type NarrativesResponse,
  ReportQuerySchema,
  ReportSettingsSchema,
  type SummaryResponse,
  type ThreadsReportResponse,
} from '../../lib/schemas/reports';
import { requireRole } from '../core/auth';
import { parseQuery, readJson } from '../core/body';
import type { AppEnv, Deps } from '../core/context';
import { resolvePeriods } from '../reports/period';
import {
  ambassadors,
  categories,
  daily,
  eventTotals,
  medianFirstReply,
  narratives,
  sumCohorts,
  threadCohorts,
  threadLists,
  threadsAnswered,
} from '../reports/queries';
import { readReportSettings, writeReportSettings } from '../reports/settings';

export function reportsRoutes(deps: Deps) {
  // Settings are a one-row read on the main connection; the aggregates go to the reader.
  const { db, reads } = deps;

  /** The period asked for, in the zone asked for or else the lead's stored one. */
  const periods = async (c: Context<AppEnv>) => {
    const q = parseQuery(c, ReportQuerySchema);
    const { settings } = await readReportSettings(db);
    const resolved = resolvePeriods(q, q.tz ?? settings.timezone);
    // Figures for a period still running change by the minute; nothing here should be cached.
    c.header('Cache-Control', 'no-store');
    return { ...resolved, settings };
  };

  return new Hono<AppEnv>()
    .use('/reports/*', requireRole('manager'))
    .get('/reports/settings', async (c) => c.json(await readReportSettings(db)))
    .put('/reports/settings', requireRole('lead'), async (c) => {
      const settings = await readJson(c, ReportSettingsSchema);
      return c.json(await writeReportSettings(db, settings, c.get('member').name, deps.clock()));
    })
    .get('/reports/summary', async (c) => {
      const p = await periods(c);
      const now = deps.clock();
      const [events, cohorts, answered, medianMinutes] = await Promise.all([
        eventTotals(reads, p),
        threadCohorts(reads, p, now),
        threadsAnswered(reads, p),
        medianFirstReply(reads, p),
      ]);
      const body: SummaryResponse = {
        period: p.period,
        previousPeriod: p.previous,
        kpis: {
          ...events,
          ...sumCohorts(cohorts),
          threadsAnswered: answered,
          medianFirstReplyMinutes: medianMinutes,
        },
        targets: p.settings.targets,
      };
      return c.json(body);
    })
    .get('/reports/daily', async (c) => {
      const p = await periods(c);
      return c.json(await daily(reads, p.period));
    })
    .get('/reports/categories', async (c) => {
      const p = await periods(c);
      const body: CategoriesResponse = {
        period: p.period,
        previousPeriod: p.previous,
        categories: await categories(reads, p, deps.clock()),
      };
      return c.json(body);
    })
    .get('/reports/narratives', async (c) => {
      const p = await periods(c);
      const body: NarrativesResponse = {
        period: p.period,
        previousPeriod: p.previous,
        ...(await narratives(reads, p)),
      };
      return c.json(body);
    })
    .get('/reports/ambassadors', async (c) => {
      const p = await periods(c);
      const body: AmbassadorsResponse = {
        period: p.period,
        previousPeriod: p.previous,
        levels: p.settings.levels,
        members: await ambassadors(reads, p, p.settings.levels),
      };
      return c.json(body);
    })
    .get('/reports/threads', async (c) => {
      const p = await periods(c);
      const now = deps.clock();
      const body: ThreadsReportResponse = {
        period: p.period,
        generatedAt: now.toISOString(),
        ...(await threadLists(reads, p.period, now)),
      };
      return c.json(body);
    });
}
