import type { Kysely } from 'kysely';

// Timestamps are `Date#toISOString()` text in both dialects: fixed width, so text order is time order.

export interface MembersTable {
  id: string;
  name: string;
  role: string;
  token_hash: string;
  created_at: string;
  revoked_at: string | null;
  last_sync_at: string | null;
  client_pending: number | null;
  client_last_error: string | null;
  client_version: string | null;
}

export interface EventsTable {
  id: string;
  member_id: string;
  platform: string;
  action: string;
  target_id: string;
  target_author: string | null;
  conversation_id: string | null;
  page_url: string;
  reply_id: string | null;
  reply_text: string | null;
  category: string | null;
  suggested_category: string | null;
  playbook_id: string | null;
  template_id: string | null;
  occurred_at: string;
  source: string;
  received_at: string;
  /** `platform:conversation` (X conversation, YouTube video, else the target): what reports count as one conversation. */
  conversation_key: string;
  /** When the event counts (lib/reports/clock.ts): what every count and first reply uses. */
  counted_at: string;
}

export interface ThreadsTable {
  id: string;
  platform: string;
  url: string;
  canonical_id: string;
  parent_id: string | null;
  author: string | null;
  excerpt: string | null;
  category: string;
  priority: string;
  note: string;
  status: string;
  sla_due_at: string;
  created_by: string;
  created_at: string;
  updated_at: string;
  first_reply_at: string | null;
  /** JSON `[{ name, at }]`: each member's first reply, in time order. */
  replied_by: string | null;
  /** Value of `counters.threads` when this row last changed: the `since` cursor compares against it. */
  change_seq: number;
}

export interface PlaybooksTable {
  version: number;
  content: string;
  updated_at: string;
  updated_by: string;
}

export interface CountersTable {
  name: string;
  value: number;
}

/** One JSON document per key (`reports`: targets, recognition levels, the lead's time zone). */
export interface SettingsTable {
  key: string;
  value: string;
  updated_at: string;
  updated_by: string;
}

export interface SuggestionsTable {
  id: string;
  member_id: string;
  platform: string;
  canonical_id: string;
  parent_id: string | null;
  url: string;
  author: string | null;
  excerpt: string | null;
  category: string;
  note: string;
  created_at: string;
  dismissed_at: string | null;
  dismissed_by: string | null;
}

export interface MonitoringTable {
  version: number;
  content: string;
  updated_at: string;
  updated_by: string;
}

/** One public post per platform + post id; see lib/schemas/mention.ts for each field's meaning. */
export interface MentionsTable {
  id: string;
  platform: string;
  post_id: string;
  kind: string;
  conversation_id: string | null;
  channel_id: string | null;
  url: string;
  author_handle: string;
  author_followers: number | null;
  text: string;
  /** 1 once retention dropped the text and author. */
  text_dropped: number;
  language: string;
  posted_at: string;
  replies: number | null;
  likes: number | null;
  reposts: number | null;
  views: number | null;
  /** max(author_followers, views): filtered on and alerted on. */
  reach: number;
  /** When the stored counts were seen: an older sighting arriving late does not overwrite them. */
  counts_seen_at: string;
  first_seen_at: string;
  last_seen_at: string;
  /** Comma-separated MentionSource values. */
  sources: string;
  /** JSON array of the include terms it matched. */
  matched_terms: string;
  suggested_category: string;
  confidence: number;
  /** JSON array: the classifier's deciding words. */
  reason: string;
  polarity: string;
  /** A manager's correction; null while the suggestion stands. */
  category: string | null;
  /** category ?? suggested_category, kept as a column so the inbox filter has an index. */
  effective_category: string;
  priority: string | null;
  status: string;
  dismiss_reason: string | null;
  assignee: string | null;
  thread_id: string | null;
  sla_due_at: string;
  decided_by: string | null;
  decided_at: string | null;
}

export interface ConnectorsTable {
  id: string;
  /** JSON, the connector's own: page tokens, the newest id seen, the videos it watches. */
  cursor: string;
  last_run_at: string | null;
  last_success_at: string | null;
  last_error: string | null;
  last_error_at: string | null;
  /** Errors in a row since the last success: the backoff grows with it. */
  failures: number;
  quota_left: number | null;
  quota_reset_at: string | null;
  next_run_at: string | null;
  stored: number;
}

/**
 * How many events other than unlikes each conversation got in one UTC month, per category
 * (migration 009): kept by triggers on `events`, so every write (ingest, a migration, a fix by hand)
 * keeps it right. Reports read it instead of counting distinct conversations over every event.
 */
export interface ConversationMonthsTable {
  /** `YYYY-MM` of `counted_at` (UTC). */
  month: string;
  /** The event's category, `''` for none. */
  category: string;
  conversation_key: string;
  /** Always above 0: a row whose last event goes is deleted. */
  n: number;
}

export interface Database {
  members: MembersTable;
  events: EventsTable;
  conversation_months: ConversationMonthsTable;
  threads: ThreadsTable;
  playbooks: PlaybooksTable;
  counters: CountersTable;
  settings: SettingsTable;
  classifier_examples: ClassifierExamplesTable;
  classifier_models: ClassifierModelsTable;
  suggestions: SuggestionsTable;
  monitoring: MonitoringTable;
  mentions: MentionsTable;
  connectors: ConnectorsTable;
  site_health: SiteHealthTable;
}

export type Db = Kysely<Database>;

/** A text a person labelled (issue 13). */
export interface ClassifierExamplesTable {
  id: string;
  text: string;
  category: string;
  polarity: string | null;
  suggested_category: string | null;
  source: string;
  member_id: string;
  labelled_at: string;
  received_at: string;
}

/** One training run of the classifier; `model` is the published model file as JSON. */
export interface ClassifierModelsTable {
  version: string;
  created_at: string;
  created_by: string;
  published: number;
  reason: string;
  examples: number;
  team_examples: number;
  evaluation: string;
  baseline: string;
  model: string | null;
  /** The verdict's figures as JSON (`ModelVerdictSchema`); null for runs before migration 015. */
  verdict: string | null;
}

/** One failed check the member's extension reported (issue 14); see migration 005. */
export interface SiteHealthTable {
  member_id: string;
  platform: string;
  page: string;
  check_id: string;
  signal: string;
  /** JSON array of what may not be counted. */
  affects: string;
  detail: string | null;
  /** JSON array of key paths, or null. */
  shape: string | null;
  first_seen: string;
  last_seen: string;
  ok_at: string | null;
  version: string;
  count: number;
  received_at: string;
}
