import type { z } from 'zod';
import type { ServerConnection } from '../reports/services';
import { API_PREFIX, ErrorBodySchema, TeamStatusResponseSchema } from '../schemas/api';
import {
  type Mention,
  type MentionAlertsResponse,
  MentionAlertsResponseSchema,
  type MentionPatch,
  MentionPatchResponseSchema,
  type MentionsBulkResponse,
  MentionsBulkResponseSchema,
  type MentionsListResponse,
  MentionsListResponseSchema,
} from '../schemas/mention';

/** The inbox's filters as the page holds them; each empty value means "any". */
export interface InboxFilters {
  platform: string;
  category: string;
  polarity: string;
  language: string;
  /** `new` by default: the inbox is what still needs a decision. */
  status: string;
  /** Followers or views at least this; 0 means any. */
  minReach: number;
  /** Posted within this many hours; 0 means any age. */
  maxAgeHours: number;
}

export const DEFAULT_INBOX_FILTERS: InboxFilters = {
  platform: '',
  category: '',
  polarity: '',
  language: '',
  status: 'new',
  minReach: 0,
  maxAgeHours: 0,
};

/** The `GET /mentions` query for the filters. */
export function inboxSearch(f: InboxFilters, cursor?: string, limit = 50): string {
  const q = new URLSearchParams();
  for (const key of ['platform', 'category', 'polarity', 'language', 'status'] as const) {
    if (f[key]) q.set(key, f[key]);
  }
  if (f.minReach > 0) q.set('minReach', String(f.minReach));
  if (f.maxAgeHours > 0) q.set('maxAgeHours', String(f.maxAgeHours));
  if (cursor) q.set('cursor', cursor);
  q.set('limit', String(limit));
  return q.toString();
}

/** Everything the inbox needs from the team server; tests pass fakes. */
export interface InboxServices {
  list(filters: InboxFilters, cursor?: string): Promise<MentionsListResponse>;
  patch(id: string, patch: MentionPatch): Promise<Mention>;
  bulk(ids: string[], patch: MentionPatch): Promise<MentionsBulkResponse>;
  alerts(): Promise<MentionAlertsResponse>;
  /** Who a mention can be assigned to (active members' names). */
  members(): Promise<string[]>;
}

export class InboxError extends Error {
  override name = 'InboxError';
}

/** Talks to the team server from the dashboard page, as the report does (lib/reports/services.ts). */
export function createServerInboxServices(opts: {
  connection: () => Promise<ServerConnection | undefined>;
  fetch: typeof fetch;
}): InboxServices {
  const call = async <S extends z.ZodType>(schema: S, path: string, init: RequestInit = {}) => {
    const c = await opts.connection();
    if (!c) throw new InboxError('Not connected to a team server. Connect in Reply Tracker’s options first.');
    let res: Response;
    try {
      res = await opts.fetch(`${c.serverUrl}${API_PREFIX}${path}`, {
        ...init,
        headers: {
          Authorization: `Bearer ${c.token}`,
          Accept: 'application/json',
          ...(init.body ? { 'Content-Type': 'application/json' } : {}),
        },
        cache: 'no-store',
      });
    } catch {
      throw new InboxError(`The team server at ${c.serverUrl} cannot be reached. Nothing was changed.`);
    }
    const json = await res.json().catch(() => null);
    if (!res.ok) {
      const body = ErrorBodySchema.safeParse(json);
      const msg = body.success ? body.data.error.message : `HTTP ${res.status}`;
      throw new InboxError(res.status === 403 ? `The inbox is for managers and leads. ${msg}` : msg);
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success)
      throw new InboxError('The team server answered in a shape this version does not read.');
    return parsed.data as z.infer<S>;
  };
  const send = (method: string, body: unknown): RequestInit => ({ method, body: JSON.stringify(body) });
  return {
    list: (filters, cursor) => call(MentionsListResponseSchema, `/mentions?${inboxSearch(filters, cursor)}`),
    patch: async (id, patch) =>
      (await call(MentionPatchResponseSchema, `/mentions/${encodeURIComponent(id)}`, send('PATCH', patch)))
        .mention,
    bulk: (ids, patch) => call(MentionsBulkResponseSchema, '/mentions/bulk', send('POST', { ids, patch })),
    alerts: () => call(MentionAlertsResponseSchema, '/mentions/alerts'),
    members: async () =>
      (await call(TeamStatusResponseSchema, '/team/status')).members.map((m) => m.name).sort(),
  };
}
