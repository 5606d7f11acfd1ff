import { Hono } from 'hono';
import {
  MAX_TEAM_ACTIVITY,
  type TeamActivityItem,
  TeamActivityItemSchema,
  TeamActivityQuerySchema,
  type TeamActivityResponse,
} from '../../lib/schemas/api';
import { parseQuery } from '../core/body';
import type { AppEnv, Deps } from '../core/context';
import { fromEventRow } from '../core/events';

/**
 * What the team already did in a thread, for the sidebar: any member may read it (they see the same
 * replies on the platform), so only what the thread itself shows is returned.
 */
export function activityRoutes(deps: Deps) {
  const { db } = deps;
  return new Hono<AppEnv>().get('/activity', async (c) => {
    const q = parseQuery(c, TeamActivityQuerySchema);
    const rows = await db
      .selectFrom('events')
      .innerJoin('members', 'members.id', 'events.member_id')
      .selectAll('events')
      .select('members.name as member')
      .where('events.platform', '=', q.platform)
      .where((eb) => eb.or([eb('events.target_id', 'in', q.ids), eb('events.conversation_id', 'in', q.ids)]))
      .orderBy('events.occurred_at', 'desc')
      .orderBy('events.id')
      .limit(MAX_TEAM_ACTIVITY)
      .execute();
    // Stored rows were validated on the way in; parsing again narrows the enums honestly and keeps
    // only what the thread itself shows.
    const events = rows.map(
      (r): TeamActivityItem => TeamActivityItemSchema.parse({ ...fromEventRow(r), member: r.member }),
    );
    c.header('Cache-Control', 'private, max-age=30');
    return c.json({ events } satisfies TeamActivityResponse);
  });
}
