import { type HealthObservation, type HealthPass, type HealthRecord, healthKey } from '../schemas/health';
import type { HealthRow, ReplyTrackerDB } from './db';

/** At most this many rows: a site that keeps renaming things must not fill the disk. */
const MAX_ROWS = 200;

export interface HealthReport {
  failed: HealthObservation[];
  passed: HealthPass[];
}

/**
 * Keeps one row per failed check: the first sighting starts it, later ones move `lastSeen` and count;
 * a pass after it marks it over (`okAt`). Answers whether anything a member would see changed.
 */
export async function recordHealth(
  db: ReplyTrackerDB,
  report: HealthReport,
  version: string,
  now: Date,
): Promise<boolean> {
  const at = now.toISOString();
  let changed = false;
  await db.transaction('rw', db.health, async () => {
    for (const o of report.failed) {
      const key = healthKey(o);
      const row = await db.health.get(key);
      const standing = row && row.version === version && !(row.okAt && row.okAt >= row.lastSeen);
      if (!standing) changed = true;
      const next: HealthRow = {
        ...o,
        key,
        firstSeen: standing ? row.firstSeen : at,
        lastSeen: at,
        version,
        count: (standing ? row.count : 0) + 1,
      };
      await db.health.put(next);
    }
    for (const p of report.passed) {
      const key = healthKey(p);
      const row = await db.health.get(key);
      if (!row || (row.okAt && row.okAt >= row.lastSeen)) continue;
      await db.health.update(key, { okAt: at });
      changed = true;
    }
    const extra = (await db.health.count()) - MAX_ROWS;
    if (extra > 0) await db.health.orderBy('lastSeen').limit(extra).delete();
  });
  return changed;
}

export async function listHealth(db: ReplyTrackerDB): Promise<HealthRecord[]> {
  const rows = await db.health.orderBy('lastSeen').reverse().toArray();
  return rows.map(({ key: _key, ...record }) => record);
}
