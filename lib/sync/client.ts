import { hc } from 'hono/client';
import type { ApiRoutes } from '../../server/app';
import { API_PREFIX } from '../schemas/api';

export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

export interface TeamServerOptions {
  serverUrl: string;
  token: string;
  fetch: FetchLike;
}

/**
 * The one client for every call to the team server — the background's sync and the dashboard's report,
 * export and inbox alike. It is Hono's RPC client over the server's own route types (`ApiRoutes`, a
 * type-only import: no server code reaches the extension), so a path, a method or a path parameter the
 * server does not have fails to compile. What arrives is still checked with the shared Zod schemas by
 * each caller: the types say what the server means to send, Zod what actually came.
 */
export function teamServer({ serverUrl, token, fetch }: TeamServerOptions) {
  return hc<ApiRoutes>(`${serverUrl}${API_PREFIX}`, {
    // hc hands fetch a Headers object; a plain record is what every fetch (and test double) reads alike.
    fetch: (input: RequestInfo | URL, init?: RequestInit) =>
      fetch(String(input), { ...init, headers: Object.fromEntries(new Headers(init?.headers)) }),
    headers: { Authorization: `Bearer ${token}`, Accept: 'application/json' },
    // Our own revalidation (ETag, `since`) decides freshness, not the HTTP cache.
    init: { cache: 'no-store' },
  });
}
export type TeamServer = ReturnType<typeof teamServer>;

/** A path parameter as it goes into the URL (hc puts it in as given). */
export const segment = (value: string) => encodeURIComponent(value);

/** A query string the callers already build (and test) as URLSearchParams, as hc's `query`. */
export const queryOf = (search: string): Record<string, string> =>
  Object.fromEntries(new URLSearchParams(search));

/**
 * A JSON body for a call. The server's routes read and validate their bodies themselves (with the
 * shared schemas), so hc's types know no body: each caller's own signature types it instead.
 */
export const withJson = (body: unknown) => ({
  headers: { 'Content-Type': 'application/json' },
  init: { body: JSON.stringify(body) },
});
