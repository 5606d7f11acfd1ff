import { Hono } from 'hono';
import { MentionsReportQuerySchema } from '../../lib/schemas/mentions-report';
import { ReportQuerySchema } from '../../lib/schemas/reports';
import { requireRole } from '../core/auth';
import { parseQuery } from '../core/body';
import type { AppEnv, Deps } from '../core/context';
import { mentionsReport } from '../reports/mentions';
import { resolvePeriods } from '../reports/period';
import { readReportSettings } from '../reports/settings';

/** `GET /reports/mentions`: the negative background against the campaign's baseline, and the rest. */
export function mentionsReportRoutes(deps: Deps) {
  return new Hono<AppEnv>().get('/reports/mentions', requireRole('manager'), async (c) => {
    const q = parseQuery(c, ReportQuerySchema);
    const { baseline } = parseQuery(c, MentionsReportQuerySchema);
    const { settings } = await readReportSettings(deps.db);
    const { period } = resolvePeriods(q, q.tz ?? settings.timezone);
    c.header('Cache-Control', 'no-store');
    return c.json(await mentionsReport(deps.reads, period, baseline, deps.clock()));
  });
}
