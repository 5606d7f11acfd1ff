import type { z } from 'zod';
import type { ServerConnection } from '../reports/services';
import { ErrorBodySchema, TeamStatusResponseSchema } from '../schemas/api';
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
import { queryOf, segment, type TeamServer, teamServer, withJson } from '../sync/client';

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

/** Talks to the team server from the dashboard page through the one typed client (`lib/sync/client.ts`). */
export function createServerInboxServices(opts: {
  connection: () => Promise<ServerConnection | undefined>;
  fetch: typeof fetch;
}): InboxServices {
  const call = async <S extends z.ZodType>(schema: S, send: (api: TeamServer) => Promise<Response>) => {
    const c = await opts.connection();
    if (!c) throw new InboxError('Not connected to a team server. Connect in Reply Tracker’s options first.');
    let res: Response;
    try {
      res = await send(teamServer({ serverUrl: c.serverUrl, token: c.token, fetch: opts.fetch }));
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
  return {
    list: (filters, cursor) =>
      call(MentionsListResponseSchema, (api) =>
        api.mentions.$get({ query: queryOf(inboxSearch(filters, cursor)) }),
      ),
    patch: async (id, patch) =>
      (
        await call(MentionPatchResponseSchema, (api) =>
          api.mentions[':id'].$patch({ param: { id: segment(id) } }, withJson(patch)),
        )
      ).mention,
    bulk: (ids, patch) =>
      call(MentionsBulkResponseSchema, (api) => api.mentions.bulk.$post(undefined, withJson({ ids, patch }))),
    alerts: () => call(MentionAlertsResponseSchema, (api) => api.mentions.alerts.$get()),
    members: async () =>
      (await call(TeamStatusResponseSchema, (api) => api.team.status.$get())).members
        .map((m) => m.name)
        .sort(),
  };
}
