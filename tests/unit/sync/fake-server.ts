import type { ActivityEvent } from '../../../lib/schemas/event';
import type { TrackedThread } from '../../../lib/schemas/thread';

export interface Call {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: unknown;
}

type Answer = Response | 'network-error' | 'hang';

/**
 * A scripted team server for the sync engine: it keeps events by id like the real one, and a test
 * can queue one-off answers (a 429, a 500, a dropped connection) for the next calls to a route.
 */
export function fakeServer(opts: { role?: 'ambassador' | 'manager' | 'lead'; name?: string } = {}) {
  const calls: Call[] = [];
  const stored = new Map<string, ActivityEvent>();
  const threads: TrackedThread[] = [];
  let seq = 0;
  const overrides = new Map<string, Array<Answer | ((call: Call) => Answer | undefined)>>();
  const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
    new Response(JSON.stringify(body), {
      status,
      headers: { 'Content-Type': 'application/json', ...headers },
    });
  const error = (status: number, code: string, message: string, details?: unknown) =>
    json(status, { error: { code, message, ...(details !== undefined ? { details } : {}) } });

  function answer(call: Call): Answer {
    const key = `${call.method} ${call.path.split('?')[0]}`;
    const queue = overrides.get(key);
    const next = queue?.shift();
    if (next) {
      const a = typeof next === 'function' ? next(call) : next;
      if (a) return a;
    }
    switch (key) {
      case 'GET /api/v1/me':
        return call.headers.authorization === 'Bearer rt_good'
          ? json(200, {
              name: opts.name ?? 'amber',
              role: opts.role ?? 'ambassador',
              serverTime: new Date().toISOString(),
            })
          : error(401, 'invalid_token', 'Unknown access token');
      case 'POST /api/v1/events': {
        const { events } = call.body as { events: ActivityEvent[] };
        const accepted: string[] = [];
        const duplicates: string[] = [];
        for (const e of events) {
          if (stored.has(e.id)) duplicates.push(e.id);
          else {
            stored.set(e.id, e);
            accepted.push(e.id);
          }
        }
        return json(200, { accepted, duplicates });
      }
      case 'GET /api/v1/threads': {
        const etag = `"threads-${seq}"`;
        if (call.headers['if-none-match'] === etag) return new Response(null, { status: 304 });
        return json(200, { threads, cursor: String(seq) }, { ETag: etag });
      }
      case 'GET /api/v1/playbooks':
        return json(200, {
          version: 0,
          updatedAt: '1970-01-01T00:00:00.000Z',
          updatedBy: 'system',
          content: {},
        });
      default:
        return error(404, 'not_found', `No route for ${key}`);
    }
  }

  const fetch = async (input: string, init: RequestInit = {}): Promise<Response> => {
    const url = new URL(input);
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries((init.headers ?? {}) as Record<string, string>))
      headers[k.toLowerCase()] = v;
    const call: Call = {
      method: init.method ?? 'GET',
      path: url.pathname + url.search,
      headers,
      body: typeof init.body === 'string' ? JSON.parse(init.body) : undefined,
    };
    calls.push(call);
    const a = answer(call);
    if (a === 'network-error') throw new TypeError('Failed to fetch');
    // The request reached the server (it stored the batch) but the worker died before the answer.
    // It never answers; only the client's own deadline (its AbortSignal) ends the wait.
    if (a === 'hang')
      return new Promise<Response>((_, reject) =>
        init.signal?.addEventListener('abort', () => reject(init.signal?.reason)),
      );
    return a;
  };

  return {
    fetch,
    calls,
    stored,
    threads,
    json,
    error,
    /** The next call(s) to `METHOD /path` get these answers instead of the normal one. */
    next(route: string, ...answers: Array<Answer | ((call: Call) => Answer | undefined)>) {
      overrides.set(route, [...(overrides.get(route) ?? []), ...answers]);
    },
    addThread(t: TrackedThread) {
      threads.push(t);
      seq++;
    },
    posts: () => calls.filter((c) => c.method === 'POST' && c.path === '/api/v1/events'),
  };
}
export type FakeServer = ReturnType<typeof fakeServer>;
