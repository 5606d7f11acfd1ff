import { randomUUID } from 'node:crypto';
import { REPLY_ACTIONS } from '../../lib/domain/metrics';
import { slaDueAt } from '../../lib/domain/sla';
import { type CompiledTerms, compileTerms, isMention, matchTerms } from '../../lib/monitoring/match';
import { resolvePlaybooks } from '../../lib/playbooks';
import type { CategoryConfig, CategoryId } from '../../lib/schemas/categories';
import {
  type CapturedMention,
  type Mention,
  type MentionSource,
  type MentionTriage,
  type MentionUploadResult,
  mentionKey,
  mentionReach,
} from '../../lib/schemas/mention';
import {
  captureActive,
  DEFAULT_MONITORING_SETTINGS,
  type MonitoringDocument,
  MonitoringSettingsSchema,
} from '../../lib/schemas/monitoring';
import type { Db, MentionsTable } from '../db/types';
import { isoUtc } from './time';
import { latestVersion } from './versioned';

export async function currentMonitoring(db: Db): Promise<MonitoringDocument> {
  const row = await latestVersion(db, 'monitoring');
  if (!row) {
    return {
      ...DEFAULT_MONITORING_SETTINGS,
      version: 0,
      updatedAt: '1970-01-01T00:00:00.000Z',
      updatedBy: 'system',
    };
  }
  // A stored document that no longer fits the schema still serves what it can: the defaults fill the rest.
  const parsed = MonitoringSettingsSchema.safeParse(row.content);
  const settings = parsed.success ? parsed.data : DEFAULT_MONITORING_SETTINGS;
  return { ...settings, version: row.version, updatedAt: row.updatedAt, updatedBy: row.updatedBy };
}

/** What triage needs from the team's published playbooks: the classifier rules and the categories' SLAs. */
export interface TeamConfig {
  monitoring: MonitoringDocument;
  terms: CompiledTerms;
  /** The classifier with the team's rules: a mention's category, confidence, reason and language. */
  triage: (text: string, reportedLang: string | undefined) => MentionTriage;
  categories: readonly CategoryConfig[];
}

/**
 * The classifier (its rules, and the seed model: ~20 MB of the server's memory once loaded) is loaded
 * when mentions are first triaged or the inbox is first used, not when the server starts: a team
 * without connectors or mention capture never needs it (issue 10, the export's memory budget).
 */
const classifier = () =>
  Promise.all([import('../../lib/classify'), import('../../lib/monitoring/triage')]).then(
    ([{ compileRules }, { triage }]) => ({ compileRules, triage }),
  );

/**
 * The compiled config per database: versions and times only tell one team's documents apart, so two
 * databases in one process (a test run on SQLite and Postgres, a bench) each keep their own.
 */
const caches = new WeakMap<Db, { key: string; config: TeamConfig }>();

export async function teamConfig(db: Db): Promise<TeamConfig> {
  const monitoring = await currentMonitoring(db);
  const playbooks = await latestVersion(db, 'playbooks');
  const key = `${monitoring.version}:${monitoring.updatedAt}:${playbooks?.version ?? 0}:${playbooks?.updatedAt ?? ''}`;
  const cache = caches.get(db);
  if (cache?.key === key) return cache.config;
  const { content } = resolvePlaybooks(playbooks?.content);
  const { compileRules, triage } = await classifier();
  const rules = compileRules(content.rules);
  const config: TeamConfig = {
    monitoring,
    terms: compileTerms(monitoring.terms),
    triage: (text, lang) => triage(text, lang, rules),
    categories: content.categories,
  };
  caches.set(db, { key, config });
  return config;
}

function newRow(m: CapturedMention, matched: string[], config: TeamConfig, now: string): MentionsTable {
  const t = config.triage(m.text, m.lang);
  const postedAt = isoUtc(m.postedAt);
  return {
    id: randomUUID(),
    platform: m.platform,
    post_id: m.postId,
    kind: m.kind,
    conversation_id: m.conversationId ?? null,
    channel_id: m.channelId ?? null,
    url: m.url,
    author_handle: m.authorHandle,
    author_followers: m.authorFollowers ?? null,
    text: m.text,
    text_dropped: 0,
    language: t.language,
    posted_at: postedAt,
    replies: m.counts.replies ?? null,
    likes: m.counts.likes ?? null,
    reposts: m.counts.reposts ?? null,
    views: m.counts.views ?? null,
    reach: mentionReach(m),
    counts_seen_at: isoUtc(m.seenAt),
    first_seen_at: now,
    last_seen_at: now,
    sources: m.source,
    matched_terms: JSON.stringify(matched),
    suggested_category: t.category,
    confidence: t.confidence,
    reason: JSON.stringify(t.reason),
    polarity: t.polarity,
    category: null,
    effective_category: t.category,
    priority: null,
    status: 'new',
    dismiss_reason: null,
    assignee: null,
    thread_id: null,
    sla_due_at: slaDueAt(postedAt, t.category, config.categories),
    decided_by: null,
    decided_at: null,
  };
}

const addSource = (sources: string, s: MentionSource) =>
  sources.split(',').includes(s) ? sources : `${sources},${s}`;

/** The newer sighting's counts win; an older one arriving late only notes its source. */
function refresh(row: MentionsTable, m: CapturedMention, now: string): Partial<MentionsTable> {
  const seen = isoUtc(m.seenAt);
  const sources = addSource(row.sources, m.source);
  if (seen <= row.counts_seen_at) return { last_seen_at: now, sources };
  const counts = {
    replies: m.counts.replies ?? row.replies,
    likes: m.counts.likes ?? row.likes,
    reposts: m.counts.reposts ?? row.reposts,
    views: m.counts.views ?? row.views,
  };
  const followers = m.authorFollowers ?? row.author_followers;
  return {
    ...counts,
    author_followers: followers,
    reach: mentionReach({
      authorFollowers: followers ?? undefined,
      counts: { views: counts.views ?? undefined },
    }),
    counts_seen_at: seen,
    last_seen_at: now,
    sources,
  };
}

const KEY_CHUNK = 200;
const INSERT_CHUNK = 50;

/**
 * Stores a batch of sightings: each post once per platform + post id, however many members or
 * connectors send it. The server matches again with the team's current terms, so a browser with stale
 * terms cannot store what the team no longer monitors.
 */
export async function ingestMentions(
  db: Db,
  items: readonly CapturedMention[],
  now: string,
): Promise<MentionUploadResult[]> {
  const config = await teamConfig(db);
  const captureOn = captureActive(config.monitoring);
  const results: MentionUploadResult[] = new Array(items.length);
  // Per key, the latest sighting in this batch and the request positions it answers.
  const wanted = new Map<string, { m: CapturedMention; matched: string[]; at: number[] }>();
  items.forEach((m, i) => {
    const base = { platform: m.platform, postId: m.postId };
    if (m.source === 'capture' && !captureOn) {
      results[i] = { ...base, outcome: 'ignored', reason: 'capture_off' };
      return;
    }
    const r = matchTerms(
      { text: m.text, handles: m.replyTo, authorHandle: m.authorHandle, channelId: m.channelId },
      config.terms,
    );
    if (!isMention(r)) {
      results[i] = { ...base, outcome: 'ignored', reason: r.matched.length === 0 ? 'no_match' : 'excluded' };
      return;
    }
    const key = mentionKey(m);
    const prev = wanted.get(key);
    if (!prev) wanted.set(key, { m, matched: r.matched, at: [i] });
    else {
      prev.at.push(i);
      if (m.seenAt > prev.m.seenAt) prev.m = m;
    }
  });
  if (wanted.size === 0) return results;

  const entries = [...wanted.values()].sort((a, b) => (mentionKey(a.m) < mentionKey(b.m) ? -1 : 1));
  await db.transaction().execute(async (trx) => {
    const existing = new Map<string, MentionsTable>();
    const byPlatform = new Map<string, string[]>();
    for (const e of entries)
      byPlatform.set(e.m.platform, [...(byPlatform.get(e.m.platform) ?? []), e.m.postId]);
    for (const [platform, ids] of byPlatform) {
      for (let i = 0; i < ids.length; i += KEY_CHUNK) {
        const rows = await trx
          .selectFrom('mentions')
          .selectAll()
          .where('platform', '=', platform)
          .where('post_id', 'in', ids.slice(i, i + KEY_CHUNK))
          .execute();
        for (const r of rows) existing.set(mentionKey({ platform: r.platform, postId: r.post_id }), r);
      }
    }
    const fresh: { e: (typeof entries)[number]; row: MentionsTable }[] = [];
    for (const e of entries) {
      const key = mentionKey(e.m);
      const row = existing.get(key);
      if (row) {
        await trx
          .updateTable('mentions')
          .set(refresh(row, e.m, now))
          .where('id', '=', row.id)
          .execute();
        for (const i of e.at)
          results[i] = { platform: e.m.platform, postId: e.m.postId, outcome: 'duplicate', id: row.id };
      } else fresh.push({ e, row: newRow(e.m, e.matched, config, now) });
    }
    for (let i = 0; i < fresh.length; i += INSERT_CHUNK) {
      const chunk = fresh.slice(i, i + INSERT_CHUNK);
      // Another request may store the same post between our read and this insert: it stays one row.
      const inserted = new Set(
        (
          await trx
            .insertInto('mentions')
            .values(chunk.map((f) => f.row))
            .onConflict((oc) => oc.columns(['platform', 'post_id']).doNothing())
            .returning('id')
            .execute()
        ).map((r) => r.id),
      );
      for (const { e, row } of chunk) {
        const created = inserted.has(row.id);
        const id = created
          ? row.id
          : (
              await trx
                .selectFrom('mentions')
                .select('id')
                .where('platform', '=', row.platform)
                .where('post_id', '=', row.post_id)
                .executeTakeFirstOrThrow()
            ).id;
        e.at.forEach((at, n) => {
          results[at] = {
            platform: e.m.platform,
            postId: e.m.postId,
            outcome: created && n === 0 ? 'created' : 'duplicate',
            id,
          };
        });
      }
    }
  });
  return results;
}

export interface TeamReplies {
  firstReplyAt?: string;
  repliedBy: string[];
}

/**
 * Who from the team replied in these mentions' threads (a reply to the post, or in its conversation),
 * from the logged events, keyed by `mentionKey`. Read at query time, so a late event counts at once.
 */
export async function teamRepliesFor(
  db: Db,
  rows: readonly Pick<MentionsTable, 'platform' | 'post_id'>[],
): Promise<Map<string, TeamReplies>> {
  const out = new Map<string, TeamReplies>();
  const byPlatform = new Map<string, string[]>();
  for (const r of rows) byPlatform.set(r.platform, [...(byPlatform.get(r.platform) ?? []), r.post_id]);
  for (const [platform, ids] of byPlatform) {
    for (let i = 0; i < ids.length; i += KEY_CHUNK) {
      const chunk = ids.slice(i, i + KEY_CHUNK);
      const events = await db
        .selectFrom('events')
        .innerJoin('members', 'members.id', 'events.member_id')
        // When a reply counts is the clock policy's counted_at, as in the mentions report's SLA.
        .select(['events.target_id', 'events.conversation_id', 'events.counted_at', 'members.name'])
        .where('events.platform', '=', platform)
        .where('events.action', 'in', [...REPLY_ACTIONS])
        .where((eb) =>
          eb.or([eb('events.target_id', 'in', chunk), eb('events.conversation_id', 'in', chunk)]),
        )
        .orderBy('events.counted_at')
        .execute();
      const wantedIds = new Set(chunk);
      for (const e of events) {
        for (const id of new Set([e.target_id, e.conversation_id])) {
          if (!id || !wantedIds.has(id)) continue;
          const key = mentionKey({ platform, postId: id });
          const t = out.get(key) ?? { repliedBy: [] };
          t.firstReplyAt ??= e.counted_at;
          if (!t.repliedBy.includes(e.name)) t.repliedBy.push(e.name);
          out.set(key, t);
        }
      }
    }
  }
  return out;
}

const opt = <T>(v: T | null): T | undefined => v ?? undefined;
const num = (v: number | string | null) => (v === null ? undefined : Number(v));

export function toMention(row: MentionsTable, replies: TeamReplies | undefined): Mention {
  const m: Mention = {
    id: row.id,
    platform: row.platform as Mention['platform'],
    kind: row.kind as Mention['kind'],
    postId: row.post_id,
    conversationId: opt(row.conversation_id),
    channelId: opt(row.channel_id),
    url: row.url,
    authorHandle: row.author_handle,
    authorFollowers: num(row.author_followers),
    text: row.text,
    textDropped: Number(row.text_dropped) === 1,
    postedAt: row.posted_at,
    counts: {
      replies: num(row.replies),
      likes: num(row.likes),
      reposts: num(row.reposts),
      views: num(row.views),
    },
    sources: row.sources.split(',') as MentionSource[],
    firstSeenAt: row.first_seen_at,
    lastSeenAt: row.last_seen_at,
    matchedTerms: JSON.parse(row.matched_terms) as string[],
    suggestion: {
      category: row.suggested_category as CategoryId,
      confidence: Number(row.confidence),
      reason: JSON.parse(row.reason) as string[],
      polarity: row.polarity as Mention['suggestion']['polarity'],
      language: row.language,
    },
    category: opt(row.category) as CategoryId | undefined,
    priority: opt(row.priority) as Mention['priority'],
    status: row.status as Mention['status'],
    dismissReason: opt(row.dismiss_reason) as Mention['dismissReason'],
    assignee: opt(row.assignee),
    threadId: opt(row.thread_id),
    slaDueAt: row.sla_due_at,
    firstReplyAt: replies?.firstReplyAt,
    repliedBy: replies?.repliedBy ?? [],
    decidedBy: opt(row.decided_by),
    decidedAt: opt(row.decided_at),
  };
  // Dropped in JSON anyway; removed so the object equals its parsed form in tests.
  for (const k of Object.keys(m) as (keyof Mention)[]) if (m[k] === undefined) delete m[k];
  for (const k of Object.keys(m.counts) as (keyof Mention['counts'])[])
    if (m.counts[k] === undefined) delete m.counts[k];
  return m;
}
