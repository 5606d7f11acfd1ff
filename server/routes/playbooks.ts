import { Hono } from 'hono';
import { type PlaybooksDocument, PlaybooksPutRequestSchema } from '../../lib/schemas/api';
import { type CategoryConfig, CategoryConfigSchema } from '../../lib/schemas/categories';
import { requireRole } from '../core/auth';
import { readJson } from '../core/body';
import type { AppEnv, Deps } from '../core/context';
import { latestVersion, parseIfMatch, publishVersion } from '../core/versioned';
import type { Db } from '../db/types';

/** Before a manager publishes anything: `{}` tells each extension to use its built-in defaults (lib/playbooks). */
const DEFAULT_DOCUMENT: PlaybooksDocument = {
  version: 0,
  updatedAt: '1970-01-01T00:00:00.000Z',
  updatedBy: 'system',
  content: {},
};

async function current(db: Db): Promise<PlaybooksDocument> {
  const row = await latestVersion(db, 'playbooks');
  return row ? { ...row, content: row.content as Record<string, unknown> } : DEFAULT_DOCUMENT;
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
      const expected = parseIfMatch(c.req.header('if-match'), 'playbooks');
      const { content } = await readJson(c, PlaybooksPutRequestSchema);
      const saved = await publishVersion(db, 'playbooks', {
        content,
        by: c.get('member').name,
        at: deps.clock().toISOString(),
        expected,
        what: 'Playbooks',
      });
      c.header('ETag', `"${saved.version}"`);
      return c.json({ ...saved, content } satisfies PlaybooksDocument);
    });
}
