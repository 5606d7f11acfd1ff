import type { Kysely } from 'kysely';

// 2026-11-26: the inbox at a million mentions (issue 12). The inbox opens on `status=new` and a manager
// narrows it by one more filter (platform, polarity, category, language); with only (filter, posted_at,
// id) indexes the database walked one filter's index newest first and skipped every row of the other
// (at a million rows, mostly triaged, that is most of the table). Each (status, filter, posted_at, id)
// index answers both filters as one range already in inbox order.

const FILTERS = ['platform', 'polarity', 'effective_category', 'language'] as const;

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on today's table types
export async function up(db: Kysely<any>): Promise<void> {
  for (const column of FILTERS) {
    await db.schema
      .createIndex(`mentions_status_${column}_posted`)
      .on('mentions')
      .columns(['status', column, 'posted_at', 'id'])
      .execute();
  }
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  for (const column of FILTERS) await db.schema.dropIndex(`mentions_status_${column}_posted`).execute();
}
