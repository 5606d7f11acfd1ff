import type { Db } from '../db/types';
import { ApiError } from './errors';

/** The documents a manager publishes to the team, each save a new numbered row (playbooks, monitoring). */
export type VersionedTable = 'playbooks' | 'monitoring';

export interface VersionedRow {
  version: number;
  content: unknown;
  updatedAt: string;
  updatedBy: string;
}

export async function latestVersion(db: Db, table: VersionedTable): Promise<VersionedRow | undefined> {
  const row = await db.selectFrom(table).selectAll().orderBy('version', 'desc').limit(1).executeTakeFirst();
  if (!row) return undefined;
  return {
    version: Number(row.version),
    updatedAt: row.updated_at,
    updatedBy: row.updated_by,
    content: JSON.parse(row.content) as unknown,
  };
}

/** Accepts `"3"`, `W/"3"` or `3`; `*` means "any version", same as no header. */
export function parseIfMatch(header: string | undefined, what: string): number | undefined {
  if (!header || header.trim() === '*') return undefined;
  const m = /^\s*(?:W\/)?"?(\d+)"?\s*$/.exec(header);
  if (!m) throw new ApiError('bad_request', `If-Match must be the ${what} version, e.g. "3"`);
  return Number(m[1]);
}

/**
 * Saves `content` as the next version. With `expected` (from If-Match) a save over someone else's newer
 * version is refused with 409, naming who published what and when, so the editor can say so.
 */
export async function publishVersion(
  db: Db,
  table: VersionedTable,
  opts: { content: unknown; by: string; at: string; expected: number | undefined; what: string },
): Promise<VersionedRow> {
  // Every save is a new row: older versions stay for "what did it say in March".
  const saved = await db.transaction().execute(async (trx) => {
    const latest = await trx
      .selectFrom(table)
      .select(['version', 'updated_by', 'updated_at'])
      .orderBy('version', 'desc')
      .limit(1)
      .executeTakeFirst();
    const version = latest ? Number(latest.version) : 0;
    if (opts.expected !== undefined && opts.expected !== version) {
      return {
        conflict: version,
        ...(latest ? { updatedBy: latest.updated_by, updatedAt: latest.updated_at } : {}),
      } as const;
    }
    const row: VersionedRow = {
      version: version + 1,
      updatedAt: opts.at,
      updatedBy: opts.by,
      content: opts.content,
    };
    // Two saves racing for the same number: the loser is told, like an If-Match mismatch.
    const inserted = await trx
      .insertInto(table)
      .values({
        version: row.version,
        content: JSON.stringify(opts.content),
        updated_at: row.updatedAt,
        updated_by: row.updatedBy,
      })
      .onConflict((oc) => oc.column('version').doNothing())
      .returning('version')
      .execute();
    return inserted.length > 0 ? ({ row } as const) : ({ conflict: version + 1 } as const);
  });
  if ('conflict' in saved) {
    throw new ApiError(
      'conflict',
      `${opts.what} were changed by someone else; reload and reapply your edit`,
      {
        currentVersion: saved.conflict,
        ...('updatedBy' in saved ? { updatedBy: saved.updatedBy, updatedAt: saved.updatedAt } : {}),
      },
    );
  }
  return saved.row;
}
