import { Hono } from 'hono';
import type { Transaction } from 'kysely';
import { slaDueAt } from '../../lib/domain/sla';
import { categoryConfig } from '../../lib/schemas/categories';
import { UuidSchema } from '../../lib/schemas/common';
import {
  type Mention,
  type MentionAlert,
  type MentionAlertsResponse,
  type MentionPatch,
  MentionPatchSchema,
  MentionsBulkRequestSchema,
  type MentionsBulkResponse,
  type MentionsListResponse,
  type MentionsQuery,
  MentionsQuerySchema,
  MentionsUploadRequestSchema,
  type MentionsUploadResponse,
  mentionKey,
  type QueueItem,
  type QueueResponse,
} from '../../lib/schemas/mention';
import { requireRole } from '../core/auth';
import { parseQuery, readJson } from '../core/body';
import type { AppEnv, Deps } from '../core/context';
import { ApiError } from '../core/errors';
import { ingestMentions, teamConfig, teamRepliesFor, toMention } from '../core/mentions';
import { createThread, nextThreadSeq } from '../core/threads';
import type { Database, Db, MentionsTable } from '../db/types';

const HOUR = 3_600_000;

/** `posted_at|id` of the last row of a page, base64url: opaque to clients, stable under inserts. */
const encodeCursor = (r: Pick<MentionsTable, 'posted_at' | 'id'>) =>
  Buffer.from(`${r.posted_at}|${r.id}`).toString('base64url');
function decodeCursor(cursor: string): { postedAt: string; id: string } {
  const [postedAt, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  if (!postedAt || !id || Number.isNaN(Date.parse(postedAt))) {
    throw new ApiError('bad_request', '`cursor` is not one this server gave out; start from the first page');
  }
  return { postedAt, id };
}

/**
 * One inbox page (`GET /mentions`): newest first by the post's own time, keyset-paged on
 * (posted_at, id), one row more than the page to tell whether another follows. Exported for the bench,
 * which prints each filter set's plan.
 */
export function inboxQuery(db: Db, q: MentionsQuery, now: Date, after?: { postedAt: string; id: string }) {
  let query = db.selectFrom('mentions').selectAll();
  if (q.platform) query = query.where('platform', 'in', q.platform);
  if (q.category) query = query.where('effective_category', 'in', q.category);
  if (q.polarity) query = query.where('polarity', 'in', q.polarity);
  if (q.language) query = query.where('language', 'in', q.language);
  if (q.status) query = query.where('status', 'in', q.status);
  if (q.assignee) query = query.where('assignee', '=', q.assignee);
  if (q.minReach !== undefined) query = query.where('reach', '>=', q.minReach);
  if (q.maxAgeHours !== undefined) {
    const since = new Date(now.getTime() - q.maxAgeHours * HOUR).toISOString();
    query = query.where('posted_at', '>=', since);
  }
  if (after) {
    // The `posted_at <=` range is what an index can seek to on both databases; the OR only settles ties.
    query = query
      .where('posted_at', '<=', after.postedAt)
      .where((eb) => eb.or([eb('posted_at', '<', after.postedAt), eb('id', '<', after.id)]));
  }
  return query
    .orderBy('posted_at', 'desc')
    .orderBy('id', 'desc')
    .limit(q.limit + 1);
}

async function withReplies(db: Db, rows: MentionsTable[]): Promise<Mention[]> {
  const replies = await teamRepliesFor(db, rows);
  return rows.map((r) => toMention(r, replies.get(mentionKey({ platform: r.platform, postId: r.post_id }))));
}

async function activeMember(db: Db | Transaction<Database>, name: string): Promise<boolean> {
  const row = await db
    .selectFrom('members')
    .select('id')
    .where('name', '=', name)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Boolean(row);
}

/** One mention's triage decision; the inbox's single and bulk actions both come here. */
async function applyPatch(deps: Deps, id: string, patch: MentionPatch, by: string): Promise<MentionsTable> {
  const config = await teamConfig(deps.db);
  const now = deps.clock().toISOString();
  if (patch.assignee && !(await activeMember(deps.db, patch.assignee))) {
    throw new ApiError('validation_failed', `assignee: nobody called ${patch.assignee} is on the team`, {
      issues: [{ path: ['assignee'], message: 'not an active member' }],
    });
  }
  const updated = await deps.db.transaction().execute(async (trx) => {
    const row = await trx.selectFrom('mentions').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) return null;
    const next: MentionsTable = { ...row };
    if (patch.category !== undefined) {
      // Stored even when it equals the suggestion: a confirmation is labelled data too.
      next.category = patch.category;
      next.effective_category = patch.category;
      next.sla_due_at = slaDueAt(row.posted_at, patch.category, config.categories);
    }
    if (patch.priority !== undefined) next.priority = patch.priority;
    if (patch.assignee !== undefined) next.assignee = patch.assignee;
    if (patch.status !== undefined && patch.status !== row.status) {
      if (row.status === 'tracked') {
        throw new ApiError('conflict', 'This mention is already tracked; close its thread instead', {
          threadId: row.thread_id,
        });
      }
      next.status = patch.status;
      next.dismiss_reason = patch.status === 'dismissed' ? (patch.reason ?? null) : null;
      next.decided_by = patch.status === 'new' ? null : by;
      next.decided_at = patch.status === 'new' ? null : now;
      if (patch.status === 'tracked') {
        const category = next.effective_category as Mention['suggestion']['category'];
        const created = await createThread(trx, {
          input: {
            platform: row.platform as Mention['platform'],
            url: row.url,
            canonicalId: row.post_id,
            parentId: row.kind === 'comment' ? (row.conversation_id ?? undefined) : undefined,
            // Past retention the mention has no author or text left to copy (server/core/retention.ts).
            ...(Number(row.text_dropped)
              ? {}
              : { author: row.author_handle.slice(0, 100), excerpt: row.text.slice(0, 500) }),
            category,
            note: '',
          },
          priority: next.priority ?? categoryConfig(category, config.categories).priority,
          // The SLA runs from the post's own time, not from when someone noticed it.
          slaDueAt: next.sla_due_at,
          by,
          now,
        });
        // Already tracked by hand (or by another request): the mention joins that thread.
        next.thread_id = 'row' in created ? created.row.id : created.conflict;
      }
    } else if (patch.status === 'dismissed' && patch.reason) next.dismiss_reason = patch.reason;
    if (row.status === 'tracked' && row.thread_id && (patch.category || patch.priority)) {
      // The tracked thread follows a later correction, so the sidebar shows the same category.
      const seq = await nextThreadSeq(trx);
      await trx
        .updateTable('threads')
        .set({
          category: next.effective_category,
          ...(next.priority ? { priority: next.priority } : {}),
          ...(patch.category ? { sla_due_at: next.sla_due_at } : {}),
          updated_at: now,
          change_seq: seq,
        })
        .where('id', '=', row.thread_id)
        .execute();
    }
    const { id: _id, ...changes } = next;
    await trx.updateTable('mentions').set(changes).where('id', '=', id).execute();
    return next;
  });
  if (!updated) throw new ApiError('not_found', 'No such mention');
  return updated;
}

async function alerts(deps: Deps): Promise<MentionAlert[]> {
  const { db } = deps;
  const { monitoring } = await teamConfig(db);
  const a = monitoring.alerts;
  const now = deps.clock().getTime();
  const out: MentionAlert[] = [];

  const countBetween = async (from: number, to: number) => {
    const r = await db
      .selectFrom('mentions')
      .select((eb) => eb.fn.countAll<string | number>().as('n'))
      .where('posted_at', '>=', new Date(from).toISOString())
      .where('posted_at', '<', new Date(to).toISOString())
      .executeTakeFirstOrThrow();
    return Number(r.n);
  };
  const count = await countBetween(now - HOUR, now);
  let sum = 0;
  for (let d = 1; d <= 7; d++) sum += await countBetween(now - HOUR - d * 24 * HOUR, now - d * 24 * HOUR);
  const average = sum / 7;
  if (count >= a.spikeMinMentions && count >= a.spikeFactor * average) {
    const hour = new Date(Math.floor(now / HOUR) * HOUR).toISOString();
    out.push({
      kind: 'spike',
      id: `spike:${hour}`,
      from: new Date(now - HOUR).toISOString(),
      to: new Date(now).toISOString(),
      count,
      average: Math.round(average * 100) / 100,
      factor: average > 0 ? Math.round((count / average) * 10) / 10 : count,
    });
  }

  // Untriaged negative posts with a big audience, from the last week, biggest first.
  const rows = await db
    .selectFrom('mentions')
    .selectAll()
    .where('status', '=', 'new')
    .where('polarity', '=', 'negative')
    .where('posted_at', '>=', new Date(now - 7 * 24 * HOUR).toISOString())
    .where((eb) =>
      eb.or([eb('author_followers', '>=', a.highReachFollowers), eb('views', '>=', a.highReachViews)]),
    )
    .orderBy('reach', 'desc')
    .limit(10)
    .execute();
  for (const r of rows) {
    out.push({
      kind: 'high_reach_negative',
      id: `reach:${r.id}`,
      mentionId: r.id,
      platform: r.platform as Mention['platform'],
      url: r.url,
      authorHandle: r.author_handle,
      reach: Number(r.reach),
      category: r.effective_category as Mention['suggestion']['category'],
      postedAt: r.posted_at,
      slaDueAt: r.sla_due_at,
    });
  }
  return out;
}

export function mentionsRoutes(deps: Deps) {
  const { db } = deps;
  return new Hono<AppEnv>()
    .post('/mentions', async (c) => {
      const { mentions } = await readJson(c, MentionsUploadRequestSchema);
      const results = await ingestMentions(db, mentions, deps.clock().toISOString());
      return c.json({ results } satisfies MentionsUploadResponse);
    })
    .get('/mentions', requireRole('manager'), async (c) => {
      const q = parseQuery(c, MentionsQuerySchema);
      const after = q.cursor ? decodeCursor(q.cursor) : undefined;
      const rows = await inboxQuery(db, q, deps.clock(), after).execute();
      const page = rows.slice(0, q.limit);
      const last = page.at(-1);
      const body: MentionsListResponse = { mentions: await withReplies(db, page) };
      if (rows.length > q.limit && last) body.nextCursor = encodeCursor(last);
      return c.json(body);
    })
    .get('/mentions/alerts', requireRole('manager'), async (c) =>
      c.json({
        generatedAt: deps.clock().toISOString(),
        alerts: await alerts(deps),
      } satisfies MentionAlertsResponse),
    )
    .post('/mentions/bulk', requireRole('manager'), async (c) => {
      const { ids, patch } = await readJson(c, MentionsBulkRequestSchema);
      const by = c.get('member').name;
      const body: MentionsBulkResponse = { mentions: [], errors: [] };
      const done: MentionsTable[] = [];
      for (const id of new Set(ids)) {
        try {
          done.push(await applyPatch(deps, id, patch, by));
        } catch (err) {
          if (!(err instanceof ApiError)) throw err;
          body.errors.push({ id, message: err.message });
        }
      }
      body.mentions = await withReplies(db, done);
      return c.json(body);
    })
    .patch('/mentions/:id', requireRole('manager'), async (c) => {
      const id = c.req.param('id');
      if (!UuidSchema.safeParse(id).success) throw new ApiError('not_found', 'No such mention');
      const patch = await readJson(c, MentionPatchSchema);
      const row = await applyPatch(deps, id, patch, c.get('member').name);
      const [mention] = await withReplies(db, [row]);
      return c.json({ mention: mention! });
    })
    .get('/queue', async (c) => {
      const me = c.get('member').name;
      const now = deps.clock().toISOString();
      const assigned = await db
        .selectFrom('mentions')
        .selectAll()
        .where('assignee', '=', me)
        .where('status', 'in', ['new', 'tracked'])
        .orderBy('sla_due_at')
        .limit(50)
        .execute();
      const replies = await teamRepliesFor(db, assigned);
      const items: QueueItem[] = assigned.map((r) => ({
        reason: 'assigned',
        platform: r.platform as QueueItem['platform'],
        url: r.url,
        mentionId: r.id,
        ...(r.thread_id ? { threadId: r.thread_id } : {}),
        ...(Number(r.text_dropped) ? {} : { authorHandle: r.author_handle, excerpt: r.text.slice(0, 500) }),
        category: r.effective_category as QueueItem['category'],
        priority: (r.priority ?? 'normal') as QueueItem['priority'],
        slaDueAt: r.sla_due_at,
        postedAt: r.posted_at,
        replied: Boolean(replies.get(mentionKey({ platform: r.platform, postId: r.post_id }))),
      }));
      const inQueue = new Set(items.map((i) => i.threadId).filter(Boolean));
      const overdue = await db
        .selectFrom('threads')
        .selectAll()
        .where('status', '=', 'open')
        .where('sla_due_at', '<', now)
        .orderBy('sla_due_at')
        .limit(50)
        .execute();
      for (const t of overdue) {
        if (inQueue.has(t.id)) continue;
        items.push({
          reason: 'overdue',
          platform: t.platform as QueueItem['platform'],
          url: t.url,
          threadId: t.id,
          ...(t.author ? { authorHandle: t.author } : {}),
          ...(t.excerpt ? { excerpt: t.excerpt } : {}),
          category: t.category as QueueItem['category'],
          priority: t.priority as QueueItem['priority'],
          slaDueAt: t.sla_due_at,
          replied: false,
        });
      }
      return c.json({ generatedAt: now, items } satisfies QueueResponse);
    });
}
