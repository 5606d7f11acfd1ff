import { Hono } from 'hono';
import { isActive, teamHealthWarnings } from '../../lib/health/status';
import {
  type HealthRecord,
  HealthUploadRequestSchema,
  type HealthUploadResponse,
  MAX_HEALTH_RECORDS,
  type TeamHealthMember,
  type TeamHealthResponse,
} from '../../lib/schemas/health';
import { requireRole } from '../core/auth';
import { readJson } from '../core/body';
import type { AppEnv, Deps } from '../core/context';
import type { SiteHealthTable } from '../db/types';

/** What the team view looks back over: the sidebar treats older failures as history too. */
const LOOKBACK_MS = 7 * 24 * 3_600_000;

/** A record's newest news: its last sighting, or the pass that ended it. */
const stamp = (r: { last_seen: string; ok_at: string | null }) =>
  r.ok_at && r.ok_at > r.last_seen ? r.ok_at : r.last_seen;

const parseList = (text: string | null): string[] => {
  if (!text) return [];
  try {
    const v: unknown = JSON.parse(text);
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
  } catch {
    return [];
  }
};

function toRecord(row: SiteHealthTable): HealthRecord & { receivedAt: string } {
  const shape = parseList(row.shape);
  return {
    platform: row.platform as HealthRecord['platform'],
    page: row.page,
    check: row.check_id,
    signal: row.signal as HealthRecord['signal'],
    affects: parseList(row.affects) as HealthRecord['affects'],
    ...(row.detail ? { detail: row.detail } : {}),
    ...(row.shape ? { shape } : {}),
    firstSeen: row.first_seen,
    lastSeen: row.last_seen,
    version: row.version,
    count: Number(row.count),
    ...(row.ok_at ? { okAt: row.ok_at } : {}),
    receivedAt: row.received_at,
  };
}

/**
 * Members upload the health records that changed (`POST /me/health`, part of their sync); managers and
 * leads read who is affected (`GET /team/health`) with the sidebar's own judgement (lib/health/status).
 */
export function siteHealthRoutes(deps: Deps) {
  const { db } = deps;
  return new Hono<AppEnv>()
    .post('/me/health', async (c) => {
      const input = await readJson(c, HealthUploadRequestSchema);
      const member = c.get('member');
      const now = deps.clock();
      const at = now.toISOString();
      // Nothing dated in the future: a fast device clock is held to the server's.
      const clamp = (iso: string) => (iso > at ? at : iso);
      const stored = await db.transaction().execute(async (trx) => {
        const existing = await trx
          .selectFrom('site_health')
          .select(['platform', 'page', 'check_id', 'last_seen', 'ok_at'])
          .where('member_id', '=', member.id)
          .execute();
        const known = new Map(existing.map((r) => [`${r.platform}:${r.page}:${r.check_id}`, r]));
        let n = 0;
        for (const r of input.records) {
          const row: SiteHealthTable = {
            member_id: member.id,
            platform: r.platform,
            page: r.page,
            check_id: r.check,
            signal: r.signal,
            affects: JSON.stringify(r.affects),
            detail: r.detail ?? null,
            shape: r.shape ? JSON.stringify(r.shape) : null,
            first_seen: clamp(r.firstSeen),
            last_seen: clamp(r.lastSeen),
            ok_at: r.okAt ? clamp(r.okAt) : null,
            version: r.version,
            count: r.count,
            received_at: at,
          };
          const before = known.get(`${r.platform}:${r.page}:${r.check}`);
          if (before) {
            // An upload retried after a newer one got through must not bring the old state back.
            if (stamp(row) < stamp(before)) continue;
            const { member_id, platform, page, check_id, ...changes } = row;
            await trx
              .updateTable('site_health')
              .set(changes)
              .where('member_id', '=', member_id)
              .where('platform', '=', platform)
              .where('page', '=', page)
              .where('check_id', '=', check_id)
              .execute();
          } else await trx.insertInto('site_health').values(row).execute();
          // The same check twice in one upload is one record: the second is an update of the first
          // (inserting it again broke the primary key and answered 500).
          known.set(`${r.platform}:${r.page}:${r.check}`, row);
          n += 1;
        }
        // Bounded like the extension's own table: the oldest sightings go first.
        const total = known.size;
        if (total > MAX_HEALTH_RECORDS) {
          const oldest = await trx
            .selectFrom('site_health')
            .select(['platform', 'page', 'check_id'])
            .where('member_id', '=', member.id)
            .orderBy('last_seen')
            .orderBy('check_id')
            .limit(total - MAX_HEALTH_RECORDS)
            .execute();
          for (const o of oldest) {
            await trx
              .deleteFrom('site_health')
              .where('member_id', '=', member.id)
              .where('platform', '=', o.platform)
              .where('page', '=', o.page)
              .where('check_id', '=', o.check_id)
              .execute();
          }
        }
        await trx
          .updateTable('members')
          .set({ client_version: input.version })
          .where('id', '=', member.id)
          .execute();
        return n;
      });
      return c.json({ stored, serverTime: at } satisfies HealthUploadResponse);
    })
    .get('/team/health', requireRole('manager'), async (c) => {
      const now = deps.clock();
      const rows = await db
        .selectFrom('site_health')
        .innerJoin('members', 'members.id', 'site_health.member_id')
        .selectAll('site_health')
        .select(['members.name', 'members.role', 'members.client_version'])
        .where('members.revoked_at', 'is', null)
        .where('site_health.last_seen', '>=', new Date(now.getTime() - LOOKBACK_MS).toISOString())
        .orderBy('members.name')
        .orderBy('site_health.first_seen')
        .execute();
      const byMember = new Map<
        string,
        { name: string; role: string; version: string | null; rows: SiteHealthTable[] }
      >();
      for (const { name, role, client_version, ...row } of rows) {
        const entry = byMember.get(row.member_id) ?? { name, role, version: client_version, rows: [] };
        entry.rows.push(row);
        byMember.set(row.member_id, entry);
      }
      const members: TeamHealthMember[] = [];
      for (const m of byMember.values()) {
        const records = m.rows.map(toRecord);
        // The version the member runs now; a record only an older version saw may be fixed by the update.
        const version =
          m.version ??
          records
            .map((r) => r.version)
            .sort()
            .at(-1)!;
        const active = records.filter((r) => isActive(r, version, now));
        if (active.length === 0) continue;
        members.push({
          name: m.name,
          role: m.role,
          ...(m.version ? { clientVersion: m.version } : {}),
          warnings: teamHealthWarnings(active, version, now),
          records: active,
        });
      }
      return c.json({ generatedAt: now.toISOString(), members } satisfies TeamHealthResponse);
    });
}
