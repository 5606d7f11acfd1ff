import { Hono } from 'hono';
import { type ActionTally, actions, tally } from '../../lib/domain/metrics';
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
      .select([
        'id',
        'name',
        'role',
        'created_at',
        'last_sync_at',
        'client_pending',
        'client_last_error',
        'client_version',
      ])
      .where('revoked_at', 'is', null)
      .orderBy('name')
      .execute();
    const counts = await db
      .selectFrom('events')
      .select((eb) => [
        'member_id',
        'action',
        eb.fn.countAll().as('month'),
        eb.fn.sum(eb.case().when('counted_at', '>=', dayStart).then(1).else(0).end()).as('today'),
      ])
      .where('counted_at', '>=', monthStart)
      .groupBy(['member_id', 'action'])
      .execute();
    // pg returns COUNT and SUM as strings (bigint), SQLite as numbers.
    const byMember = new Map<string, { month: number; today: number; tallies: [ActionTally, ActionTally] }>();
    for (const r of counts) {
      const entry = byMember.get(r.member_id) ?? {
        month: 0,
        today: 0,
        tallies: [tally([]), tally([])] as [ActionTally, ActionTally],
      };
      const [month, today] = [Number(r.month), Number(r.today ?? 0)];
      entry.month += month;
      entry.today += today;
      const key = r.action === 'like' ? 'likes' : r.action === 'unlike' ? 'unlikes' : 'replies';
      entry.tallies[0][key] += today;
      entry.tallies[1][key] += month;
      byMember.set(r.member_id, entry);
    }
    const list: TeamMemberStatus[] = members.map((m) => {
      const n = byMember.get(m.id);
      return {
        name: m.name,
        role: RoleSchema.parse(m.role),
        ...(m.last_sync_at ? { lastSyncAt: m.last_sync_at } : {}),
        eventsToday: n?.today ?? 0,
        eventsThisMonth: n?.month ?? 0,
        actionsToday: n ? actions(n.tallies[0]) : 0,
        actionsThisMonth: n ? actions(n.tallies[1]) : 0,
        ...(m.client_pending !== null ? { pending: Number(m.client_pending) } : {}),
        ...(m.client_last_error ? { lastError: m.client_last_error } : {}),
        ...(m.client_version ? { clientVersion: m.client_version } : {}),
        joinedAt: m.created_at,
      };
    });
    return c.json({ generatedAt: now.toISOString(), members: list } satisfies TeamStatusResponse);
  });
}
