import { type HealthRecord, type HealthReport, healthKey } from '../schemas/health';
import type { HealthRow, ReplyTrackerDB } from './db';

/** At most this many rows: a site that keeps renaming things must not fill the disk. */
const MAX_ROWS = 200;

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
        rev: (row?.rev ?? 0) + 1,
        ...(row?.sentRev !== undefined ? { sentRev: row.sentRev } : {}),
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
      await db.health.update(key, { okAt: at, rev: (row.rev ?? 0) + 1 });
      changed = true;
    }
    const extra = (await db.health.count()) - MAX_ROWS;
    if (extra > 0) await db.health.orderBy('lastSeen').limit(extra).delete();
  });
  return changed;
}

const toRecord = ({ key: _key, rev: _rev, sentRev: _sent, sendError: _err, ...record }: HealthRow) => record;

export async function listHealth(db: ReplyTrackerDB): Promise<HealthRecord[]> {
  const rows = await db.health.orderBy('lastSeen').reverse().toArray();
  return rows.map(toRecord);
}

/** A row changed since the team server last confirmed it (rows from before `rev` count once). */
const unsent = (r: HealthRow) => (r.rev ?? 1) !== (r.sentRev ?? 0);

/** Records the team server has not confirmed in their current state, oldest change first. */
export async function unsentHealth(
  db: ReplyTrackerDB,
  limit: number,
): Promise<{ key: string; rev: number; record: HealthRecord }[]> {
  const rows = await db.health.orderBy('lastSeen').toArray();
  return rows
    .filter(unsent)
    .slice(0, limit)
    .map((r) => ({ key: r.key, rev: r.rev ?? 1, record: toRecord(r) }));
}

/**
 * The server has these records as they were at `rev`. A row changed since (a newer sighting arrived
 * during the upload) stays unsent. `refused`: the server will not take it as it is; it is kept here,
 * with the reason, and sent again once it changes.
 */
export async function markHealthSent(
  db: ReplyTrackerDB,
  sent: readonly { key: string; rev: number; refused?: string }[],
): Promise<void> {
  await db.transaction('rw', db.health, async () => {
    for (const s of sent) {
      const row = await db.health.get(s.key);
      if (!row || (row.rev ?? 1) !== s.rev) continue;
      await db.health.update(s.key, { sentRev: s.rev, sendError: s.refused });
    }
  });
}
