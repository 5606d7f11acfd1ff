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
      .select([
        'events.id',
        'events.platform',
        'events.action',
        'events.target_id',
        'events.target_author',
        'events.conversation_id',
        'events.reply_id',
        'events.reply_text',
        'events.occurred_at',
        'members.name as member',
      ])
      .where('events.platform', '=', q.platform)
      .where((eb) => eb.or([eb('events.target_id', 'in', q.ids), eb('events.conversation_id', 'in', q.ids)]))
      .orderBy('events.occurred_at', 'desc')
      .orderBy('events.id')
      .limit(MAX_TEAM_ACTIVITY)
      .execute();
    const events = rows.map((r): TeamActivityItem => {
      const item: Record<string, string> = {
        id: r.id,
        platform: r.platform,
        action: r.action,
        targetId: r.target_id,
        occurredAt: r.occurred_at,
        member: r.member,
      };
      if (r.target_author) item.targetAuthor = r.target_author;
      if (r.conversation_id) item.conversationId = r.conversation_id;
      if (r.reply_id) item.replyId = r.reply_id;
      if (r.reply_text) item.replyText = r.reply_text;
      // Stored rows were validated on the way in; parsing again narrows the enums honestly.
      return TeamActivityItemSchema.parse(item);
    });
    c.header('Cache-Control', 'private, max-age=30');
    return c.json({ events } satisfies TeamActivityResponse);
  });
}
