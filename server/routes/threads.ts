import { Hono } from 'hono';
import { slaDueAt } from '../../lib/domain/sla';
import { type ThreadsListResponse, ThreadsQuerySchema } from '../../lib/schemas/api';
import { categoryConfig, DEFAULT_CATEGORIES } from '../../lib/schemas/categories';
import { UuidSchema } from '../../lib/schemas/common';
import { NewTrackedThreadSchema, ThreadPatchSchema } from '../../lib/schemas/thread';
import { requireRole } from '../core/auth';
import { parseQuery, readJson } from '../core/body';
import type { AppEnv, Deps } from '../core/context';
import { ApiError } from '../core/errors';
import { createThread, nextThreadSeq, toThread } from '../core/threads';
import { isoUtc } from '../core/time';
import type { ThreadsTable } from '../db/types';
import { publishedCategories } from './playbooks';

/** RFC 9110: If-None-Match is a list, may be `*`, and compares weakly (W/ prefixes ignored). */
function etagMatches(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  if (header.trim() === '*') return true;
  const bare = (t: string) => t.trim().replace(/^W\//, '');
  return header.split(',').some((t) => bare(t) === bare(etag));
}

export function threadsRoutes(deps: Deps) {
  const { db } = deps;
  return new Hono<AppEnv>()
    .get('/threads', async (c) => {
      const { since } = parseQuery(c, ThreadsQuerySchema);
      const head = await db
        .selectFrom('counters')
        .select('value')
        .where('name', '=', 'threads')
        .executeTakeFirstOrThrow();
      const seq = Number(head.value);
      // A cursor from the future means the database was replaced: start the client over.
      const after = since !== undefined && Number(since) <= seq ? Number(since) : 0;
      const etag = `"threads-${after}-${seq}"`;
      c.header('ETag', etag);
      c.header('Cache-Control', 'private, no-cache');
      if (etagMatches(c.req.header('if-none-match'), etag)) return c.body(null, 304);

      // Bounded by `seq` so a write that lands mid-request is left for the next poll, not half-seen.
      const rows = await db
        .selectFrom('threads')
        .selectAll()
        .where('change_seq', '>', after)
        .where('change_seq', '<=', seq)
        .orderBy('change_seq')
        .orderBy('id')
        .execute();
      return c.json({ threads: rows.map(toThread), cursor: String(seq) } satisfies ThreadsListResponse);
    })
    .post('/threads', requireRole('manager'), async (c) => {
      const input = await readJson(c, NewTrackedThreadSchema);
      const member = c.get('member');
      const now = deps.clock();
      // The manager's published SLA and priority, so a new thread's clock matches the playbooks.
      const categories = (await publishedCategories(db)) ?? DEFAULT_CATEGORIES;
      const cfg = categoryConfig(input.category, categories);
      const created = await db.transaction().execute((trx) =>
        createThread(trx, {
          input,
          priority: input.priority ?? cfg.priority,
          slaDueAt: input.slaDueAt
            ? isoUtc(input.slaDueAt, 'slaDueAt')
            : isoUtc(slaDueAt(now, input.category, categories), 'slaDueAt'),
          by: member.name,
          now: now.toISOString(),
        }),
      );
      if ('conflict' in created) {
        throw new ApiError('conflict', `${input.platform} ${input.canonicalId} is already tracked`, {
          id: created.conflict ?? undefined,
        });
      }
      return c.json(toThread(created.row), 201);
    })
    .patch('/threads/:id', requireRole('manager'), async (c) => {
      const param = UuidSchema.safeParse(c.req.param('id'));
      if (!param.success) throw new ApiError('not_found', 'No such thread');
      const id = param.data;
      const patch = await readJson(c, ThreadPatchSchema);
      const now = deps.clock().toISOString();
      const updated = await db.transaction().execute(async (trx) => {
        const row = await trx.selectFrom('threads').selectAll().where('id', '=', id).executeTakeFirst();
        if (!row) return null;
        const seq = await nextThreadSeq(trx);
        const next: ThreadsTable = {
          ...row,
          category: patch.category ?? row.category,
          priority: patch.priority ?? row.priority,
          note: patch.note ?? row.note,
          status: patch.status ?? row.status,
          sla_due_at: patch.slaDueAt ? isoUtc(patch.slaDueAt, 'slaDueAt') : row.sla_due_at,
          updated_at: now,
          change_seq: seq,
        };
        toThread(next);
        await trx
          .updateTable('threads')
          .set({
            category: next.category,
            priority: next.priority,
            note: next.note,
            status: next.status,
            sla_due_at: next.sla_due_at,
            updated_at: next.updated_at,
            change_seq: next.change_seq,
          })
          .where('id', '=', id)
          .execute();
        return next;
      });
      if (!updated) throw new ApiError('not_found', 'No such thread');
      return c.json(toThread(updated));
    });
}
