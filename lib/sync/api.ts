import { z } from 'zod';
import {
  ErrorBodySchema,
  type EventsBatchRequest,
  EventsBatchResponseSchema,
  MeResponseSchema,
  PlaybooksDocumentSchema,
  TeamActivityResponseSchema,
  TeamStatusResponseSchema,
  ThreadsListResponseSchema,
  type ValidationIssue,
  ValidationIssueSchema,
} from '../schemas/api';
import { type ExamplesPostRequest, ExamplesPostResponseSchema } from '../schemas/classifier';
import {
  type HealthUploadRequest,
  HealthUploadResponseSchema,
  TeamHealthResponseSchema,
} from '../schemas/health';
import {
  MentionAlertsResponseSchema,
  type MentionsUploadRequest,
  MentionsUploadResponseSchema,
  QueueResponseSchema,
} from '../schemas/mention';
import { MonitoringDocumentSchema, type MonitoringSettings } from '../schemas/monitoring';
import type { PlaybookContent } from '../schemas/playbook';
import {
  DismissSuggestionResponseSchema,
  type NewSuggestion,
  SuggestionSchema,
  SuggestionsListResponseSchema,
} from '../schemas/suggestion';
import { type NewTrackedThread, type ThreadPatch, TrackedThreadSchema } from '../schemas/thread';
import { type FetchLike, segment, teamServer, withJson } from './client';

export type { FetchLike };

/**
 * A call (answer and body) that takes longer fails as "network": a hanging server must not hold the
 * sync lock until the service worker dies.
 */
export const REQUEST_TIMEOUT_MS = 30_000;

/** Every way a call can fail, in the terms the engine acts on. */
export type ApiFailure =
  | { kind: 'network'; message: string; timedOut?: boolean }
  | { kind: 'server'; status: number; message: string }
  | { kind: 'rate-limited'; retryAfterMs: number; message: string }
  | { kind: 'unauthorized'; code: string; message: string }
  | { kind: 'forbidden'; message: string }
  | { kind: 'not-found'; message: string }
  | { kind: 'conflict'; message: string; details: unknown }
  | { kind: 'too-large'; message: string }
  | { kind: 'bad-request'; message: string; issues: ValidationIssue[] }
  | { kind: 'not-reply-tracker'; message: string };

export type ApiResult<T> = { ok: true; data: T; etag?: string } | { ok: false; error: ApiFailure };
/** A conditional GET may also say "nothing changed". */
export type CachedResult<T> = ApiResult<T> | { ok: true; notModified: true };

/** `Retry-After` is seconds or an HTTP date; anything else means "a minute", capped at an hour. */
export function parseRetryAfter(header: string | null, now: Date): number {
  const fallback = 60_000;
  if (!header) return fallback;
  const ms = /^\s*\d+\s*$/.test(header) ? Number(header) * 1000 : Date.parse(header) - now.getTime();
  if (!Number.isFinite(ms)) return fallback;
  return Math.min(Math.max(ms, 1000), 3_600_000);
}

async function readError(res: Response, now: Date): Promise<ApiFailure> {
  let body: z.infer<typeof ErrorBodySchema> | undefined;
  try {
    const parsed = ErrorBodySchema.safeParse(await res.json());
    if (parsed.success) body = parsed.data;
  } catch {
    // Not JSON: a proxy's error page, or not our server at all.
  }
  const message = body?.error.message ?? `HTTP ${res.status} ${res.statusText}`.trim();
  const code = body?.error.code ?? '';
  if (res.status === 429) {
    return {
      kind: 'rate-limited',
      retryAfterMs: parseRetryAfter(res.headers.get('retry-after'), now),
      message,
    };
  }
  if (res.status >= 500) return { kind: 'server', status: res.status, message };
  if (res.status === 401) return { kind: 'unauthorized', code, message };
  if (res.status === 403) return { kind: 'forbidden', message };
  if (res.status === 404) {
    return body ? { kind: 'not-found', message } : { kind: 'not-reply-tracker', message };
  }
  if (res.status === 409) return { kind: 'conflict', message, details: body?.error.details };
  if (res.status === 413) return { kind: 'too-large', message };
  const details = body?.error.details as { issues?: unknown } | undefined;
  const issues = ValidationIssueSchema.array().safeParse(details?.issues);
  return { kind: 'bad-request', message, issues: issues.success ? issues.data : [] };
}

export interface ApiClientOptions {
  serverUrl: string;
  token: string;
  fetch: FetchLike;
  now: () => Date;
  timeoutMs?: number;
}

/** What a call hands hc: headers and init of its own, merged over the client's. */
type CallOptions = { headers?: Record<string, string>; init?: RequestInit };

/**
 * The sync's view of the team server: the typed client (`./client.ts`), each answer checked with the
 * shared schemas and every failure turned into an `ApiFailure`; it never throws.
 */
export function createApiClient({
  serverUrl,
  token,
  fetch,
  now,
  timeoutMs = REQUEST_TIMEOUT_MS,
}: ApiClientOptions) {
  const api = teamServer({ serverUrl, token, fetch });
  const timedOut = (err: unknown) => (err as Error | undefined)?.name === 'TimeoutError';
  const tooSlow = {
    kind: 'network',
    timedOut: true,
    message: `no answer within ${Math.round(timeoutMs / 1000)} s`,
  } as const;
  async function call<S extends z.ZodType>(
    schema: S,
    send: (options: CallOptions) => Promise<Response>,
    opts: { body?: unknown; headers?: Record<string, string> } = {},
  ): Promise<CachedResult<z.infer<S>>> {
    let res: Response;
    // One deadline for the answer and its body: a server may send headers and then stall.
    const signal = AbortSignal.timeout(timeoutMs);
    try {
      const body = opts.body !== undefined ? withJson(opts.body) : undefined;
      res = await send({
        headers: { ...body?.headers, ...opts.headers },
        init: { ...body?.init, signal },
      });
    } catch (err) {
      if (timedOut(err)) return { ok: false, error: tooSlow };
      return { ok: false, error: { kind: 'network', message: (err as Error).message || 'Network error' } };
    }
    if (res.status === 304) return { ok: true, notModified: true };
    if (!res.ok) return { ok: false, error: await readError(res, now()) };
    let json: unknown = null;
    try {
      // 204: nothing to send (no team model yet); the schema decides whether that is an answer.
      if (res.status !== 204) json = await res.json();
    } catch (err) {
      if (timedOut(err) || signal.aborted) return { ok: false, error: tooSlow };
      return { ok: false, error: { kind: 'not-reply-tracker', message: 'The answer was not JSON' } };
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success) {
      return {
        ok: false,
        error: { kind: 'not-reply-tracker', message: 'The answer had an unexpected shape' },
      };
    }
    return {
      ok: true,
      data: parsed.data,
      ...(res.headers.get('etag') ? { etag: res.headers.get('etag')! } : {}),
    };
  }
  // Only conditional GETs can see 304; everything else gets a plain result.
  const plain = async <S extends z.ZodType>(
    ...a: Parameters<typeof call<S>>
  ): Promise<ApiResult<z.infer<S>>> => {
    const r = await call(...a);
    if (r.ok && 'notModified' in r) {
      return { ok: false, error: { kind: 'server', status: 304, message: 'Unexpected 304' } };
    }
    return r;
  };
  const ifNoneMatch = (etag: string | undefined) => (etag ? { headers: { 'If-None-Match': etag } } : {});

  return {
    me: () => plain(MeResponseSchema, (o) => api.me.$get(undefined, o)),
    postEvents: (body: EventsBatchRequest) =>
      plain(EventsBatchResponseSchema, (o) => api.events.$post(undefined, o), { body }),
    threads: (since: string | undefined, etag: string | undefined) =>
      call(
        ThreadsListResponseSchema,
        (o) => api.threads.$get({ query: since ? { since } : {} }, o),
        ifNoneMatch(etag),
      ),
    createThread: (thread: NewTrackedThread) =>
      plain(TrackedThreadSchema, (o) => api.threads.$post(undefined, o), { body: thread }),
    patchThread: (id: string, patch: ThreadPatch) =>
      plain(TrackedThreadSchema, (o) => api.threads[':id'].$patch({ param: { id: segment(id) } }, o), {
        body: patch,
      }),
    playbooks: (etag: string | undefined) =>
      call(PlaybooksDocumentSchema, (o) => api.playbooks.$get(undefined, o), ifNoneMatch(etag)),
    /** `If-Match` makes the server refuse (409) when someone published after `baseVersion`. */
    putPlaybooks: (content: PlaybookContent, baseVersion: number) =>
      plain(PlaybooksDocumentSchema, (o) => api.playbooks.$put(undefined, o), {
        body: { content },
        headers: { 'If-Match': `"${baseVersion}"` },
      }),
    /** The team's published classifier model, or null (204) while the shipped one is in use. */
    classifierModel: (etag: string | undefined) =>
      call(z.unknown().nullable(), (o) => api.classifier.model.$get(undefined, o), ifNoneMatch(etag)),
    postClassifierExamples: (body: ExamplesPostRequest) =>
      plain(ExamplesPostResponseSchema, (o) => api.classifier.examples.$post(undefined, o), { body }),
    teamStatus: () => plain(TeamStatusResponseSchema, (o) => api.team.status.$get(undefined, o)),
    postHealth: (body: HealthUploadRequest) =>
      plain(HealthUploadResponseSchema, (o) => api.me.health.$post(undefined, o), { body }),
    teamHealth: () => plain(TeamHealthResponseSchema, (o) => api.team.health.$get(undefined, o)),
    monitoring: (etag: string | undefined) =>
      call(MonitoringDocumentSchema, (o) => api.monitoring.$get(undefined, o), ifNoneMatch(etag)),
    /** Like playbooks: `If-Match` refuses (409) when someone published after `baseVersion`. */
    putMonitoring: (settings: MonitoringSettings, baseVersion: number) =>
      plain(MonitoringDocumentSchema, (o) => api.monitoring.$put(undefined, o), {
        body: settings,
        headers: { 'If-Match': `"${baseVersion}"` },
      }),
    mentionAlerts: () => plain(MentionAlertsResponseSchema, (o) => api.mentions.alerts.$get(undefined, o)),
    queue: () => plain(QueueResponseSchema, (o) => api.queue.$get(undefined, o)),
    postMentions: (body: MentionsUploadRequest) =>
      plain(MentionsUploadResponseSchema, (o) => api.mentions.$post(undefined, o), { body }),
    teamActivity: (platform: string, ids: readonly string[]) =>
      plain(TeamActivityResponseSchema, (o) =>
        api.activity.$get({ query: { platform, ids: ids.join(',') } }, o),
      ),
    suggest: (suggestion: NewSuggestion) =>
      plain(SuggestionSchema, (o) => api.suggestions.$post(undefined, o), { body: suggestion }),
    suggestions: () => plain(SuggestionsListResponseSchema, (o) => api.suggestions.$get(undefined, o)),
    dismissSuggestion: (id: string) =>
      plain(DismissSuggestionResponseSchema, (o) =>
        api.suggestions[':id'].$delete({ param: { id: segment(id) } }, o),
      ),
  };
}
export type ApiClient = ReturnType<typeof createApiClient>;
