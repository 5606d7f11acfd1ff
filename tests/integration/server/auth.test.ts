// @vitest-environment node
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_PLAYBOOKS } from '../../../lib/playbooks/defaults';
import { addMember } from '../../../server/core/members';
import { backends, makeThread, setupApi, type TestApi, uniqueName, type Who } from './helpers';

const WHO: Who[] = ['none', 'bad', 'revoked', 'ambassador', 'manager', 'lead'];
const RANK = { ambassador: 0, manager: 1, lead: 2 } as const;

interface Endpoint {
  method: string;
  route: string;
  /** Built per request, because some calls consume what they act on (a member to revoke). */
  path: (api: TestApi) => Promise<string> | string;
  body?: () => unknown;
  /** `public` for no auth at all. */
  minRole: 'public' | keyof typeof RANK;
  ok: number;
}

let threadId = '';
const ENDPOINTS: Endpoint[] = [
  { route: '/health', method: 'GET', path: () => '/health', minRole: 'public', ok: 200 },
  { route: '/me', method: 'GET', path: () => '/me', minRole: 'ambassador', ok: 200 },
  {
    route: '/events',
    method: 'POST',
    path: () => '/events',
    body: () => ({ events: [] }),
    minRole: 'ambassador',
    ok: 200,
  },
  { route: '/threads', method: 'GET', path: () => '/threads', minRole: 'ambassador', ok: 200 },
  {
    route: '/threads',
    method: 'POST',
    path: () => '/threads',
    body: () => makeThread(),
    minRole: 'manager',
    ok: 201,
  },
  {
    route: '/threads/:id',
    method: 'PATCH',
    path: () => `/threads/${threadId}`,
    body: () => ({ note: 'check with support first' }),
    minRole: 'manager',
    ok: 200,
  },
  { route: '/playbooks', method: 'GET', path: () => '/playbooks', minRole: 'ambassador', ok: 200 },
  {
    route: '/playbooks',
    method: 'PUT',
    path: () => '/playbooks',
    body: () => ({ content: DEFAULT_PLAYBOOKS }),
    minRole: 'manager',
    ok: 200,
  },
  { route: '/team/status', method: 'GET', path: () => '/team/status', minRole: 'manager', ok: 200 },
  { route: '/export?format=csv', method: 'GET', path: () => '/export?format=csv', minRole: 'lead', ok: 200 },
  {
    route: '/export?format=json',
    method: 'GET',
    path: () => '/export?format=json',
    minRole: 'lead',
    ok: 200,
  },
  { route: '/members', method: 'GET', path: () => '/members', minRole: 'lead', ok: 200 },
  {
    route: '/members',
    method: 'POST',
    path: () => '/members',
    body: () => ({ name: uniqueName('new'), role: 'ambassador' }),
    minRole: 'lead',
    ok: 201,
  },
  {
    route: '/members/:name/revoke',
    method: 'POST',
    path: async (api) => `/members/${await throwaway(api)}/revoke`,
    minRole: 'lead',
    ok: 200,
  },
  {
    route: '/members/:name',
    method: 'DELETE',
    path: async (api) => `/members/${await throwaway(api)}`,
    minRole: 'lead',
    ok: 200,
  },
];

async function throwaway(api: TestApi): Promise<string> {
  const name = uniqueName('temp');
  await addMember(api.db, { name, role: 'ambassador' }, api.clock.read());
  return name;
}

function expected(e: Endpoint, who: Who): number {
  if (e.minRole === 'public') return e.ok;
  if (who === 'none' || who === 'bad' || who === 'revoked') return 401;
  return RANK[who] >= RANK[e.minRole] ? e.ok : 403;
}

const CASES = ENDPOINTS.flatMap((e) => WHO.map((who) => ({ e, who })));

describe.each(backends)('auth matrix on $name', (backend) => {
  let api: TestApi;
  beforeAll(async () => {
    api = await setupApi(backend);
    const created = await api.json<{ id: string }>('POST', '/threads', { as: 'manager', body: makeThread() });
    threadId = created.body.id;
  });
  afterAll(() => api.cleanup());

  it.each(CASES)('$e.method $e.route as $who', async ({ e, who }) => {
    const path = await e.path(api);
    const res = await api.req(e.method, path, { as: who, body: e.body?.() });
    const want = expected(e, who);
    const text = await res.text();
    expect(res.status, `${e.method} ${path} as ${who}: ${text}`).toBe(want);
    if (want === 401 || want === 403) {
      const code = JSON.parse(text).error.code;
      const codes = { none: 'missing_token', bad: 'invalid_token', revoked: 'token_revoked' } as const;
      expect(code).toBe(want === 403 ? 'forbidden' : codes[who as keyof typeof codes]);
    }
  });

  it('rejects a malformed Authorization header and unknown routes as JSON errors', async () => {
    const res = await api.req('GET', '/me', { as: 'none', headers: { authorization: 'Basic abc' } });
    expect(res.status).toBe(401);
    const missing = await api.json<{ error: { code: string } }>('GET', `/nope/${randomUUID()}`, {
      as: 'lead',
    });
    expect(missing).toMatchObject({ status: 404, body: { error: { code: 'not_found' } } });
  });

  it('tells a member who they are', async () => {
    const me = await api.json('GET', '/me', { as: 'manager' });
    expect(me).toEqual({
      status: 200,
      body: { name: 'mona', role: 'manager', serverTime: '2026-11-20T12:00:00.000Z' },
    });
  });
});
