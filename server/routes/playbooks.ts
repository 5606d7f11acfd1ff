import { Hono } from 'hono';
import { type PlaybooksDocument, PlaybooksPutRequestSchema } from '../../lib/schemas/api';
import { type CategoryConfig, CategoryConfigSchema } from '../../lib/schemas/categories';
import { requireRole } from '../core/auth';
import { readJson } from '../core/body';
import type { AppEnv, Deps } from '../core/context';
import { ApiError } from '../core/errors';
import type { Db } from '../db/types';

/** Before a manager publishes anything: `{}` tells each extension to use its built-in defaults (lib/playbooks). */
const DEFAULT_DOCUMENT: PlaybooksDocument = {
  version: 0,
  updatedAt: '1970-01-01T00:00:00.000Z',
  updatedBy: 'system',
  content: {},
};

async function current(db: Db): Promise<PlaybooksDocument> {
  const row = await db
    .selectFrom('playbooks')
    .selectAll()
    .orderBy('version', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (!row) return DEFAULT_DOCUMENT;
  return {
    version: Number(row.version),
    updatedAt: row.updated_at,
    updatedBy: row.updated_by,
    content: JSON.parse(row.content) as Record<string, unknown>,
  };
}

/** Accepts `"3"`, `W/"3"` or `3`; `*` means "any version", same as no header. */
function parseIfMatch(header: string | undefined): number | undefined {
  if (!header || header.trim() === '*') return undefined;
  const m = /^\s*(?:W\/)?"?(\d+)"?\s*$/.exec(header);
  if (!m) throw new ApiError('bad_request', 'If-Match must be the playbooks version, e.g. "3"');
  return Number(m[1]);
}

/**
 * The categories (priority, SLA) of the latest published playbooks, or undefined before anyone
 * published or when the stored document no longer fits the schema (then the defaults apply).
 */
export async function publishedCategories(db: Db): Promise<CategoryConfig[] | undefined> {
  const { content } = await current(db);
  const parsed = CategoryConfigSchema.array().safeParse(content.categories);
  return parsed.success ? parsed.data : undefined;
}

export function playbooksRoutes(deps: Deps) {
  const { db } = deps;
  return new Hono<AppEnv>()
    .get('/playbooks', async (c) => {
      const doc = await current(db);
      c.header('ETag', `"${doc.version}"`);
      return c.json(doc);
    })
    .put('/playbooks', requireRole('manager'), async (c) => {
      const expected = parseIfMatch(c.req.header('if-match'));
      const { content } = await readJson(c, PlaybooksPutRequestSchema);
      const member = c.get('member');
      // Every save is a new row: older versions stay for "what did the playbook say in March".
      const saved = await db.transaction().execute(async (trx) => {
        const latest = await trx
          .selectFrom('playbooks')
          .select(['version', 'updated_by', 'updated_at'])
          .orderBy('version', 'desc')
          .limit(1)
          .executeTakeFirst();
        const version = latest ? Number(latest.version) : 0;
        if (expected !== undefined && expected !== version) {
          // Who got there first, so the editor can say "maria published version 4", not just "conflict".
          return {
            conflict: version,
            ...(latest ? { updatedBy: latest.updated_by, updatedAt: latest.updated_at } : {}),
          } as const;
        }
        const doc: PlaybooksDocument = {
          version: version + 1,
          updatedAt: deps.clock().toISOString(),
          updatedBy: member.name,
          content,
        };
        // Two saves racing for the same number: the loser is told, like an If-Match mismatch.
        const inserted = await trx
          .insertInto('playbooks')
          .values({
            version: doc.version,
            content: JSON.stringify(content),
            updated_at: doc.updatedAt,
            updated_by: doc.updatedBy,
          })
          .onConflict((oc) => oc.column('version').doNothing())
          .returning('version')
          .execute();
        return inserted.length > 0 ? ({ doc } as const) : ({ conflict: version + 1 } as const);
      });
      if ('conflict' in saved) {
        throw new ApiError(
          'conflict',
          'Playbooks were changed by someone else; reload and reapply your edit',
          {
            currentVersion: saved.conflict,
            ...('updatedBy' in saved ? { updatedBy: saved.updatedBy, updatedAt: saved.updatedAt } : {}),
          },
        );
      }
      c.header('ETag', `"${saved.doc.version}"`);
      return c.json(saved.doc);
    });
}
