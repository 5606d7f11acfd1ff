import { randomUUID } from 'node:crypto';
import { Hono } from 'hono';
import { UuidSchema } from '../../lib/schemas/common';
import {
  NewSuggestionSchema,
  type Suggestion,
  type SuggestionsListResponse,
} from '../../lib/schemas/suggestion';
import { requireRole } from '../core/auth';
import { readJson } from '../core/body';
import type { AppEnv, Deps } from '../core/context';
import { ApiError } from '../core/errors';
import type { SuggestionsTable } from '../db/types';

const LIST_LIMIT = 200;

function toSuggestion(row: SuggestionsTable, suggestedBy: string): Suggestion {
  return {
    id: row.id,
    platform: row.platform as Suggestion['platform'],
    url: row.url,
    canonicalId: row.canonical_id,
    ...(row.parent_id ? { parentId: row.parent_id } : {}),
    ...(row.author ? { author: row.author } : {}),
    ...(row.excerpt ? { excerpt: row.excerpt } : {}),
    category: row.category as Suggestion['category'],
    note: row.note,
    suggestedBy,
    createdAt: row.created_at,
  };
}

/** Ambassadors suggest threads; managers and leads read (and dismiss) them. */
export function suggestionsRoutes(deps: Deps) {
  const { db } = deps;
  return new Hono<AppEnv>()
    .post('/suggestions', async (c) => {
      const input = await readJson(c, NewSuggestionSchema);
      const member = c.get('member');
      const now = deps.clock().toISOString();
      const tracked = await db
        .selectFrom('threads')
        .select('id')
        .where('platform', '=', input.platform)
        .where('canonical_id', '=', input.canonicalId)
        .where('status', '!=', 'closed')
        .executeTakeFirst();
      if (tracked)
        throw new ApiError('conflict', 'Your team already tracks this thread.', { id: tracked.id });
      const row = await db.transaction().execute(async (trx) => {
        // Suggesting the same thread again updates my open suggestion instead of piling up copies.
        const mine = await trx
          .selectFrom('suggestions')
          .selectAll()
          .where('member_id', '=', member.id)
          .where('platform', '=', input.platform)
          .where('canonical_id', '=', input.canonicalId)
          .where('dismissed_at', 'is', null)
          .executeTakeFirst();
        const next: SuggestionsTable = {
          id: mine?.id ?? randomUUID(),
          member_id: member.id,
          platform: input.platform,
          canonical_id: input.canonicalId,
          parent_id: input.parentId ?? null,
          url: input.url,
          author: input.author ?? null,
          excerpt: input.excerpt ?? null,
          category: input.category,
          note: input.note,
          created_at: now,
          dismissed_at: null,
          dismissed_by: null,
        };
        if (mine) {
          const { id, member_id, ...changes } = next;
          await trx.updateTable('suggestions').set(changes).where('id', '=', id).execute();
        } else await trx.insertInto('suggestions').values(next).execute();
        return next;
      });
      return c.json(toSuggestion(row, member.name), 201);
    })
    .get('/suggestions', requireRole('manager'), async (c) => {
      const rows = await db
        .selectFrom('suggestions as s')
        .innerJoin('members as m', 'm.id', 's.member_id')
        .selectAll('s')
        .select('m.name as member_name')
        .where('s.dismissed_at', 'is', null)
        // Tracked since (and not closed again): the manager already acted on it.
        .where(({ not, exists, selectFrom }) =>
          not(
            exists(
              selectFrom('threads as t')
                .select('t.id')
                .whereRef('t.platform', '=', 's.platform')
                .whereRef('t.canonical_id', '=', 's.canonical_id')
                .where('t.status', '!=', 'closed'),
            ),
          ),
        )
        .orderBy('s.created_at', 'desc')
        .orderBy('s.id')
        .limit(LIST_LIMIT)
        .execute();
      return c.json({
        suggestions: rows.map(({ member_name, ...row }) => toSuggestion(row, member_name)),
      } satisfies SuggestionsListResponse);
    })
    .delete('/suggestions/:id', requireRole('manager'), async (c) => {
      const id = c.req.param('id');
      if (!UuidSchema.safeParse(id).success) throw new ApiError('not_found', 'No such suggestion');
      const res = await db
        .updateTable('suggestions')
        .set({ dismissed_at: deps.clock().toISOString(), dismissed_by: c.get('member').name })
        .where('id', '=', id)
        .where('dismissed_at', 'is', null)
        .executeTakeFirst();
      if (Number(res.numUpdatedRows) === 0) throw new ApiError('not_found', 'No such suggestion');
      return c.json({ dismissed: id });
    });
}
