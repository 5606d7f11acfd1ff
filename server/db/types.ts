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

export interface Database {
  members: MembersTable;
  events: EventsTable;
  threads: ThreadsTable;
  playbooks: PlaybooksTable;
  counters: CountersTable;
  settings: SettingsTable;
  classifier_examples: ClassifierExamplesTable;
  classifier_models: ClassifierModelsTable;
  suggestions: SuggestionsTable;
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
}
