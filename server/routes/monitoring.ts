import { Hono } from 'hono';
import { type MonitoringDocument, MonitoringSettingsSchema } from '../../lib/schemas/monitoring';
import { requireRole } from '../core/auth';
import { readJson } from '../core/body';
import type { AppEnv, Deps } from '../core/context';
import { currentMonitoring } from '../core/mentions';
import { parseIfMatch, publishVersion } from '../core/versioned';

/** The team's monitoring terms: every member reads them (capture needs them), managers and leads publish. */
export function monitoringRoutes(deps: Deps) {
  const { db } = deps;
  return new Hono<AppEnv>()
    .get('/monitoring', async (c) => {
      const doc = await currentMonitoring(db);
      const etag = `"${doc.version}"`;
      c.header('ETag', etag);
      c.header('Cache-Control', 'private, no-cache');
      if (c.req.header('if-none-match')?.replace(/^W\//, '').trim() === etag) return c.body(null, 304);
      return c.json(doc);
    })
    .put('/monitoring', requireRole('manager'), async (c) => {
      const expected = parseIfMatch(c.req.header('if-match'), 'monitoring');
      const settings = await readJson(c, MonitoringSettingsSchema);
      const saved = await publishVersion(db, 'monitoring', {
        content: settings,
        by: c.get('member').name,
        at: deps.clock().toISOString(),
        expected,
        what: 'Monitoring terms',
      });
      c.header('ETag', `"${saved.version}"`);
      return c.json({
        ...settings,
        version: saved.version,
        updatedAt: saved.updatedAt,
        updatedBy: saved.updatedBy,
      } satisfies MonitoringDocument);
    });
}
