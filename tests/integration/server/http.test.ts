// @vitest-environment node
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventsBatchResponse, NewMemberResponse, ThreadsListResponse } from '../../../lib/schemas/api';
import type { TrackedThread } from '../../../lib/schemas/thread';
import { type RunningServer, startServer } from '../../../server/server';
import { backends, makeEvent, makeThread, parseCsv, type TestDatabase } from './helpers';

/** The real thing: a listening server on a free port, spoken to over HTTP like the extension does. */
describe.each(backends)('the server over HTTP on $name', (backend) => {
  let database: TestDatabase;
  let server: RunningServer;
  const log: string[] = [];
  const tokens: Record<string, string> = {};

  const start = () =>
    startServer({
      database: database.target,
      schema: database.schema,
      port: 0,
      host: '127.0.0.1',
      rateLimit: false,
      log: (line) => log.push(line),
    });

  const call = async (
    token: string | undefined,
    method: string,
    path: string,
    body?: unknown,
    headers = {},
  ) =>
    fetch(`${server.url}/api/v1${path}`, {
      method,
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });

  beforeAll(async () => {
    database = await backend.open({ migrate: false });
    server = await start();
  });
  afterAll(async () => {
    await server.close();
    await database.cleanup();
  });

  it('prints the first lead token once, with how to use it', async () => {
    const at = log.findIndex((l) => l.includes('"admin" (lead)'));
    expect(at).toBeGreaterThanOrEqual(0);
    const token = log[at + 1]!;
    expect(token).toBe(server.adminToken);
    expect(log[at + 2]).toContain(`Server URL to ${server.url}`);
    expect((await call(undefined, 'GET', '/health').then((r) => r.json())) as unknown).toEqual({
      ok: true,
      db: 'ok',
    });
    expect(await (await call(token, 'GET', '/me')).json()).toMatchObject({ name: 'admin', role: 'lead' });
    tokens.admin = token;
  });

  it('lets the admin add the team', async () => {
    for (const [name, role] of [
      ['amber', 'ambassador'],
      ['mona', 'manager'],
    ] as const) {
      const res = await call(tokens.admin, 'POST', '/members', { name, role });
      expect(res.status).toBe(201);
      tokens[name] = ((await res.json()) as NewMemberResponse).token;
    }
  });

  it("shows a manager's tracked thread to an ambassador, cheaply on the next poll", async () => {
    const created = await call(tokens.mona, 'POST', '/threads', makeThread({ category: 'trust_doubt' }));
    expect(created.status).toBe(201);
    const thread = (await created.json()) as TrackedThread;
    const first = await call(tokens.amber, 'GET', '/threads');
    const list = (await first.json()) as ThreadsListResponse;
    expect(list.threads.map((t) => t.canonicalId)).toEqual([thread.canonicalId]);
    const again = await call(tokens.amber, 'GET', '/threads', undefined, {
      'if-none-match': first.headers.get('etag')!,
    });
    expect(again.status).toBe(304);
  });

  it('takes a logged like and reply once, and the lead finds them in the export', async () => {
    const events = [
      makeEvent({ action: 'like' }),
      makeEvent({ action: 'reply', replyText: 'Had this too, "Verify" in settings fixed it, took 2 min 👍' }),
    ];
    const sent = await call(tokens.amber, 'POST', '/events', { events, client: { pending: 0 } });
    expect(((await sent.json()) as EventsBatchResponse).accepted).toHaveLength(2);
    // The service worker died before it saw the answer: the resend is harmless.
    const resent = await call(tokens.amber, 'POST', '/events', { events });
    expect(((await resent.json()) as EventsBatchResponse).duplicates).toHaveLength(2);

    const csv = await call(tokens.admin, 'GET', '/export?format=csv');
    const rows = parseCsv(await csv.text());
    expect(rows).toHaveLength(3);
    expect(rows.slice(1).map((r) => [r[1], r[3]])).toEqual(
      expect.arrayContaining([
        ['amber', 'like'],
        ['amber', 'reply'],
      ]),
    );
    expect(rows.flat()).toContain(events[1]!.replyText);
  });

  it('refuses bodies over 1 MB, whether declared or streamed in chunks', async () => {
    const big = JSON.stringify({
      events: [makeEvent({ replyText: 'x'.repeat(10_000) })],
      pad: 'y'.repeat(1_100_000),
    });
    const empty = await call(tokens.amber, 'POST', '/events', undefined, {
      'content-type': 'application/json',
    });
    expect(empty.status).toBe(400); // no body at all: not JSON, yet nothing breaks
    const withLength = await fetch(`${server.url}/api/v1/events`, {
      method: 'POST',
      headers: { authorization: `Bearer ${tokens.amber}`, 'content-type': 'application/json' },
      body: big,
    });
    expect(withLength.status).toBe(413);
    const bytes = new TextEncoder().encode(big);
    const chunked = await fetch(`${server.url}/api/v1/events`, {
      method: 'POST',
      headers: { authorization: `Bearer ${tokens.amber}`, 'content-type': 'application/json' },
      body: new ReadableStream<Uint8Array>({
        start(controller) {
          for (let i = 0; i < bytes.length; i += 64 * 1024) controller.enqueue(bytes.slice(i, i + 64 * 1024));
          controller.close();
        },
      }),
      duplex: 'half',
    } as RequestInit);
    expect(chunked.status).toBe(413);
    expect(((await chunked.json()) as { error: { code: string } }).error.code).toBe('payload_too_large');
  });

  it('answers CORS only for extension origins by default', async () => {
    const preflight = (origin: string) =>
      fetch(`${server.url}/api/v1/events`, {
        method: 'OPTIONS',
        headers: {
          origin,
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'authorization,content-type',
        },
      });
    const ext = await preflight('chrome-extension://abcdefghijklmnopabcdefghijklmnop');
    expect(ext.headers.get('access-control-allow-origin')).toBe(
      'chrome-extension://abcdefghijklmnopabcdefghijklmnop',
    );
    expect(ext.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('authorization');
    const web = await preflight('https://evil.example');
    expect(web.headers.get('access-control-allow-origin')).toBeNull();
    // Errors carry the header too, or the extension could not read why it failed.
    const denied = await call(undefined, 'GET', '/me', undefined, { origin: 'moz-extension://1234-abcd' });
    expect(denied.status).toBe(401);
    expect(denied.headers.get('access-control-allow-origin')).toBe('moz-extension://1234-abcd');
  });

  it('does not create another admin on restart', async () => {
    await server.close();
    log.length = 0;
    server = await start();
    expect(server.adminToken).toBeUndefined();
    expect(log.join('\n')).not.toContain('"admin"');
    expect((await call(tokens.amber, 'GET', '/me')).status).toBe(200);
  });

  // Last: it leaves 127.0.0.1 blocked for a minute on this server.
  it('slows token guessing down per address over a real socket: the 11th failure is a 429', async () => {
    const guesses = [];
    for (let i = 0; i < 10; i++) guesses.push((await call(`rt_${'x'.repeat(43)}`, 'GET', '/me')).status);
    expect(guesses).toEqual(Array(10).fill(401));
    const blocked = await call(`rt_${'x'.repeat(43)}`, 'GET', '/me');
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
  });
});
