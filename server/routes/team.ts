import { Hono } from 'hono';
import type { TeamMemberStatus, TeamStatusResponse } from '../../lib/schemas/api';
import { RoleSchema } from '../../lib/schemas/member';
import { requireRole } from '../core/auth';
import type { AppEnv, Deps } from '../core/context';
import { startOfUtcDay, startOfUtcMonth } from '../core/time';

export function teamRoutes(deps: Deps) {
  const { db } = deps;
  return new Hono<AppEnv>().get('/team/status', requireRole('manager'), async (c) => {
    const now = deps.clock();
    // UTC days and months: the team spans time zones and the monthly report is in UTC too.
    const dayStart = startOfUtcDay(now).toISOString();
    const monthStart = startOfUtcMonth(now).toISOString();
    const members = await db
      .selectFrom('members')
      .select(['id', 'name', 'role', 'last_sync_at', 'client_pending', 'client_last_error', 'client_version'])
      .where('revoked_at', 'is', null)
      .orderBy('name')
      .execute();
    const counts = await db
      .selectFrom('events')
      .select((eb) => [
        'member_id',
        eb.fn.countAll().as('month'),
        eb.fn.sum(eb.case().when('occurred_at', '>=', dayStart).then(1).else(0).end()).as('today'),
      ])
      .where('occurred_at', '>=', monthStart)
      .groupBy('member_id')
      .execute();
    const byMember = new Map(counts.map((r) => [r.member_id, r]));
    const list: TeamMemberStatus[] = members.map((m) => {
      const n = byMember.get(m.id);
      return {
        name: m.name,
        role: RoleSchema.parse(m.role),
        ...(m.last_sync_at ? { lastSyncAt: m.last_sync_at } : {}),
        // pg returns COUNT and SUM as strings (bigint), SQLite as numbers.
        eventsToday: Number(n?.today ?? 0),
        eventsThisMonth: Number(n?.month ?? 0),
        ...(m.client_pending !== null ? { pending: Number(m.client_pending) } : {}),
        ...(m.client_last_error ? { lastError: m.client_last_error } : {}),
        ...(m.client_version ? { clientVersion: m.client_version } : {}),
      };
    });
    return c.json({ generatedAt: now.toISOString(), members: list } satisfies TeamStatusResponse);
  });
}
