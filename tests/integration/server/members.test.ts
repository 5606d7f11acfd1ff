// @vitest-environment node
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MembersListResponse, NewMemberResponse } from '../../../lib/schemas/api';
import { AccessTokenSchema } from '../../../lib/schemas/member';
import { hashToken } from '../../../server/core/members';
import { backends, setupApi, type TestApi } from './helpers';

describe.each(backends)('member management API on $name', (backend) => {
  let api: TestApi;
  beforeEach(async () => {
    api = await setupApi(backend);
  });
  afterEach(() => api.cleanup());

  it('lets a lead add a member whose token works at once and is stored only as a hash', async () => {
    const res = await api.json<NewMemberResponse>('POST', '/members', {
      as: 'lead',
      body: { name: 'nadia', role: 'ambassador' },
    });
    expect(res.status).toBe(201);
    expect(res.body.member).toEqual({
      name: 'nadia',
      role: 'ambassador',
      createdAt: '2026-11-20T12:00:00.000Z',
    });
    expect(AccessTokenSchema.safeParse(res.body.token).success).toBe(true);
    expect((await api.json('GET', '/me', { as: res.body.token })).body).toMatchObject({ name: 'nadia' });

    const stored = await api.db
      .selectFrom('members')
      .selectAll()
      .where('name', '=', 'nadia')
      .executeTakeFirstOrThrow();
    expect(stored.token_hash).toBe(hashToken(res.body.token));
    expect(JSON.stringify(stored)).not.toContain(res.body.token);
  });

  it('refuses a duplicate or invalid name and an unknown role', async () => {
    expect(
      (await api.req('POST', '/members', { as: 'lead', body: { name: 'amber', role: 'lead' } })).status,
    ).toBe(409);
    expect(
      (await api.req('POST', '/members', { as: 'lead', body: { name: 'a b', role: 'lead' } })).status,
    ).toBe(400);
    expect(
      (await api.req('POST', '/members', { as: 'lead', body: { name: 'x', role: 'owner' } })).status,
    ).toBe(400);
  });

  it('revokes a token for good, and the name can be given a new one', async () => {
    const revoked = await api.json<{ member: { revokedAt: string } }>('POST', '/members/amber/revoke', {
      as: 'lead',
    });
    expect(revoked.body.member.revokedAt).toBe('2026-11-20T12:00:00.000Z');
    const old = await api.json<{ error: { code: string } }>('GET', '/me', { as: 'ambassador' });
    expect(old).toMatchObject({ status: 401, body: { error: { code: 'token_revoked' } } });
    expect((await api.req('POST', '/members/amber/revoke', { as: 'lead' })).status).toBe(404);

    const again = await api.json<NewMemberResponse>('POST', '/members', {
      as: 'lead',
      body: { name: 'amber', role: 'ambassador' },
    });
    expect(again.status).toBe(201);
    expect((await api.req('GET', '/me', { as: again.body.token })).status).toBe(200);
    const list = await api.json<MembersListResponse>('GET', '/members', { as: 'lead' });
    expect(list.body.members.filter((m) => m.name === 'amber').map((m) => Boolean(m.revokedAt))).toEqual([
      true,
      false,
    ]);
  });

  it('will not revoke the last lead through the API', async () => {
    const res = await api.json<{ error: { code: string } }>('DELETE', '/members/leo', { as: 'lead' });
    expect(res).toMatchObject({ status: 409, body: { error: { code: 'conflict' } } });
  });
});
