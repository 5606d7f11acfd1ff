import {
  DEFAULT_REPORT_SETTINGS,
  type ReportSettings,
  type ReportSettingsDocument,
  ReportSettingsSchema,
} from '../../lib/schemas/reports';
import type { Db } from '../db/types';

const KEY = 'reports';

/** Levels are kept lowest threshold first, so "the highest level reached" is the last one that fits. */
function normalise(s: ReportSettings): ReportSettings {
  return { ...s, levels: [...s.levels].sort((a, b) => a.minActions - b.minActions) };
}

export async function readReportSettings(db: Db): Promise<ReportSettingsDocument> {
  const row = await db.selectFrom('settings').selectAll().where('key', '=', KEY).executeTakeFirst();
  if (!row) return { settings: DEFAULT_REPORT_SETTINGS };
  // A document saved by an older version that no longer parses falls back to the defaults, not a 500.
  const parsed = ReportSettingsSchema.safeParse(JSON.parse(row.value));
  if (!parsed.success) return { settings: DEFAULT_REPORT_SETTINGS };
  return { settings: normalise(parsed.data), updatedAt: row.updated_at, updatedBy: row.updated_by };
}

export async function writeReportSettings(
  db: Db,
  settings: ReportSettings,
  by: string,
  now: Date,
): Promise<ReportSettingsDocument> {
  const value = JSON.stringify(normalise(settings));
  const at = now.toISOString();
  await db
    .insertInto('settings')
    .values({ key: KEY, value, updated_at: at, updated_by: by })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value, updated_at: at, updated_by: by }))
    .execute();
  return { settings: normalise(settings), updatedAt: at, updatedBy: by };
}
